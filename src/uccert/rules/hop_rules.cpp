// The autodiscover walk (RP-04, MOB-04, FE-07, DNS-01): a mobile client that signs in through
// lyncdiscover validates the certificate of every redirect target and of the web services URLs
// the autodiscover document links to, not only the one it dialled. The judge judges each of those
// certificates for the clients whose profile walks autodiscover (judge::judge_hops); a hop that
// fails or warns for a client is a finding on the target naming the hop's URL.
#include <fmt/format.h>

#include <string>

#include "uccert/rules/registry.h"

namespace uccert::rules {

namespace {

bool has_hops(const RuleContext& ctx) { return !ctx.hops.empty(); }

std::string listed(const HopJudgement& h) {
  std::string out;
  for (const auto& [id, title] : h.findings) {
    if (!out.empty()) out += "; ";
    out += fmt::format("{} ({})", id, title);
  }
  return out;
}

void check_hops(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const auto& hops = ctx.evidence.endpoint->hops;
  for (const auto& h : ctx.hops) {
    if (h.profile_id != v.profile->id || h.verdict == Verdict::kPass || h.hop >= hops.size()) continue;
    const auto& hop = hops[h.hop];
    const bool fails = h.verdict == Verdict::kFail;
    Finding f;
    f.message = fmt::format(
        "The autodiscover walk goes on to {} ({}): the certificate there {} for this client{}{}", hop.url, hop.via,
        fails ? "fails" : "warns", h.findings.empty() ? "" : ": ", listed(h));
    f.fix = fmt::format(
        "Fix the certificate of {}:{} (what `uccert check --proto https {}:{}` says about it), or publish the "
        "autodiscover service so that it {} a host whose certificate the mobile clients accept",
        hop.host, hop.port, hop.host, hop.port, hop.kind == "redirect" ? "redirects to" : "links to");
    f.details["url"] = hop.url;
    f.details["hop"] = hop.via;
    f.details["host"] = hop.host;
    f.details["hop_verdict"] = std::string(to_string(h.verdict));
    std::string ids;
    for (const auto& [id, title] : h.findings) ids += (ids.empty() ? "" : ",") + id;
    f.details["hop_findings"] = ids;
    e.emit(fails ? Severity::kFail : Severity::kWarn, std::move(f));
  }
}

const Rule kRules[] = {
    {{"autodiscover.hop-certificate",
      "A certificate later in the autodiscover walk (a redirect target, a linked web services URL) fails or warns",
      Severity::kFail, "clients whose profile says walks_autodiscover (the mobile apps)", nullptr,
      "RP-04; MOB-04; FE-07; DNS-01",
      "Give every host the lyncdiscover walk reaches (each redirect target, the web services URLs of the "
      "autodiscover document) a certificate the mobile clients accept, or publish autodiscover so that it "
      "sends them only to such hosts.",
      {}},
     has_hops, check_hops},
};

}  // namespace

std::span<const Rule> hop_rules() { return kRules; }

}  // namespace uccert::rules
