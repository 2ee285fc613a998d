// A run's memo of the two results the design says must never be computed twice: decoded
// certificates, keyed by the SHA-256 of the DER they were decoded from (an intermediate shared by
// many chains, a root in several trust files), and signature checks, keyed by the subject's and
// the issuer's DER digests. Whoever runs (a check, a scan, a server) owns one and hands it to the
// loaders, verify/ and chain_order; worker threads may share it. Nothing in pki/ or verify/
// keeps a cache of its own: without a pool every call decodes and checks afresh.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "uccert/pki/bounded_cache.h"
#include "uccert/pki/certificate.h"

namespace uccert::pki {

struct CertificatePoolStats {
  std::uint64_t certificate_hits = 0;
  std::uint64_t certificate_misses = 0;
  std::uint64_t signature_hits = 0;
  std::uint64_t signature_misses = 0;
  std::size_t certificates = 0;      // held now
  std::size_t signature_checks = 0;  // held now
};

class CertificatePool {
 public:
  // A decoded certificate is some kilobytes; a signature check a few dozen bytes.
  static constexpr std::size_t kDefaultMaxCertificates = 2048;
  static constexpr std::size_t kDefaultMaxSignatureChecks = 4096;

  // At most this many of each are held; a memo that is full starts again empty (a run that
  // outgrows it loses only speed, never correctness or memory). A bound of 0 keeps nothing.
  explicit CertificatePool(std::size_t max_certificates = kDefaultMaxCertificates,
                           std::size_t max_signature_checks = kDefaultMaxSignatureChecks);
  CertificatePool(const CertificatePool&) = delete;
  CertificatePool& operator=(const CertificatePool&) = delete;

  // The certificate decoded from bytes whose SHA-256 is `der_digest` (raw, 32 bytes), or null.
  CertificatePtr find_certificate(const std::string& der_digest);
  // Keeps `certificate` under `der_digest` unless another thread kept one first; returns the
  // one kept, so every caller of one pool shares one object per DER.
  CertificatePtr keep_certificate(const std::string& der_digest, CertificatePtr certificate);

  // Whether `issuer`'s key verified `subject`'s signature, when already checked through this pool.
  std::optional<SignatureCheck> find_signature(const Certificate& subject, const Certificate& issuer);
  void keep_signature(const Certificate& subject, const Certificate& issuer, const SignatureCheck& result);

  // Forgets every certificate and signature check; the counters keep counting.
  void clear();
  CertificatePoolStats stats() const;

 private:
  BoundedCache<CertificatePtr> certificates_;
  BoundedCache<SignatureCheck> signatures_;
};

}  // namespace uccert::pki
