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

class CertificateRevocationList {
 public:
  static Result<std::shared_ptr<const CertificateRevocationList>> from_der(std::span<const std::uint8_t> der);
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

  // True when `cert` (issued by this CRL's issuer) is listed as revoked.
  bool lists(const Certificate& cert) const;
  // Whether `issuer_cert`'s key verifies this CRL's signature.
  SignatureCheck verify_signature(const Certificate& issuer_cert) const;

 private:
  CertificateRevocationList();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

using CrlPtr = std::shared_ptr<const CertificateRevocationList>;

}  // namespace uccert::pki
