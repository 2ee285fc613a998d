// Decoding one DER certificate into the immutable Certificate view. uccert's own ASN.1 template
// (certificate_asn1.h) parses it; the steps in certificate_decode.h copy the parts into plain
// values and record what they had to tolerate (DecodeNote ids) so that verify/ can judge it. The
// subject's key is left undecoded until the certificate issues another (public_key_handle), an
// X509 is made only for the code that needs one (x509), and the self-signature is checked only
// when asked (self_signed). Hostile input must never crash: every OpenSSL getter may return null.
#include "uccert/pki/certificate.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <limits>
#include <utility>

#include "uccert/pki/certificate_decode.h"
#include "uccert/pki/certificate_impl.h"
#include "uccert/pki/certificate_pool.h"
#include "uccert/pki/handles.h"
#include "uccert/pki/x509_fields.h"

namespace uccert::pki {

namespace {

using x509_fields::hex_upper;

// The pool's key for `bytes`; empty when the digest fails (then nothing is pooled).
std::string sha256_key(std::span<const std::uint8_t> bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md, &n, EVP_sha256(), nullptr) != 1) {
    ERR_clear_error();
    return {};
  }
  return std::string(reinterpret_cast<const char*>(md), n);
}

void digests(Certificate& c) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(c.der().data(), c.der().size(), md, &n, EVP_sha1(), nullptr) == 1)
    c.sha1_thumbprint = hex_upper(md, n);
  if (EVP_Digest(c.der().data(), c.der().size(), md, &n, EVP_sha256(), nullptr) == 1) {
    c.sha256_thumbprint = hex_upper(md, n);
    c.der_sha256.assign(md, md + n);
  }
  ERR_clear_error();
}

certificate_decode::CertificateParts parts_of(const certificate_asn1::CertificateAsn1& a) {
  certificate_decode::CertificateParts parts;
  const auto* tbs = a.tbs;
  parts.version = ASN1_INTEGER_get(tbs->version);
  parts.serial = tbs->serial;
  parts.tbs_signature = tbs->signature;
  parts.issuer = tbs->issuer;
  parts.not_before = tbs->validity != nullptr ? tbs->validity->notBefore : nullptr;
  parts.not_after = tbs->validity != nullptr ? tbs->validity->notAfter : nullptr;
  parts.subject = tbs->subject;
  parts.extensions = tbs->extensions;
  parts.signature_algorithm = a.signature_algorithm;
  return parts;
}

certificate_decode::CertificateParts parts_of(const X509* x) {
  certificate_decode::CertificateParts parts;
  parts.version = X509_get_version(x);
  parts.serial = X509_get0_serialNumber(x);
  parts.tbs_signature = X509_get0_tbs_sigalg(x);
  parts.issuer = X509_get_issuer_name(x);
  parts.not_before = X509_get0_notBefore(x);
  parts.not_after = X509_get0_notAfter(x);
  parts.subject = X509_get_subject_name(x);
  parts.extensions = X509_get0_extensions(x);
  X509_get0_signature(nullptr, &parts.signature_algorithm, x);
  return parts;
}

}  // namespace

Certificate::Certificate() : impl_(std::make_unique<Impl>()) {}
Certificate::~Certificate() = default;

X509* Certificate::x509() const {
  std::call_once(impl_->x509_once, [this] {
    if (impl_->x509) return;
    const unsigned char* p = der_.data();
    impl_->x509.reset(d2i_X509(nullptr, &p, static_cast<long>(der_.size())));
    if (!impl_->x509) ERR_clear_error();
  });
  return impl_->x509.get();
}

EVP_PKEY* Certificate::public_key_handle() const {
  std::call_once(impl_->key_once, [this] {
    if (impl_->x509_given) {
      // OpenSSL decoded the key with the X509 and keeps it there.
      impl_->key_view = X509_get0_pubkey(impl_->x509.get());
    } else if (!impl_->key && impl_->parsed) {
      const auto spki = certificate_asn1::original_bytes(*impl_->parsed->tbs->public_key_info);
      const unsigned char* p = spki.data();
      if (!spki.empty()) impl_->key.reset(d2i_PUBKEY(nullptr, &p, static_cast<long>(spki.size())));
    }
    if (impl_->key) impl_->key_view = impl_->key.get();
    ERR_clear_error();
  });
  return impl_->key_view;
}

