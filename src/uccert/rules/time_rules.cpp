// Time rules: every certificate on a client's path must be within its validity period at the time
// of the check (G-19; S-07 not yet valid, S-13 expired); expiring soon is reported like
// monitoring plugins do ("-C 30,14": warn at 30 days, fail at 14).
#include <array>
#include <string>

#include <fmt/format.h>

#include "uccert/rules/chain_shape.h"
#include "uccert/rules/fix_text.h"
#include "uccert/rules/registry.h"
#include "uccert/verify/problem_ids.h"

namespace uccert::rules {

namespace {

constexpr pki::UnixTime kDaySeconds = 86400;

bool has_chain(const RuleContext& ctx) { return !ctx.evidence.chain.empty(); }

std::string what(const pki::Certificate& c, int presented_index) {
  if (presented_index == 0) return "The certificate " + fix::describe(c);
  if (c.self_issued) return "The root " + fix::describe(c);
  return "The intermediate " + fix::describe(c);
}

// How to replace a certificate in time, depending on what it is.
std::string renew(const RuleContext& ctx, const ProfileView& v, const pki::Certificate& c, int presented_index,
                  bool intro = true) {
  if (presented_index == 0) {
    const auto server = v.profile->server;
    const char* list = server == profiles::ServerKind::kLync
                           ? "\nGet-CsCertificate | Select-Object Use, Thumbprint, NotBefore, NotAfter | Format-Table "
                             "-AutoSize"
                       : server == profiles::ServerKind::kExchangeUm
                           ? "\nGet-ExchangeCertificate | Select-Object Services, Thumbprint, NotBefore, NotAfter | "
                             "Format-Table -AutoSize"
                           : "";
    return fmt::format("{}{}{}", intro ? "Renew the certificate and assign the new one:\n" : "",
                       fix::reissue_leaf(ctx.evidence, ctx.trust, server, {}, ctx.options.role), list);
  }
  if (c.self_issued)
    return fmt::format("Replace the root {} with the CA's renewed root in every client's store, and re-issue the "
                       "certificates under it.",
                       fix::describe(c));
  return fmt::format("Install the CA's renewed intermediate in place of {} on the server (Intermediate Certification "
                     "Authorities store) so the server sends the current one; re-issue the leaf if the CA key changed.",
                     fix::describe(c));
}

void check_not_yet_valid(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const auto at = ctx.options.at;
  for (const auto& [cert, idx] : certificates_on_path(ctx, v)) {
    if (cert->not_before <= at) continue;
    const auto ahead = cert->not_before - at;
    const bool within_day = ahead <= kDaySeconds;
    Finding f;
    f.message = fmt::format("{} is valid only from {}, {} after the time of the check ({}){}", what(*cert, idx),
                            pki::format_time(cert->not_before),
                            ahead < kDaySeconds ? fmt::format("{} h", (ahead + 3599) / 3600)
                                                : fmt::format("{} days", ahead / kDaySeconds),
                            pki::format_time(at),
                            within_day ? ": a certificate that becomes valid within a day was usually issued by a CA "
                                         "(or a domain controller it synchronises with) whose clock or time zone is "
                                         "wrong — the clock can look right while the time zone is not"
                                       : "");
    f.fix = within_day
                ? fmt::format("Correct the time zone and clock of the issuing CA and the domain controllers "
                              "(tzutil /g; w32tm /query /status), then re-issue and re-assign the certificate:\n{}",
                              renew(ctx, v, *cert, idx, false))
                : fmt::format("Assign the certificate only once it is valid ({}), or re-issue it now. {}",
                              pki::format_time(cert->not_before), renew(ctx, v, *cert, idx));
    f.cert_index = idx;
    f.details["not_before"] = pki::format_time(cert->not_before);
    f.details["clock_hint"] = within_day ? "true" : "false";
    e.emit(Severity::kFail, std::move(f));
  }
}

void check_expired(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const auto at = ctx.options.at;
  for (const auto& [cert, idx] : certificates_on_path(ctx, v)) {
    if (cert->not_after >= at) continue;
    Finding f;
    f.message = fmt::format("{} expired on {} ({} days before the time of the check)", what(*cert, idx),
                            pki::format_time(cert->not_after), (at - cert->not_after) / kDaySeconds);
    f.fix = renew(ctx, v, *cert, idx);
    f.cert_index = idx;
    f.details["not_after"] = pki::format_time(cert->not_after);
    e.emit(Severity::kFail, std::move(f));
  }
}

void check_expiring(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const auto at = ctx.options.at;
  const pki::UnixTime warn = static_cast<pki::UnixTime>(ctx.options.expiry_warn_days) * kDaySeconds;
  const pki::UnixTime fail = static_cast<pki::UnixTime>(ctx.options.expiry_fail_days) * kDaySeconds;
  for (const auto& [cert, idx] : certificates_on_path(ctx, v)) {
    if (cert->not_after < at || cert->not_before > at) continue;  // time.expired / time.not-yet-valid
    const auto left = cert->not_after - at;
    if (left >= warn && left >= fail) continue;
    const Severity s = left < fail ? Severity::kFail : Severity::kWarn;
    Finding f;
    f.message = fmt::format("{} expires on {}, in {} days (thresholds: warn {} days, fail {} days)", what(*cert, idx),
                            pki::format_time(cert->not_after), left / kDaySeconds, ctx.options.expiry_warn_days,
                            ctx.options.expiry_fail_days);
    f.fix = renew(ctx, v, *cert, idx);
    f.cert_index = idx;
    f.details["not_after"] = pki::format_time(cert->not_after);
    f.details["days_left"] = std::to_string(left / kDaySeconds);
    e.emit(s, std::move(f));
  }
}

// iOS 13+ (APPLE13): TLS server certificates issued on or after 2019-07-01 are valid for at most
// 825 days. Profile data: max_validity_days, max_validity_issued_after.
void check_validity_length(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const auto& p = *v.profile;
  if (!p.max_validity_days) return;
  const auto& leaf = *ctx.evidence.chain[0];
  if (p.max_validity_issued_after && leaf.not_before < *p.max_validity_issued_after) return;
  const auto days = (leaf.not_after - leaf.not_before) / kDaySeconds;
  if (days <= *p.max_validity_days) return;
  Finding f;
  f.message = fmt::format("{} is valid for {} days ({} to {}); this client accepts at most {} days for certificates "
                          "issued after {}",
                          what(leaf, 0), days, pki::format_time(leaf.not_before), pki::format_time(leaf.not_after),
                          *p.max_validity_days,
                          p.max_validity_issued_after ? pki::format_time(*p.max_validity_issued_after).substr(0, 10)
                                                      : std::string("any date"));
  f.fix = fmt::format("Re-issue with a validity of at most {} days (AD CS: the template's validity period, or "
                      "certutil -setreg ca\\ValidityPeriodUnits for the CA maximum). {}",
                      *p.max_validity_days, renew(ctx, v, leaf, 0));
  f.cert_index = 0;
  f.details["days"] = std::to_string(days);
  e.emit(Severity::kFail, std::move(f));
}

constexpr std::array<std::string_view, 1> kNotYetValidProblems{verify::problem::kTimeNotYetValid};
constexpr std::array<std::string_view, 1> kExpiredProblems{verify::problem::kTimeExpired};

const Rule kRules[] = {
    {{"time.not-yet-valid", "A certificate is valid only from its notBefore; no client overrides it",
      Severity::kFail, "every client", nullptr, "G-19; S-07; E-01; seed:NEWTIPS",
      "Fix the CA's (and domain controllers') time zone and clock, re-issue and re-assign the certificate.",
      {kNotYetValidProblems, ProblemCover::kAlways}},
     has_chain, check_not_yet_valid},
    {{"time.expired", "An expired certificate fails every client", Severity::kFail, "every client", nullptr,
      "G-19; S-13; seed:IOS",
      "Renew the certificate (Request-CsCertificate) and assign it (Set-CsCertificate).",
      {kExpiredProblems, ProblemCover::kAlways}},
     has_chain, check_expired},
    {{"time.expiring-soon", "Renew before a certificate expires (warn 30 days, fail 14 days before, configurable)",
      Severity::kFail, "every client", nullptr, "G-19; S-13; seed:IOS",
      "Renew the certificate and assign the new one before the old one expires.", {}},
     has_chain, check_expiring},
    {{"time.validity-too-long", "iOS 13+ refuses server certificates valid for more than 825 days",
      Severity::kFail, "clients with a maximum validity in their profile (iOS)", nullptr,
      "MOB-02; APPLE13", "Re-issue with a validity of at most 825 days.", {}},
     has_chain, check_validity_length},
};

}  // namespace

std::span<const Rule> time_rules() { return kRules; }

}  // namespace uccert::rules
