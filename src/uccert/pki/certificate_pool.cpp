#include "uccert/pki/certificate_pool.h"

#include <utility>

namespace uccert::pki {

namespace {

// SHA-256(subject DER) || SHA-256(issuer DER); empty when either digest is missing (a view
// built without digests is never memoised).
std::string signature_key(const Certificate& subject, const Certificate& issuer) {
  if (subject.der_sha256.size() != 32 || issuer.der_sha256.size() != 32) return {};
  std::string key(subject.der_sha256.begin(), subject.der_sha256.end());
  key.append(issuer.der_sha256.begin(), issuer.der_sha256.end());
  return key;
}

}  // namespace

CertificatePool::CertificatePool(std::size_t max_certificates, std::size_t max_signature_checks)
    : certificates_(max_certificates), signatures_(max_signature_checks) {}

CertificatePtr CertificatePool::find_certificate(const std::string& der_digest) {
  return certificates_.find(der_digest).value_or(nullptr);
}

CertificatePtr CertificatePool::keep_certificate(const std::string& der_digest, CertificatePtr certificate) {
  return certificates_.put_if_absent(der_digest, std::move(certificate));
}

std::optional<SignatureCheck> CertificatePool::find_signature(const Certificate& subject, const Certificate& issuer) {
  const std::string key = signature_key(subject, issuer);
  if (key.empty()) return std::nullopt;
  return signatures_.find(key);
}

void CertificatePool::keep_signature(const Certificate& subject, const Certificate& issuer,
                                     const SignatureCheck& result) {
  const std::string key = signature_key(subject, issuer);
  if (!key.empty()) signatures_.put_if_absent(key, result);
}

void CertificatePool::clear() {
  certificates_.clear();
  signatures_.clear();
}

CertificatePoolStats CertificatePool::stats() const {
  const auto c = certificates_.counts();
  const auto s = signatures_.counts();
  CertificatePoolStats out;
  out.certificate_hits = c.hits;
  out.certificate_misses = c.misses;
  out.certificates = c.size;
  out.signature_hits = s.hits;
  out.signature_misses = s.misses;
  out.signature_checks = s.size;
  return out;
}

}  // namespace uccert::pki
