// Extensions UC deployments rely on: a CRL distribution point on every server certificate
// (G-02, K-07), normally an HTTP URL that Edge (TCP 80) and clients can fetch (G-03).
#include <string>

#include <fmt/format.h>

#include "uccert/rules/fix_text.h"
#include "uccert/rules/registry.h"

namespace uccert::rules {

namespace {

bool has_chain(const RuleContext& ctx) { return !ctx.evidence.chain.empty(); }

void check_cdp(const RuleContext& ctx, const ProfileView& /*v*/, Emitter& e) {
  const auto& leaf = *ctx.evidence.chain[0];
  if (leaf.self_signed || !leaf.crl_distribution_points.empty()) return;
  Finding f;
  f.message = fmt::format("The certificate {} has no CRL distribution point, so clients and servers cannot check "
                          "whether it was revoked",
                          fix::describe(leaf));
  f.fix = "Add an HTTP CRL distribution point to the issuing CA's extensions (CA properties > Extensions, or certutil "
          "-setreg CA\\CRLPublicationURLs ...; restart certsvc), publish the CRL where Edge (outbound TCP 80) and "
          "clients reach it, then re-issue and re-assign the certificate (Request-CsCertificate, Set-CsCertificate).";
  f.cert_index = 0;
  e.emit_per_client(std::move(f));
}

std::optional<Severity> by_cdp_expected(const profiles::ClientProfile& p) {
  return p.cdp_expected ? Severity::kWarn : Severity::kInfo;
}

const Rule kRules[] = {
    {{"ext.no-crl-distribution-point", "Every UC server certificate has at least one CRL distribution point",
      Severity::kWarn,
      "clients whose profile says cdp_expected: Lync, Skype for Business and OCS clients and servers (warn); "
      "others (information)",
      by_cdp_expected, "G-02; K-07; G-03",
      "Add an HTTP CDP to the CA's extensions, publish the CRL, re-issue the certificate.", {}},
     has_chain, check_cdp},
};

}  // namespace

std::span<const Rule> ext_rules() { return kRules; }

}  // namespace uccert::rules
