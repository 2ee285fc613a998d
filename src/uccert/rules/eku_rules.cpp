// Extended key usage: every UC server certificate carries Server Authentication (G-01, K-01).
#include <array>
#include <string>

#include <fmt/format.h>

#include "uccert/rules/fix_text.h"
#include "uccert/rules/registry.h"
#include "uccert/verify/problem_ids.h"

namespace uccert::rules {

namespace {

bool has_chain(const RuleContext& ctx) { return !ctx.evidence.chain.empty(); }

void check_server_auth(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const auto& leaf = *ctx.evidence.chain[0];
  const auto& eku = leaf.extended_key_usage;
  const std::string required = v.profile->required_eku.value_or(std::string(pki::kOidServerAuth));
  if (eku.present && (eku.has(required) || eku.has(pki::kOidAnyExtendedKeyUsage))) return;
  Severity s = Severity::kWarn;
  Finding f;
  if (eku.present) {
    s = v.profile->required_eku ? Severity::kFail : Severity::kWarn;
    std::string names;
    for (const auto& n : eku.names) names += (names.empty() ? "" : ", ") + n;
    f.message = fmt::format("The certificate's extended key usage ({}) lacks Server Authentication ({})",
                            names.empty() ? std::string("empty") : names, required);
  } else if (const auto& from = v.profile->eku_required_from; from && leaf.not_before >= *from) {
    s = Severity::kFail;
    f.message = fmt::format("The certificate has no extended key usage extension, and this client requires Server "
                            "Authentication ({}) in one on every certificate issued from {} (this one: {})",
                            required, pki::format_time(*from).substr(0, 10),
                            pki::format_time(leaf.not_before).substr(0, 10));
    f.details["eku_required_from"] = pki::format_time(*from);
  } else {
    f.message = fmt::format("The certificate has no extended key usage extension; UC server certificates carry "
                            "Server Authentication ({}), and some clients (iOS 13+) require it",
                            required);
  }
  f.fix = fmt::format(
      "Re-issue from a template with Server Authentication (AD CS: the Web Server template), then assign it:\n{}",
      fix::reissue_leaf(ctx.evidence, ctx.trust, v.profile->server, {}, ctx.options.role));
  f.cert_index = 0;
  e.emit(s, std::move(f));
}

// eku.leaf-missing: the EKU lists other purposes; eku.leaf-absent: there is no EKU at all.
constexpr std::array<std::string_view, 2> kServerAuthProblems{verify::problem::kEkuLeafMissing,
                                                              verify::problem::kEkuLeafAbsent};

// The profile knobs each rule reads (RuleDescriptor::knobs).
constexpr std::string_view kEkuKnobs[] = {"required_eku", "eku_chaining"};

const Rule kRules[] = {
    {{"eku.no-server-auth", "Every UC server certificate carries the Server Authentication EKU", Severity::kFail,
      "clients that require Server Authentication (fail when the EKU lists other purposes only, or is absent from "
      "a certificate issued from the client's eku_required_from on; warn when absent otherwise)",
      nullptr, "G-01; K-01; K-06; APPLE13; seed:IOS",
      "Re-issue from the Web Server template (Server Authentication, 1.3.6.1.5.5.7.3.1).",
      {kServerAuthProblems, ProblemCover::kAlways}, kEkuKnobs},
     has_chain, check_server_auth},
};

}  // namespace

std::span<const Rule> eku_rules() { return kRules; }

}  // namespace uccert::rules
