#include "uccert/verify/revocation.h"

#include "uccert/pki/time.h"

namespace uccert::verify {

bool crl_names_issuer_of(const pki::CertificateRevocationList& crl, const pki::Certificate& cert) {
  return crl.issuer.canonical == cert.issuer.canonical;
}

CrlEvaluation evaluate_crl(const pki::CertificateRevocationList& crl, const pki::Certificate& cert,
                           const pki::Certificate& issuer, pki::UnixTime at) {
  CrlEvaluation e;
  e.signature_valid = crl.verify_signature(issuer).valid;
  if (!e.signature_valid) return e;  // another CA of the same name, or a forged list: nothing more to say
  e.issuer_lacks_crl_sign = issuer.key_usage.present && !issuer.key_usage.has(pki::KeyUsageBit::kCrlSign);
  e.number_missing = !crl.has_crl_number;
  e.number_critical = crl.crl_number_critical;
  e.unknown_critical = crl.unknown_critical_extensions;
  e.stale = crl.next_update && at > *crl.next_update;
  e.listed = crl.entry_for(cert);
  return e;
}

std::string_view to_string(RevocationState state) {
  switch (state) {
    case RevocationState::kNotChecked: return "not-checked";
    case RevocationState::kGood: return "good";
    case RevocationState::kRevoked: return "revoked";
    case RevocationState::kUnknown: return "unknown";
  }
  return "not-checked";
}

RevocationStatus revocation_status(const pki::Certificate& cert, const pki::Certificate& issuer,
                                   const std::vector<pki::CrlPtr>& crls, const std::vector<pki::OcspPtr>& ocsp,
                                   pki::UnixTime at) {
  RevocationStatus out;
  bool good = false;
  std::string good_source;
  std::string unknown_why;
  auto unknown = [&](std::string why) {
    if (unknown_why.empty()) unknown_why = std::move(why);
  };
  for (const auto& crl : crls) {
    if (!crl || !crl_names_issuer_of(*crl, cert)) continue;
    const auto e = evaluate_crl(*crl, cert, issuer, at);
    if (!e.signature_valid) {
      unknown("the CRL of " + issuer.subject.text + " does not verify with its key (CRL signature invalid)");
      continue;
    }
    if (!e.usable()) {
      unknown(e.issuer_lacks_crl_sign ? "the CRL's signer lacks cRLSign in its keyUsage"
                                      : "the CRL has a critical extension " + e.unknown_critical.front());
      continue;
    }
    if (e.listed) {
      // A listing counts even on a CRL past its nextUpdate: a revocation is never undone.
      out.state = RevocationState::kRevoked;
      out.source = "CRL";
      out.revoked_at = e.listed->revoked_at;
      out.reason = e.listed->reason;
      return out;
    }
    if (e.stale) {
      unknown("the CRL is past its nextUpdate " + pki::format_time(*crl->next_update) + " (CRL expired)");
      continue;
    }
    good = true;
    good_source = "CRL";
  }
  for (const auto& r : ocsp) {
    if (!r) continue;
    if (!r->successful()) {
      unknown("the OCSP responder answered " + r->response_status + " (OCSP error)");
      continue;
    }
    auto single = r->status_for(cert, issuer);
    if (!single) continue;  // about other certificates
    if (auto sig = r->verify_signature(issuer, at); !sig.valid) {
      unknown(sig.error + " (OCSP error)");
      continue;
    }
    if (single->status == pki::OcspCertStatus::kRevoked) {
      out.state = RevocationState::kRevoked;
      out.source = "OCSP";
      out.revoked_at = single->revoked_at;
      out.reason = single->reason;
      return out;
    }
    if (!pki::ocsp_fresh(*single, at)) {
      unknown("the OCSP response is not current (thisUpdate " + pki::format_time(single->this_update) +
              (single->next_update ? ", nextUpdate " + pki::format_time(*single->next_update) : std::string()) +
              ")");
      continue;
    }
    if (single->status == pki::OcspCertStatus::kUnknown) {
      unknown("the OCSP responder does not know the certificate (status unknown)");
      continue;
    }
    good = true;
    if (good_source.empty()) good_source = "OCSP";
  }
  if (good) {
    out.state = RevocationState::kGood;
    out.source = good_source;
  } else if (!unknown_why.empty()) {
    out.state = RevocationState::kUnknown;
    out.why = std::move(unknown_why);
  }
  return out;
}

}  // namespace uccert::verify
