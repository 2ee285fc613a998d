// Revocation (RFC 5280 6.3, RFC 6960) of one certificate from the CRLs and OCSP responses at
// hand, whatever brought them (fetched from a CDP or a responder, stapled, given on the command
// line, or an x509-limbo testcase): path validation (chain_validator) and the revocation status
// a report shows read the same evaluation, so a conformance case and a live CRL take one road.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "uccert/pki/certificate.h"
#include "uccert/pki/certificate_revocation_list.h"
#include "uccert/pki/ocsp_response.h"

namespace uccert::verify {

// What one CRL says about one certificate.
struct CrlEvaluation {
  bool signature_valid = false;        // `issuer`'s key verifies the CRL
  bool issuer_lacks_crl_sign = false;  // the issuer has keyUsage without cRLSign (6.3.3 f)
  bool number_missing = false;         // no cRLNumber (5.2.3)
  bool number_critical = false;
  std::vector<std::string> unknown_critical;  // critical extensions not understood: unusable
  bool stale = false;                         // `at` is past nextUpdate
  std::optional<pki::RevokedEntry> listed;    // the entry listing the certificate
  // Signed by the issuer, with cRLSign, and no unknown critical extension.
  bool usable() const { return signature_valid && !issuer_lacks_crl_sign && unknown_critical.empty(); }
};

// Whether `crl` is about certificates of `cert`'s issuer (by name); the rest is evaluated only
// for those.
bool crl_names_issuer_of(const pki::CertificateRevocationList& crl, const pki::Certificate& cert);
CrlEvaluation evaluate_crl(const pki::CertificateRevocationList& crl, const pki::Certificate& cert,
                           const pki::Certificate& issuer, pki::UnixTime at);

enum class RevocationState {
  kNotChecked,  // no CRL or OCSP response about it at hand
  kGood,
  kRevoked,
  kUnknown,  // data at hand, none of it usable: `why`
};
std::string_view to_string(RevocationState state);  // "not-checked", "good", "revoked", "unknown"

struct RevocationStatus {
  RevocationState state = RevocationState::kNotChecked;
  std::string source;  // "CRL", "OCSP": what decided good or revoked
  pki::UnixTime revoked_at = 0;
  std::string reason;  // kRevoked: the CRL or OCSP reason ("" when none given)
  std::string why;     // kUnknown: "the CRL is past its nextUpdate 2026-05-01T00:00:00Z", ...
};

RevocationStatus revocation_status(const pki::Certificate& cert, const pki::Certificate& issuer,
                                   const std::vector<pki::CrlPtr>& crls, const std::vector<pki::OcspPtr>& ocsp,
                                   pki::UnixTime at);

}  // namespace uccert::verify
