// The decoded, immutable view of one X.509 CRL (RFC 5280 section 5), as far as path validation
// needs it: issuer, validity, CRL number, and whether a given certificate is listed.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "uccert/pki/certificate.h"
#include "uccert/pki/error.h"

namespace uccert::pki {

// One entry of a CRL: when the certificate was revoked and why (RFC 5280 5.3.1).
struct RevokedEntry {
  UnixTime revoked_at = 0;
  std::string reason;  // "keyCompromise", "superseded", ...; "" when the entry gives none
};

// The text of a CRLReason / OCSP revocationReason code (RFC 5280 5.3.1); "" for an unknown code.
std::string revocation_reason_text(long code);

class CertificateRevocationList {
 public:
  static Result<std::shared_ptr<const CertificateRevocationList>> from_der(std::span<const std::uint8_t> der);
  // DER, or PEM ("-----BEGIN X509 CRL-----"), as CAs publish them and administrators copy them.
  static Result<std::shared_ptr<const CertificateRevocationList>> from_bytes(std::span<const std::uint8_t> data);
  ~CertificateRevocationList();
  CertificateRevocationList(const CertificateRevocationList&) = delete;
  CertificateRevocationList& operator=(const CertificateRevocationList&) = delete;

  DistinguishedName issuer;
  UnixTime this_update = 0;
  std::optional<UnixTime> next_update;
  bool has_crl_number = false;
  bool crl_number_critical = false;
  std::vector<std::string> unknown_critical_extensions;  // dotted OIDs
  std::size_t revoked_count = 0;
  std::size_t der_size = 0;  // bytes of the DER encoding

  // True when `cert` (issued by this CRL's issuer) is listed as revoked.
  bool lists(const Certificate& cert) const;
  // The entry listing `cert`, when it is listed (removeFromCRL entries are not).
  std::optional<RevokedEntry> entry_for(const Certificate& cert) const;
  // Whether `issuer_cert`'s key verifies this CRL's signature.
  SignatureCheck verify_signature(const Certificate& issuer_cert) const;

 private:
  CertificateRevocationList();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

using CrlPtr = std::shared_ptr<const CertificateRevocationList>;

}  // namespace uccert::pki
