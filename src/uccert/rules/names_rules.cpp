// Name rules: is the dialled name on the certificate the way each client reads names, and are
// wildcards placed where UC clients accept them (G-11, G-12, W-01, W-11, W-12/W-13, LPE-05), and is
// the name in a domain the client pairs with at all (DR-02).
#include <algorithm>
#include <array>
#include <string>

#include <fmt/format.h>

#include "uccert/names/match.h"
#include "uccert/rules/chain_shape.h"
#include "uccert/rules/fix_text.h"
#include "uccert/rules/registry.h"
#include "uccert/verify/problem_ids.h"

namespace uccert::rules {

namespace {

using names::CommonName;
using names::Wildcards;

bool has_leaf(const RuleContext& ctx) { return !ctx.evidence.chain.empty() && ctx.evidence.chain[0]; }
bool has_dialled_name(const RuleContext& ctx) { return has_leaf(ctx) && !ctx.evidence.dialled_name.empty(); }
const pki::Certificate& leaf(const RuleContext& ctx) { return *ctx.evidence.chain[0]; }

bool is_wildcard(std::string_view name) { return name.find('*') != std::string_view::npos; }

// Re-issuing the leaf under `names` on the server this client talks to, from the CA that issued it.
std::string reissue_as(const RuleContext& ctx, const ProfileView& v, const std::vector<std::string>& names) {
  return fix::reissue_and_assign(fix::destination(ctx.evidence, ctx.trust, v.profile->server, ctx.options.role), names,
                                 fix::issuing_ca_name(ctx.evidence, ctx.trust));
}

// The fix that re-issues the leaf with `host` listed explicitly (S-01).
// `keep_wildcards`: the certificate's wildcard entries stay, after the explicit names (W-11);
// false for a client that must find none at all (OCS 2007 R2 / LCS 2005 interop, W-14).
std::string reissue_with(const RuleContext& ctx, const ProfileView& v, const std::string& host,
                         bool keep_wildcards = true) {
  std::vector<std::string> names{host};
  const auto& cert = leaf(ctx);
  for (const auto& cn : cert.subject_common_names)
    if (!is_wildcard(cn)) names.push_back(cn);
  const auto san = keep_wildcards ? fix::explicit_then_wildcard_names(cert) : fix::explicit_dns_names(cert);
  for (const auto& n : san) names.push_back(n);  // W-11 order
  return fmt::format("Re-issue the certificate {} with {} as an explicit SAN entry{}, then assign the new one:\n{}",
                     cert.sha1_thumbprint, host, keep_wildcards ? "" : " and no wildcard entry",
                     reissue_as(ctx, v, names));
}

// Of the clients that accept no wildcard, the phones are those trusting the pool's issuing CA
// (LPE-01); the other is OCS 2007 R2 / LCS 2005 interop, which must find no wildcard at all.
bool is_phone(const ProfileView& v) { return v.profile->trusts(profiles::TrustSource::kPoolIssuer); }

// "SAN: a, b; CN: c" for messages.
std::string names_on(const pki::Certificate& cert) {
  auto dns = fix::dns_names(cert);
  std::string s = dns.empty() ? std::string("no DNS SAN") : "SAN " + fix::join_names(dns, ", ");
  if (!cert.subject_common_names.empty()) s += "; CN " + fix::join_names(cert.subject_common_names, ", ");
  return s;
}

// The client accepts no wildcard at all, and a wildcard entry would have matched.
const names::EntryVerdict* wildcard_would_match(const ProfileView& v) {
  const auto& policy = v.profile->name_policy;
  if (policy.wildcards != Wildcards::kNone || policy.common_name == CommonName::kOnly) return nullptr;
  if (v.judgement->name.matched) return nullptr;
  for (const auto& ev : v.judgement->name.entries)
    if (ev.reason == names::Reason::kWildcardsNotAccepted && ev.source != names::EntrySource::kSubjectCn) return &ev;
  return nullptr;
}

// -- name.mismatch (G-11) ----------------------------------------------------------------------

void check_mismatch(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const auto& j = *v.judgement;
  if (!j.name_checked || j.name.matched) return;
  if (v.profile->name_policy.common_name == CommonName::kOnly) return;  // name.cn-only-mismatch
  if (wildcard_would_match(v) != nullptr) return;  // name.wildcard-only
  const auto& cert = leaf(ctx);
  std::string host = j.name.host.empty() ? ctx.evidence.dialled_name : j.name.host;
  std::string nearest;
  int shown = 0;
  for (const auto& ev : j.name.entries) {
    if (ev.matched || ev.why.empty() || shown == 3) continue;
    nearest += fmt::format("{}{} ({})", shown == 0 ? "" : "; ", ev.entry, ev.why);
    ++shown;
  }
  Finding f;
  f.message = fmt::format("{} is not on the certificate ({}){}", host, names_on(cert),
                          nearest.empty() ? "" : ": nearest " + nearest);
  f.fix = reissue_with(ctx, v, host);
  f.cert_index = 0;
  f.details["host"] = host;
  e.emit(Severity::kFail, std::move(f));
}

// -- name.wildcard-only (W-12, LPE-05, S-01; W-13, C-09) ---------------------------------------

void check_wildcard_only(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const auto& j = *v.judgement;
  if (!j.name_checked) return;
  const std::string host = j.name.host.empty() ? ctx.evidence.dialled_name : j.name.host;
  if (const auto* w = wildcard_would_match(v)) {
    const bool phone = is_phone(v);
    Finding f;
    f.message = fmt::format(
        "{} is covered only by the wildcard {}; this client accepts no wildcard entry and needs {} listed "
        "explicitly ({})",
        host, w->entry, host,
        phone ? "Lync Phone Edition before 4.0.7577.4100 shows \"Cannot connect to the server. Retrying.\""
              : "OCS 2007 R2 and LCS 2005 accept no wildcard, in the CN or the SAN: W-14, OCS-03");
    f.fix = reissue_with(ctx, v, host, phone);
    f.cert_index = 0;
    f.details["host"] = host;
    f.details["wildcard"] = w->entry;
    e.emit(Severity::kFail, std::move(f));
    return;
  }
  if (j.name.matched && j.name.only_by_wildcard() && v.profile->wildcard_match == profiles::WildcardMatch::kWarn) {
    const auto* m = j.name.matching();
    Finding f;
    f.message = fmt::format(
        "{} is covered only by the wildcard {}: firmware 4.0.7577.4100 and later accepts it, but phones on older "
        "firmware cannot sign in to receive that update, and some 4100 deployments still fail until an explicit "
        "entry returns",
        host, m != nullptr ? m->entry : std::string("(wildcard)"));
    f.fix = reissue_with(ctx, v, host);
    f.cert_index = 0;
    f.details["host"] = host;
    if (m != nullptr) f.details["wildcard"] = m->entry;
    e.emit(Severity::kWarn, std::move(f));
  }
}

// -- name.wildcard-cn (W-01, W-14, OCS-03) -----------------------------------------------------

void check_wildcard_cn(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const auto& cert = leaf(ctx);
  auto cn = std::find_if(cert.subject_common_names.begin(), cert.subject_common_names.end(),
                         [](const std::string& s) { return is_wildcard(s); });
  if (cn == cert.subject_common_names.end()) return;
  std::string suggested = !ctx.evidence.dialled_name.empty() && !is_wildcard(ctx.evidence.dialled_name)
                              ? ctx.evidence.dialled_name
                              : [&] {
                                  auto ex = fix::explicit_dns_names(cert);
                                  return ex.empty() ? std::string("<server FQDN>") : ex.front();
                                }();
  std::vector<std::string> names{suggested};
  for (const auto& n : fix::explicit_then_wildcard_names(cert)) names.push_back(n);
  Finding f;
  f.message = fmt::format(
      "The Subject CN is the wildcard {}: no Lync or Skype for Business role supports a wildcard CN, and OCS 2007 "
      "R2 / LCS 2005 peers reject it",
      *cn);
  f.fix = fmt::format(
      "Re-issue the certificate {} with Subject CN = {} (a real server FQDN, also repeated in the SAN); keep "
      "wildcards only as SAN entries where they are allowed (simple URLs, lyncdiscover):\n{}",
      cert.sha1_thumbprint, suggested, reissue_as(ctx, v, names));
  f.cert_index = 0;
  f.details["cn"] = *cn;
  e.emit_per_client(std::move(f));
}

// -- name.cn-not-dialled (OCS-01, OCS-02) ------------------------------------------------------

// OCS 2007 R2 and LCS 2005 identify a server by its Subject CN: on an Edge it must be the Access
// Edge FQDN (OCS-01), on other roles the computer's FQDN (OCS-02). A SAN entry does not stand in.
void check_cn_is_dialled(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const auto& cert = leaf(ctx);
  const std::string host = names::normalise_host(ctx.evidence.dialled_name);
  const auto& cns = cert.subject_common_names;
  if (std::any_of(cns.begin(), cns.end(), [](const std::string& cn) { return is_wildcard(cn); }))
    return;  // name.wildcard-cn says it
  if (std::any_of(cns.begin(), cns.end(),
                  [&](const std::string& cn) { return names::normalise_host(cn) == host; }))
    return;
  std::vector<std::string> names{host};
  for (const auto& n : fix::explicit_dns_names(cert)) names.push_back(n);
  Finding f;
  f.message = fmt::format(
      "{}, not {}: OCS 2007 R2 and LCS 2005 servers identify a peer by its Subject CN, which must be the FQDN "
      "they connect to (the Access Edge FQDN on an Edge, the computer's FQDN on other roles); a SAN entry does "
      "not stand in",
      cns.empty() ? std::string("The certificate has no Subject CN") : "The Subject CN is " + cns.front(), host);
  f.fix = fmt::format(
      "Re-issue the certificate {} with Subject CN = {}. Request-CsCertificate takes the subject from the topology "
      "(the Access Edge FQDN on an Edge, the pool or computer FQDN elsewhere): check there that {} is this role's "
      "FQDN, then:\n{}",
      cert.sha1_thumbprint, host, host, reissue_as(ctx, v, names));
  f.cert_index = 0;
  f.details["host"] = host;
  if (!cns.empty()) f.details["cn"] = cns.front();
  e.emit_per_client(std::move(f));
}

// -- name.wildcard-before-fqdn (W-11) ----------------------------------------------------------

void check_wildcard_first(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const auto dns = fix::dns_names(leaf(ctx));
  auto first_wild = std::find_if(dns.begin(), dns.end(), [](const std::string& s) { return is_wildcard(s); });
  if (first_wild == dns.end()) return;
  std::vector<std::string> later;
  for (auto it = first_wild + 1; it != dns.end(); ++it)
    if (!is_wildcard(*it)) later.push_back(*it);
  if (later.empty()) return;
  const std::vector<std::string> reordered = fix::explicit_then_wildcard_names(leaf(ctx));
  Finding f;
  f.message = fmt::format(
      "The SAN lists the wildcard {} before the explicit name{} {}: strict UC devices fail on a leading wildcard "
      "entry",
      *first_wild, later.size() > 1 ? "s" : "", fix::join_names(later, ", "));
  f.fix = fmt::format(
      "Re-issue the certificate {} with every explicit FQDN before any wildcard in the SAN (the order below), then "
      "assign it:\n{}",
      leaf(ctx).sha1_thumbprint, reissue_as(ctx, v, reordered));
  f.cert_index = 0;
  f.details["wildcard"] = *first_wild;
  e.emit_per_client(std::move(f));
}

// -- name.cn-not-in-san (G-12) -----------------------------------------------------------------

void check_cn_in_san(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const auto& cert = leaf(ctx);
  if (cert.subject_common_names.empty() || cert.is_ca()) return;
  const auto dns = fix::dns_names(cert);
  const auto cn_policy = v.profile->name_policy.common_name;
  // Only clients that do not read the CN (when a SAN is present) miss it.
  if (cn_policy == CommonName::kAlways || cn_policy == CommonName::kOnly) return;
  if (cn_policy == CommonName::kFallback && dns.empty()) return;
  const std::string& cn = cert.subject_common_names.front();
  auto same = [&](const std::string& n) { return names::normalise_host(n) == names::normalise_host(cn); };
  if (std::any_of(dns.begin(), dns.end(), same)) return;
  std::vector<std::string> names{cn};
  for (const auto& n : dns) names.push_back(n);
  Finding f;
  f.message = dns.empty()
                  ? fmt::format("The certificate has no DNS SAN: clients that read only the SAN do not see its CN {}",
                                cn)
                  : fmt::format("The Subject CN {} is not repeated in the SAN ({}): clients that read only the SAN "
                                "do not see it",
                                cn, fix::join_names(dns, ", "));
  f.fix = fmt::format("Re-issue the certificate {} with the CN {} also listed in the SAN:\n{}",
                      cert.sha1_thumbprint, cn, reissue_as(ctx, v, names));
  f.cert_index = 0;
  f.details["cn"] = cn;
  e.emit(Severity::kWarn, std::move(f));
}

// -- name.cn-fallback (uc-rules client profiles: "CN only without SAN (?)") -------------------

void check_cn_fallback(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const auto& j = *v.judgement;
  if (!j.name_checked || !j.name.matched || v.profile->cn_match != profiles::CnMatch::kWarn) return;
  const auto* m = j.name.matching();
  if (m == nullptr || m->source != names::EntrySource::kSubjectCn) return;
  const std::string host = j.name.host.empty() ? ctx.evidence.dialled_name : j.name.host;
  std::vector<std::string> names{host};
  for (const auto& n : fix::dns_names(leaf(ctx))) names.push_back(n);
  Finding f;
  f.message = fmt::format("{} matches only the Subject CN (the certificate has no DNS SAN for it); whether this client "
                          "reads the CN is not documented",
                          host);
  f.fix = fmt::format("Re-issue the certificate {} with {} in the SAN as well:\n{}", leaf(ctx).sha1_thumbprint,
                      host, reissue_as(ctx, v, names));
  f.cert_index = 0;
  f.details["host"] = host;
  e.emit(Severity::kWarn, std::move(f));
}

// DR-02: the server's own name in a domain the client never pairs with (profile data:
// forbidden_domains). The name is the one dialled, i.e. the SBC's FQDN as paired in the tenant.
void check_forbidden_domain(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const std::string host = names::normalise_host(ctx.evidence.dialled_name);
  for (const auto& domain : v.profile->forbidden_domains) {
    const bool below = host.size() > domain.size() && host.ends_with(domain) &&
                       host[host.size() - domain.size() - 1] == '.';
    if (host != domain && !below) continue;
    Finding f;
    f.message = fmt::format(
        "{} is in {}: Direct Routing pairs an SBC only by an FQDN in a domain verified in the tenant, never in {}",
        host, domain, domain);
    f.fix = fmt::format(
        "Give the SBC an FQDN in a custom domain verified in the tenant (sbc1.<your domain>), put it in the "
        "certificate's SAN, and pair that name:\n"
        "New-CsOnlinePSTNGateway -Fqdn sbc1.<your domain> -SipSignalingPort 5061 -Enabled $true");
    f.cert_index = 0;
    f.details["host"] = host;
    f.details["domain"] = domain;
    e.emit(Severity::kFail, std::move(f));
    return;
  }
}

// G-14: Lync and Skype for Business take server FQDNs of letters, digits and hyphens only, in
// at least two labels: no underscore, no IDN (an xn-- label), no single label.
void check_fqdn_shape(const RuleContext& ctx, const ProfileView& /*v*/, Emitter& e) {
  const std::string host = names::normalise_host(ctx.evidence.dialled_name);
  if (names::is_ip_address(host)) return;
  std::string why;
  if (host.find('.') == std::string::npos) {
    why = "is a single label";
  } else if (host.find('_') != std::string::npos) {
    why = "contains an underscore";
  } else if (host.starts_with("xn--") || host.find(".xn--") != std::string::npos) {
    why = "is an internationalised name (an xn-- label)";
  }
  if (why.empty()) return;
  Finding f;
  f.message = fmt::format("{} {}: Lync and Skype for Business server FQDNs use only letters, digits and hyphens, "
                          "in at least two labels",
                          host, why);
  f.fix =
      "Give the server (pool, Edge, Director, web services) an FQDN of letters, digits and hyphens in a DNS domain "
      "(pool01.contoso.com), publish it in the topology (Topology Builder) and in DNS, then re-issue the certificate "
      "for it.";
  f.details["host"] = host;
  e.emit(Severity::kWarn, std::move(f));
}

// W-01: unsupported for Lync roles (warn); W-14, OCS-03: breaks OCS 2007 R2 / LCS 2005 interop (fail).
std::optional<Severity> by_wildcard_cn(const profiles::ClientProfile& p) {
  switch (p.wildcard_cn) {
    case profiles::WildcardCn::kAccept: return std::nullopt;
    case profiles::WildcardCn::kWarn: return Severity::kWarn;
    case profiles::WildcardCn::kReject: return Severity::kFail;
  }
  return std::nullopt;
}

std::optional<Severity> by_cn_must_be_dialled(const profiles::ClientProfile& p) {
  return p.cn_must_be_dialled ? std::optional(Severity::kFail) : std::nullopt;
}

std::optional<Severity> by_explicit_names_first(const profiles::ClientProfile& p) {
  return p.explicit_names_first ? std::optional(Severity::kWarn) : std::nullopt;
}

constexpr std::array<std::string_view, 1> kCnNotInSanProblems{verify::problem::kExtCnNotInSan};

// The profile knobs each rule reads (RuleDescriptor::knobs).
constexpr std::string_view kNameKnobs[] = {"wildcards", "common_name"};

const Rule kRules[] = {
    {{"name.mismatch", "The name the client dialled must be on the certificate as that client reads names",
      Severity::kFail, "every client whose name policy finds no matching entry", nullptr,
      "G-11; S-11; seed:IOS",
      "Re-issue the certificate with the dialled FQDN in the SAN (and the CN repeated there), assign it with "
      "Set-CsCertificate and restart the service.", {}, kNameKnobs},
     has_dialled_name, check_mismatch},
    {{"name.wildcard-only", "Lync Phone Edition needs the dialled host (the SRV target) as an explicit entry",
      Severity::kFail,
      "clients that accept no wildcard (fail) and clients whose wildcard support is reported unreliable (warn)",
      nullptr, "W-12; LPE-05; S-01; W-13; C-09; S-03; S-04; W-14; OCS-03; seed:PE-WILD",
      "Add the dialled FQDN as an explicit SAN entry (Request-CsCertificate -DomainName), assign it "
      "(Set-CsCertificate -Type Default,...) and Restart-Service RTCSRV.", {}, kNameKnobs},
     has_dialled_name, check_wildcard_only},
    {{"name.wildcard-cn", "No Lync or Skype for Business role supports a wildcard Subject CN", Severity::kFail,
      "clients whose profile says wildcard_cn = warn (Lync desktop and phones) or reject (OCS 2007 R2 interop)",
      by_wildcard_cn, "W-01; W-14; OCS-03; seed:UM-WILD; seed:NEWTIPS",
      "Re-issue with the server FQDN as Subject CN; wildcards only as SAN entries where allowed.", {}},
     has_leaf, check_wildcard_cn},
    {{"name.cn-not-dialled", "OCS 2007 R2 / LCS 2005 need the Subject CN to be the FQDN they connect to",
      Severity::kFail,
      "clients whose profile says cn_must_be_dialled (OCS 2007 R2 and LCS 2005 servers and partner Edges)",
      by_cn_must_be_dialled,
      "OCS-01; OCS-02",
      "Re-issue with Subject CN = the role's FQDN (the Access Edge FQDN on an Edge), also listed in the SAN.", {}},
     has_dialled_name, check_cn_is_dialled},
    {{"name.wildcard-before-fqdn", "UC devices need every explicit FQDN before any wildcard in the SAN",
      Severity::kWarn, "clients whose profile says explicit_names_first (Lync Phone Edition, all firmware)",
      by_explicit_names_first, "W-11",
      "Re-issue with the explicit FQDNs listed before the wildcard entries.", {}},
     has_leaf, check_wildcard_first},
    {{"name.cn-not-in-san", "Repeat the Subject CN in the SAN: TLS name checks read the SAN, not the subject",
      Severity::kWarn, "clients that read only the SAN when one is present", nullptr, "G-12; RP-02",
      "Re-issue with the CN also listed as a SAN entry.", {kCnNotInSanProblems, ProblemCover::kAlways}},
     has_leaf, check_cn_in_san},
    {{"name.cn-fallback", "A name matched only through the Subject CN, where the client's use of the CN is uncertain",
      Severity::kWarn, "clients whose profile says cn_match = warn", nullptr, "G-12; G-11",
      "Re-issue with the name in the SAN as well.", {}},
     has_dialled_name, check_cn_fallback},
    {{"name.invalid-fqdn", "Lync server FQDNs use letters, digits and hyphens only, in two labels or more",
      Severity::kWarn, "every client", nullptr, "G-14",
      "Name the server with letters, digits and hyphens in a DNS domain and re-issue its certificate.", {}},
     has_dialled_name, check_fqdn_shape},
    {{"name.forbidden-domain", "The server's FQDN must be in a domain the client pairs with (not *.onmicrosoft.com)",
      Severity::kFail, "clients whose profile lists forbidden_domains (Teams Direct Routing)", nullptr,
      "DR-02",
      "Pair the SBC by an FQDN in a domain verified in the tenant, with that FQDN on its certificate.", {}},
     has_dialled_name, check_forbidden_domain},
};

}  // namespace

std::span<const Rule> names_rules() { return kRules; }

}  // namespace uccert::rules
