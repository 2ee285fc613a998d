// Exchange Unified Messaging: Lync names a UM peer by the Subject CN of its certificate and never
// reads the SAN (UM-02, UM-07; seed:UM-WILD, S-05/S-06).
#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "uccert/names/match.h"
#include "uccert/rules/fix_text.h"
#include "uccert/rules/registry.h"

namespace uccert::rules {

namespace {

bool has_dialled_name(const RuleContext& ctx) {
  return !ctx.evidence.chain.empty() && ctx.evidence.chain[0] && !ctx.evidence.dialled_name.empty();
}

void check_cn_only(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const auto& j = *v.judgement;
  if (v.profile->name_policy.common_name != names::CommonName::kOnly) return;
  if (!j.name_checked || j.name.matched) return;
  const auto& cert = *ctx.evidence.chain[0];
  const std::string host = j.name.host.empty() ? names::normalise_host(ctx.evidence.dialled_name) : j.name.host;
  const auto dns = fix::dns_names(cert);
  const bool in_san = std::any_of(dns.begin(), dns.end(),
                                  [&](const std::string& n) { return names::normalise_host(n) == host; });
  const std::string cn = cert.subject_common_names.empty() ? std::string() : cert.subject_common_names.front();

  Finding f;
  if (cn.empty()) {
    f.message = fmt::format(
        "The certificate has no Subject CN: Lync names an Exchange UM peer by its CN only, so {} is never found", host);
  } else if (cn.find('*') != std::string::npos) {
    f.message = fmt::format(
        "The Subject CN is the wildcard {}: Lync names an Exchange UM peer by its CN only, and a wildcard is not a "
        "server FQDN (Lync drops the UM server's SIP OPTIONS with \"The peer is not a configured server on this "
        "network interface\": no MWI, no play-on-phone){}",
        cn, in_san ? fmt::format("; {} in the SAN is never read", host) : std::string());
  } else if (in_san) {
    f.message = fmt::format(
        "{} is only in the SAN, which Lync never reads for an Exchange UM peer; the Subject CN is {} (Lync to UM: "
        "SIP 504 ms-diagnostics 1010, CERT_E_CN_NO_MATCH; Exchange: \"Certificate subject name is not valid\")",
        host, cn);
  } else {
    f.message = fmt::format("The Subject CN is {}, not {}: Lync names an Exchange UM peer by its CN only", cn, host);
  }
  f.fix = fmt::format(
      "Bind a UM-only certificate whose Subject CN is exactly {} (no SAN needed) to UM instead of {}:\n{}", host,
      fix::describe(cert),
      fix::reissue_and_assign(fix::destination_for(profiles::Role::kExchangeUm), {host},
                              fix::issuing_ca_name(ctx.evidence, ctx.trust)));
  f.cert_index = 0;
  f.details["host"] = host;
  if (!cn.empty()) f.details["cn"] = cn;
  f.details["host_in_san"] = in_san ? "true" : "false";
  e.emit(Severity::kFail, std::move(f));
}

const Rule kRules[] = {
    {{"name.cn-only-mismatch", "Lync names an Exchange UM peer by the Subject CN only; the SAN is never read",
      Severity::kFail, "clients that read only the Subject CN (Lync validating Exchange UM)", nullptr,
      "UM-02; UM-07; W-08; S-05; S-06; seed:UM-WILD",
      "Bind a UM-only certificate with Subject CN = the UM server's FQDN: UMStartupMode TLS, then "
      "Enable-ExchangeCertificate -Thumbprint <t> -Services UM,UMCallRouter.", {}},
     has_dialled_name, check_cn_only},
};

}  // namespace

std::span<const Rule> um_rules() { return kRules; }

}  // namespace uccert::rules
