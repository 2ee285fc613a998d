// Role rules: what a certificate of a known role (check --role, audit) must be, beyond the one
// name a client dialled: every name the role must carry, as each client that dials it reads
// names (FE-01..07, DIR-01, EDGE-02/03, RP-01/02, S-08), the names no client checks (EDGE-04, C-08),
// where the role takes no wildcard at all (W-06, W-07), and its Subject CN (EDGE-02, FE-01).
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "uccert/names/match.h"
#include "uccert/profiles/roles.h"
#include "uccert/rules/fix_text.h"
#include "uccert/rules/registry.h"

namespace uccert::rules {

namespace {

using profiles::Need;
using profiles::RequiredName;

bool has_role(const RuleContext& ctx) {
  return ctx.options.role.has_value() && !ctx.evidence.chain.empty() && ctx.evidence.chain[0];
}
const pki::Certificate& leaf(const RuleContext& ctx) { return *ctx.evidence.chain[0]; }
const profiles::RoleSpec& spec(const RuleContext& ctx) { return profiles::role_spec(*ctx.options.role); }
bool is_wildcard(std::string_view name) { return name.find('*') != std::string_view::npos; }

// "meet Simple URL" for messages.
std::string_view kind_text(profiles::NameKind kind) {
  using K = profiles::NameKind;
  switch (kind) {
    case K::kPool: return "the pool FQDN";
    case K::kServer: return "a pool member's FQDN";
    case K::kSipAccess: return "the SIP domain's sip name";
    case K::kLyncdiscoverInternal: return "the internal mobility autodiscover name";
    case K::kLyncdiscover: return "the external mobility autodiscover name";
    case K::kMeet: return "a meet Simple URL";
    case K::kDialin: return "the dial-in Simple URL";
    case K::kAdmin: return "the admin Simple URL";
    case K::kInternalWeb: return "the internal web services FQDN";
    case K::kExternalWeb: return "an external web services FQDN";
    case K::kAccessEdge: return "the Access Edge FQDN";
    case K::kWebConfEdge: return "the Web Conferencing Edge FQDN";
    case K::kAvEdge: return "the A/V Edge FQDN";
    case K::kEdgeInternal: return "the Edge's internal FQDN";
    case K::kExchangeServer: return "the Exchange server's name";
    case K::kOfficeWebApps: return "the Office Web Apps farm FQDN";
    case K::kSbc: return "the SBC FQDN";
    case K::kGiven: return "a name given with --name";
  }
  return {};
}

// "SAN a, b; CN c" for messages.
std::string names_on(const pki::Certificate& cert) {
  const auto dns = fix::dns_names(cert);
  std::string s = dns.empty() ? std::string("no DNS SAN") : "SAN " + fix::join_names(dns, ", ");
  if (!cert.subject_common_names.empty()) s += "; CN " + fix::join_names(cert.subject_common_names, ", ");
  return s;
}

// The names to re-issue with: every name of the role in device order (explicit FQDNs first, no
// wildcard: W-11), then the certificate's other explicit names, so nothing it serves today is lost.
std::vector<std::string> role_request(const RuleContext& ctx) {
  auto names = profiles::request_names(ctx.options.role_names, false);
  for (const auto& n : fix::explicit_dns_names(leaf(ctx))) names.push_back(names::normalise_host(n));
  return names;
}

std::string reissue_for_role(const RuleContext& ctx) {
  return fix::reissue_and_assign(fix::destination_for(*ctx.options.role), role_request(ctx),
                                 fix::issuing_ca_name(ctx.evidence, ctx.trust));
}

bool concerns(const RequiredName& n, const ProfileView& v) {
  return std::find(n.clients.begin(), n.clients.end(), v.profile->id) != n.clients.end();
}

bool is_dialled(const RuleContext& ctx, const RequiredName& n) {
  return n.name == names::normalise_host(ctx.evidence.dialled_name);
}

// -- role.missing-name (FE-01..07, DIR-01, EDGE-03, RP-01, RP-02, S-08, S-11) -------------------

void check_missing_name(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const auto& role = spec(ctx);
  for (const auto& n : ctx.options.role_names) {
    // The dialled name is judged by the name rules already; a client that never dials this name
    // is not concerned by it.
    if (n.need != Need::kRequired || is_dialled(ctx, n) || !concerns(n, v)) continue;
    const auto m = names::match(n.name, leaf(ctx), v.profile->name_policy);
    if (m.matched) continue;
    const auto wildcard = std::find_if(m.entries.begin(), m.entries.end(), [](const names::EntryVerdict& ev) {
      return ev.reason == names::Reason::kWildcardsNotAccepted;
    });
    Finding f;
    const std::string why = wildcard != m.entries.end()
                                ? fmt::format("is covered only by the wildcard {}, which this client does not accept",
                                              wildcard->entry)
                                : fmt::format("is not on the certificate ({})", names_on(leaf(ctx)));
    f.message = fmt::format("{} ({}) {}: {} must carry it ({}); clients that dial it: {}", n.name, kind_text(n.kind),
                            why, role.title, n.source, fix::join_names(n.clients, ", "));
    f.fix = fmt::format(
        "Re-issue the certificate {} with every name the {} role needs, explicit FQDNs first (W-11), then assign it:\n{}",
        leaf(ctx).sha1_thumbprint, role.id, reissue_for_role(ctx));
    f.cert_index = 0;
    f.details["host"] = n.name;
    f.details["name_kind"] = std::string(profiles::to_string(n.kind));
    f.details["role"] = std::string(role.id);
    if (wildcard != m.entries.end()) f.details["wildcard"] = wildcard->entry;
    e.emit(Severity::kFail, std::move(f));
  }
}

// -- role.optional-name (EDGE-04, C-02, C-08, UM-04) --------------------------------------------

void check_optional_name(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  names::NamePolicy plain;  // any entry, CN or SAN, wildcards as RFC 6125 reads them
  plain.common_name = names::CommonName::kAlways;
  for (const auto& n : ctx.options.role_names) {
    if (n.need == Need::kRequired || (!n.clients.empty() && !concerns(n, v))) continue;
    if (names::match(n.name, leaf(ctx), plain).matched) continue;
    Finding f;
    f.message =
        n.need == Need::kNeverChecked
            ? fmt::format("{} ({}) is not on the certificate; no client name-checks it ({}), so nothing breaks",
                          n.name, kind_text(n.kind), n.source)
            : fmt::format("{} ({}) is not on the certificate; the documentation differs on whether it belongs there "
                          "({}), so nothing is known to break",
                          n.name, kind_text(n.kind), n.source);
    f.fix = fmt::format("Nothing to do; add {} at the next renewal if your documentation asks for it.", n.name);
    f.source = std::string(n.source);
    f.cert_index = 0;
    f.details["host"] = n.name;
    f.details["name_kind"] = std::string(profiles::to_string(n.kind));
    e.emit(Severity::kInfo, std::move(f));
  }
}

// -- role.wildcard-not-allowed (W-06, EDGE-02, W-07, C-01) --------------------------------------

void check_no_wildcard(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const auto& role = spec(ctx);
  if (role.wildcard_san != profiles::WildcardSan::kNever) return;
  if (std::find(role.default_clients.begin(), role.default_clients.end(), v.profile->id) ==
      role.default_clients.end())
    return;
  std::vector<std::string> wildcards;
  for (const auto& cn : leaf(ctx).subject_common_names)
    if (is_wildcard(cn)) wildcards.push_back(cn);
  for (const auto& n : fix::dns_names(leaf(ctx)))
    if (is_wildcard(n)) wildcards.push_back(n);
  if (wildcards.empty()) return;
  Finding f;
  f.message = fmt::format(
      "The certificate holds the wildcard {}: {} takes no wildcard, in the CN or the SAN ({}){}",
      fix::join_names(wildcards, ", "), role.title, role.source,
      role.role == profiles::Role::kEdgeExternal
          ? "; only Skype for Business 2015 XMPP federation asks for one, against the other documentation (C-01)"
          : "");
  f.fix = fmt::format("Re-issue the certificate {} with the explicit FQDNs only, then assign it:\n{}",
                      leaf(ctx).sha1_thumbprint, reissue_for_role(ctx));
  f.cert_index = 0;
  f.details["wildcard"] = wildcards.front();
  f.details["role"] = std::string(role.id);
  e.emit(Severity::kFail, std::move(f));
}

// -- role.subject-cn (EDGE-02, FE-01, DIR-01, MED-01, RP-01, FE-06) -------------------------------

void check_subject(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const auto& role = spec(ctx);
  // CN-only roles are judged by name.cn-only-mismatch; the documented Edge internal CN (EDGE-07)
  // and an SBC's name in CN or SAN (DR-02) by the name rules.
  if (role.cn != profiles::CnUse::kSubjectAndSan) return;
  if (std::find(role.default_clients.begin(), role.default_clients.end(), v.profile->id) ==
      role.default_clients.end())
    return;
  const auto& names = ctx.options.role_names;
  const auto subject = std::find_if(names.begin(), names.end(), [](const RequiredName& n) { return n.subject; });
  if (subject == names.end()) return;
  const auto& cns = leaf(ctx).subject_common_names;
  if (std::any_of(cns.begin(), cns.end(), is_wildcard)) return;  // name.wildcard-cn / role.wildcard-not-allowed
  // The Edge's external CN is the Access Edge FQDN (EDGE-02); elsewhere any of the role's
  // explicit names is accepted (FE-06: the documentation shows pool and server as CN).
  const bool strict = role.role == profiles::Role::kEdgeExternal;
  auto fits = [&](const std::string& cn) {
    const std::string c = names::normalise_host(cn);
    if (strict) return c == subject->name;
    return std::any_of(names.begin(), names.end(), [&](const RequiredName& n) { return n.name == c; });
  };
  if (std::any_of(cns.begin(), cns.end(), fits)) return;
  Finding f;
  f.message = fmt::format("The Subject CN is {}, not {} ({}): a {} certificate carries it as its subject ({})",
                          cns.empty() ? std::string("absent") : cns.front(), subject->name,
                          kind_text(subject->kind), role.id, strict ? "EDGE-02; OCS-01" : subject->source);
  f.fix = fmt::format("Re-issue the certificate {} with Subject CN = {} (repeated in the SAN), then assign it:\n{}",
                      leaf(ctx).sha1_thumbprint, subject->name, reissue_for_role(ctx));
  f.cert_index = 0;
  f.details["host"] = subject->name;
  if (!cns.empty()) f.details["cn"] = cns.front();
  e.emit(Severity::kWarn, std::move(f));
}

const Rule kRules[] = {
    {{"role.missing-name", "A certificate carries every name its role's clients dial", Severity::kFail,
      "the clients that dial the missing name (the role's required names and their clients: docs/roles.md)", nullptr,
      "FE-01; FE-02; FE-03; FE-04; FE-05; FE-07; DIR-01; EDGE-03; RP-01; RP-02; MED-01; S-08; S-11; G-11",
      "Re-issue with every name the role needs (explicit FQDNs first) and assign it with the role's commands.", {}},
     has_role, check_missing_name},
    {{"role.optional-name", "A name no client checks, or one the documentation disagrees on, is absent",
      Severity::kInfo, "every client of the role", nullptr, "EDGE-04; C-02; C-08; UM-04; C-06",
      "Nothing breaks; add the name at the next renewal if your documentation asks for it.", {}},
     has_role, check_optional_name},
    {{"role.wildcard-not-allowed", "The Edge's external interface and a Mediation pool take no wildcard at all",
      Severity::kFail, "every client of the role", nullptr, "W-06; EDGE-02; W-07; C-01",
      "Re-issue with explicit FQDNs only (Request-CsCertificate -Output for the Edge) and assign it.", {}},
     has_role, check_no_wildcard},
    {{"role.subject-cn", "The Subject CN is the role's own FQDN (the Access Edge FQDN on an Edge)", Severity::kWarn,
      "every client of the role", nullptr, "EDGE-02; OCS-01; FE-01; FE-06; DIR-01; MED-01; RP-01",
      "Re-issue with Subject CN = the role's FQDN, repeated in the SAN.", {}},
     has_role, check_subject},
};

}  // namespace

std::span<const Rule> role_rules() { return kRules; }

}  // namespace uccert::rules