int Certificate::verify_signature_with(EVP_PKEY* key) const {
  if (key == nullptr) return -1;
  if (const auto* a = impl_->parsed.get()) {
    // As X509_verify: both signature algorithms must be the same, then the issuer's key checks
    // the signature over the TBSCertificate exactly as it was encoded.
    if (X509_ALGOR_cmp(a->signature_algorithm, a->tbs->signature) != 0) return 0;
    return ASN1_item_verify_ex(certificate_asn1::tbs_certificate_item(), a->signature_algorithm, a->signature, a->tbs,
                               nullptr, key, nullptr, nullptr);
  }
  X509* x = x509();
  return x != nullptr ? X509_verify(x, key) : -1;
}

bool Certificate::self_signed() const {
  std::call_once(impl_->self_signed_once,
                 [this] { impl_->self_signed = self_issued && verify_signature(*this, *this).valid; });
  return impl_->self_signed;
}

const Extension* Certificate::find_extension(std::string_view oid) const {
  for (const auto& e : extensions)
    if (e.oid == oid) return &e;
  return nullptr;
}

void Certificate::fill_from_x509() {
  using namespace certificate_decode;
  const X509* x = impl_->x509.get();
  const CertificateParts parts = parts_of(x);
  decode_head(*this, parts);
  decode_public_key_of_x509(public_key, x);
  const bool invalid = decode_extensions(*this, parts.extensions, parts.issuer);
  decode_tail(*this, invalid);
  digests(*this);
}

Result<CertificatePtr> Certificate::from_der(std::span<const std::uint8_t> der, CertificatePool* pool) {
  if (der.empty()) return Error{"empty certificate"};
  if (der.size() > static_cast<std::size_t>(std::numeric_limits<long>::max())) return Error{"certificate too large"};
  // The pool is keyed by the bytes given, trailing data included: a copy with trailing bytes
  // keeps its own note.
  const std::string pool_key = pool != nullptr ? sha256_key(der) : std::string();
  if (!pool_key.empty()) {
    if (auto hit = pool->find_certificate(pool_key)) return hit;
  }
  ERR_clear_error();
  std::size_t consumed = 0;
  auto parsed = certificate_asn1::parse(der, consumed);
  if (!parsed) {
    std::string why = drain_openssl_errors();
    return Error{"not a DER X.509 certificate" + (why.empty() ? std::string() : ": " + why)};
  }
  std::shared_ptr<Certificate> c(new Certificate());
  c->der_.assign(der.data(), der.data() + consumed);
  if (consumed != der.size())
    c->decode_notes.push_back(
        {"encoding.trailing-data", std::to_string(der.size() - consumed) + " bytes after the certificate"});
  {
    using namespace certificate_decode;
    const CertificateParts parts = parts_of(*parsed);
    decode_head(*c, parts);
    c->impl_->key = decode_public_key(c->public_key, *parsed->tbs->public_key_info);
    const bool invalid = decode_extensions(*c, parts.extensions, parts.issuer);
    decode_tail(*c, invalid);
    digests(*c);
  }
  c->impl_->parsed = std::move(parsed);
  CertificatePtr out(std::move(c));
  if (!pool_key.empty()) return pool->keep_certificate(pool_key, std::move(out));
  return out;
}

Result<CertificatePtr> Certificate::from_x509(X509* owned, CertificatePool* pool) {
  X509Ptr x(owned);
  if (!x) return Error{"no certificate"};
  Bytes der = x509_fields::i2d_bytes(x.get(), [](const X509* c, unsigned char** o) { return i2d_X509(c, o); });
  if (der.empty()) return Error{"certificate cannot be encoded: " + drain_openssl_errors()};
  const std::string pool_key = pool != nullptr ? sha256_key(der) : std::string();
  if (!pool_key.empty()) {
    if (auto hit = pool->find_certificate(pool_key)) return hit;
  }
  std::shared_ptr<Certificate> c(new Certificate());
  c->der_ = std::move(der);
  c->impl_->x509 = std::move(x);
  c->impl_->x509_given = true;
  c->fill_from_x509();
  CertificatePtr out(std::move(c));
  if (!pool_key.empty()) return pool->keep_certificate(pool_key, std::move(out));
  return out;
}

}  // namespace uccert::pki
