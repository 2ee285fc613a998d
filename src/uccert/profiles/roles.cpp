#include "uccert/profiles/roles.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>

#include "uccert/names/reference_host.h"

namespace uccert::profiles {

namespace {

// Set-CsCertificate -Type values (PS-03) and Exchange services (PS-08) of each role.
constexpr std::string_view kDefault[] = {"Default"};
constexpr std::string_view kWebInternal[] = {"WebServicesInternal"};
constexpr std::string_view kWebExternal[] = {"WebServicesExternal"};
constexpr std::string_view kDirectorUsages[] = {"Default", "WebServicesInternal", "WebServicesExternal"};
constexpr std::string_view kEdgeInternalUsages[] = {"Internal"};
constexpr std::string_view kEdgeExternalUsages[] = {"AccessEdgeExternal", "DataEdgeExternal",
                                                    "AudioVideoAuthentication"};
constexpr std::string_view kUmUsages[] = {"UM", "UMCallRouter"};
constexpr std::string_view kIisUsages[] = {"IIS"};

// The built-in clients that reach each role (profile ids of docs/design.md).
constexpr std::string_view kDesktop = "lync-desktop";
constexpr std::string_view kPhoneLegacy = "phone-edition-legacy";
constexpr std::string_view kPhone = "phone-edition";
constexpr std::string_view kIos = "mobile-ios";
constexpr std::string_view kAndroid = "mobile-android";
constexpr std::string_view kUmPeer = "exchange-um-peer";
constexpr std::string_view kOcs = "ocs-interop";
constexpr std::string_view kDr = "teams-direct-routing";
constexpr std::string_view kBrowser = "browser";

constexpr std::string_view kSipClients[] = {kDesktop, kPhoneLegacy, kPhone};
constexpr std::string_view kWebInternalClients[] = {kDesktop, kPhoneLegacy, kPhone, kIos, kAndroid, kBrowser};
// The reverse proxy bridges to the external web services and validates them as a web client.
constexpr std::string_view kWebExternalClients[] = {kBrowser};
constexpr std::string_view kDirectorClients[] = {kDesktop, kPhoneLegacy, kPhone, kIos, kAndroid};
// Front End and Director servers connect to the Edge's internal interface over MTLS (EDGE-08):
// Windows' chain engine with the enterprise roots, as the desktop client.
constexpr std::string_view kEdgeInternalClients[] = {kDesktop};
constexpr std::string_view kEdgeExternalClients[] = {kDesktop, kPhoneLegacy, kPhone, kOcs};
constexpr std::string_view kReverseProxyClients[] = {kDesktop, kPhoneLegacy, kPhone, kIos, kAndroid, kBrowser};
constexpr std::string_view kUmClients[] = {kUmPeer};
constexpr std::string_view kExchangeWebClients[] = {kDesktop, kPhoneLegacy, kPhone, kBrowser};
constexpr std::string_view kOfficeWebAppsClients[] = {kDesktop, kBrowser};
constexpr std::string_view kMediationClients[] = {kDesktop};
constexpr std::string_view kSbcClients[] = {kDr};

// Which clients dial a kind of name (before narrowing to the role's clients).
constexpr std::string_view kMobiles[] = {kIos, kAndroid, kDesktop};
constexpr std::string_view kSimpleUrlClients[] = {kDesktop, kBrowser, kIos, kAndroid};
constexpr std::string_view kEdgeNameClients[] = {kDesktop, kPhoneLegacy, kPhone, kOcs};
constexpr std::string_view kWebClients[] = {kDesktop, kPhoneLegacy, kPhone, kIos, kAndroid, kBrowser};

constexpr RoleSpec kCatalogue[] = {
    {Role::kFeDefault, "fe-default", "Front End pool or Standard Edition server, SIP (Default)", kDefault,
     Installer::kLyncServer, ServerKind::kLync, CnUse::kSubjectAndSan, false, WildcardSan::kSimpleUrls, false,
     CaKind::kEnterprise, KeyExport::kNotNeeded, 2048, kSipClients, "FE-01; FE-02; G-13; W-01; W-11; W-12; G-09",
     "Standard Edition: pool FQDN = server FQDN, one name. sip.<sipdomain> is needed where the "
     "_sipinternaltls._tcp record points to it (auto sign-in under strict DNS, FE-02)."},
    {Role::kFeWebInternal, "fe-web-internal", "Front End internal web services (WebServicesInternal)", kWebInternal,
     Installer::kLyncServer, ServerKind::kLync, CnUse::kSubjectAndSan, false, WildcardSan::kSimpleUrls, false,
     CaKind::kEnterprise, KeyExport::kNotNeeded, 2048, kWebInternalClients,
     "FE-03; FE-04; FE-06; FE-07; W-02; S-02; S-08",
     "Enterprise Edition documentation shows both the pool and the server as CN (FE-06, C-04): either is "
     "accepted."},
    {Role::kFeWebExternal, "fe-web-external", "Front End external web services (WebServicesExternal)", kWebExternal,
     Installer::kLyncServer, ServerKind::kLync, CnUse::kSubjectAndSan, false, WildcardSan::kSimpleUrls, false,
     CaKind::kEnterprise, KeyExport::kNotNeeded, 2048, kWebExternalClients, "FE-05; FE-07; C-08; W-02; RP-05; S-08",
     "Reached through the reverse proxy, which validates it (RP-05); the admin URL is optional (C-08)."},
    {Role::kDirector, "director", "Director (Default and web services)", kDirectorUsages, Installer::kLyncServer,
     ServerKind::kLync, CnUse::kSubjectAndSan, false, WildcardSan::kSimpleUrls, false, CaKind::kEnterprise,
     KeyExport::kNotNeeded, 2048, kDirectorClients, "DIR-01; DIR-02; FE-02; FE-07; W-03", ""},
    {Role::kEdgeInternal, "edge-internal", "Edge Server, internal interface (Internal)", kEdgeInternalUsages,
     Installer::kLyncEdge, ServerKind::kLync, CnUse::kCnDocumented, false, WildcardSan::kUnread, false,
     CaKind::kEnterprise, KeyExport::kNotNeeded, 2048, kEdgeInternalClients, "EDGE-07; EDGE-08; W-05; G-10",
     "CN = the internal FQDN of the Edge pool (or its load balancer VIP) and no SAN is Microsoft's documented "
     "configuration (EDGE-07)."},
    {Role::kEdgeExternal, "edge-external", "Edge Server, external interface (Access, Web Conferencing, A/V)",
     kEdgeExternalUsages, Installer::kLyncEdge, ServerKind::kLync, CnUse::kSubjectAndSan, false, WildcardSan::kNever,
     false, CaKind::kPublic, KeyExport::kRequired, 2048, kEdgeExternalClients,
     "EDGE-01; EDGE-02; EDGE-03; EDGE-04; EDGE-05; EDGE-06; EDGE-09; EDGE-11; W-06; G-10; G-18",
     "The A/V Edge FQDN is never name-checked (EDGE-04). Client Authentication EKU only for AOL public IM "
     "(EDGE-09). SfB 2015 XMPP wants a wildcard SAN, which other documentation forbids (C-01)."},
    {Role::kReverseProxy, "reverse-proxy", "Reverse proxy publishing the web services", {}, Installer::kReverseProxy,
     ServerKind::kLync, CnUse::kSubjectAndSan, false, WildcardSan::kSimpleUrls, true, CaKind::kPublic,
     KeyExport::kAdvised, 2048, kReverseProxyClients, "RP-01; RP-02; RP-03; RP-04; RP-06; OWAS-01; W-04; K-02; G-18",
     "The Client Authentication EKU is part of Microsoft's request recipe (RP-06); its absence is not an error."},
    {Role::kExchangeUm, "exchange-um", "Exchange Unified Messaging (UM, UMCallRouter)", kUmUsages,
     Installer::kExchangeUm, ServerKind::kExchangeUm, CnUse::kCnOnly, false, WildcardSan::kUnread, false,
     CaKind::kEither, KeyExport::kNotNeeded, 2048, kUmClients, "UM-01; UM-02; UM-05; UM-07; W-08; C-06",
     "Lync reads only the CN: CN = the UM server FQDN; the SAN is ignored (UM-02). UM and CAS on one server may "
     "use a wildcard SAN (UM-03), never a wildcard CN."},
    {Role::kExchangeWeb, "exchange-web", "Exchange Client Access (IIS: OWA, EWS, Autodiscover)", kIisUsages,
     Installer::kExchange, ServerKind::kLync, CnUse::kSubjectAndSan, false, WildcardSan::kAny, false, CaKind::kEither,
     KeyExport::kAdvised, 2048, kExchangeWebClients, "CAS-01; CAS-03; W-10; LPE-01; LPE-02; K-08",
     "For phones the CN is a real host name (CAS-01) and the issuing CA is the pool's or in TrustedCACerts "
     "(LPE-02). Which CAS names are needed is not documented (CAS-03): give them with --name."},
    {Role::kOfficeWebApps, "office-web-apps", "Office Web Apps / Office Online Server farm", {},
     Installer::kOfficeWebApps, ServerKind::kLync, CnUse::kSubjectAndSan, false, WildcardSan::kAny, false,
     CaKind::kEither, KeyExport::kAdvised, 2048, kOfficeWebAppsClients, "OWAS-01; OWAS-02",
     "The farm FQDN must match the topology (OWAS-02, not documented further)."},
    {Role::kMediation, "mediation", "Stand-alone Mediation pool (Default)", kDefault, Installer::kLyncServer,
     ServerKind::kLync, CnUse::kSubjectAndSan, false, WildcardSan::kNever, false, CaKind::kEnterprise,
     KeyExport::kNotNeeded, 2048, kMediationClients, "MED-01; W-07",
     "A Mediation Server collocated with the Front End uses the Front End's certificates."},
    {Role::kSbc, "sbc", "Session Border Controller paired with Teams Direct Routing", {}, Installer::kSbc,
     ServerKind::kSbc, CnUse::kCnOrSan, true, WildcardSan::kAny, false, CaKind::kPublic, KeyExport::kNotNeeded, 2048,
     kSbcClients, "DR-01; DR-02; DR-03; DR-05; K-06; W-15", "A wildcard covers one label only (DR-03)."},
};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// "*.contoso.com" for "meet.contoso.com": the wildcard that may stand in for a name in the SAN;
// empty when the parent would be a single label.
std::string wildcard_over(const std::string& name) {
  const auto dot = name.find('.');
  if (dot == std::string::npos) return {};
  const std::string parent = name.substr(dot + 1);
  if (parent.find('.') == std::string::npos) return {};
  return "*." + parent;
}

// Collects the names of one role in request order, each once.
class NameList {
 public:
  NameList(const RoleSpec& spec, bool wildcards_allowed) : spec_(spec), wildcards_(wildcards_allowed) {}

  // Adds `name` if not there yet; `clients` narrowed to the role's clients (empty list: all of them).
  void add(std::string_view raw, NameKind kind, std::string_view source,
           std::span<const std::string_view> clients = {}, Need need = Need::kRequired, bool wildcard_ok = false) {
    std::string name = names::normalise_host(raw);
    if (name.empty()) return;
    if (std::any_of(out_.begin(), out_.end(), [&](const RequiredName& n) { return n.name == name; })) return;
    RequiredName n;
    n.name = name;
    n.kind = kind;
    n.need = need;
    n.subject = out_.empty();
    n.source = source;
    if (wildcard_ok && wildcards_) n.wildcard = wildcard_over(name);
    for (auto c : spec_.default_clients)
      if (clients.empty() || std::find(clients.begin(), clients.end(), c) != clients.end())
        n.clients.emplace_back(c);
    out_.push_back(std::move(n));
  }

  std::vector<RequiredName> take() { return std::move(out_); }

 private:
  const RoleSpec& spec_;
  bool wildcards_;
  std::vector<RequiredName> out_;
};

void add_sip_access(NameList& list, const RoleInputs& in, std::string_view source,
                    std::span<const std::string_view> clients) {
  for (const auto& d : in.sip_domains) list.add("sip." + lower(d), NameKind::kSipAccess, source, clients);
}

void add_simple_urls(NameList& list, const RoleInputs& in, std::string_view source, bool admin_optional) {
  for (const auto& m : in.meet) list.add(m, NameKind::kMeet, source, kSimpleUrlClients, Need::kRequired, true);
  list.add(in.dialin, NameKind::kDialin, source, kSimpleUrlClients, Need::kRequired, true);
  list.add(in.admin, NameKind::kAdmin, admin_optional ? "C-08" : source, kSimpleUrlClients,
           admin_optional ? Need::kOptional : Need::kRequired, true);
}

void add_lyncdiscover(NameList& list, const RoleInputs& in, bool internal, bool external, std::string_view source) {
  if (!in.lyncdiscover) return;
  for (const auto& d : in.sip_domains) {
    if (internal)
      list.add("lyncdiscoverinternal." + lower(d), NameKind::kLyncdiscoverInternal, source, kMobiles,
               Need::kRequired, true);
    if (external)
      list.add("lyncdiscover." + lower(d), NameKind::kLyncdiscover, source, kMobiles, Need::kRequired, true);
  }
}

void add_all(NameList& list, const std::vector<std::string>& names, NameKind kind, std::string_view source,
             std::span<const std::string_view> clients = {}) {
  for (const auto& n : names) list.add(n, kind, source, clients);
}

}  // namespace

std::span<const RoleSpec> role_catalogue() { return kCatalogue; }

const RoleSpec& role_spec(Role role) {
  for (const auto& r : kCatalogue)
    if (r.role == role) return r;
  throw std::logic_error("role missing from the catalogue");
}

const RoleSpec* find_role(std::string_view id) {
  const std::string wanted = lower(id);
  for (const auto& r : kCatalogue)
    if (r.id == wanted) return &r;
  return nullptr;
}

std::string role_ids() {
  std::string out;
  for (const auto& r : kCatalogue) out += (out.empty() ? "" : ", ") + std::string(r.id);
  return out;
}

std::string_view to_string(Role role) { return role_spec(role).id; }

std::string_view to_string(NameKind kind) {
  switch (kind) {
    case NameKind::kPool: return "pool";
    case NameKind::kServer: return "server";
    case NameKind::kSipAccess: return "sip-access";
    case NameKind::kLyncdiscoverInternal: return "lyncdiscoverinternal";
    case NameKind::kLyncdiscover: return "lyncdiscover";
    case NameKind::kMeet: return "meet";
    case NameKind::kDialin: return "dialin";
    case NameKind::kAdmin: return "admin";
    case NameKind::kInternalWeb: return "internal-web";
    case NameKind::kExternalWeb: return "external-web";
    case NameKind::kAccessEdge: return "access-edge";
    case NameKind::kWebConfEdge: return "webconf-edge";
    case NameKind::kAvEdge: return "av-edge";
    case NameKind::kEdgeInternal: return "edge-internal";
    case NameKind::kExchangeServer: return "exchange-server";
    case NameKind::kOfficeWebApps: return "office-web-apps";
    case NameKind::kSbc: return "sbc";
    case NameKind::kGiven: return "given";
  }
  return {};
}

std::string_view to_string(Need need) {
  switch (need) {
    case Need::kRequired: return "required";
    case Need::kOptional: return "optional";
    case Need::kNeverChecked: return "never-checked";
  }
  return {};
}

std::string_view to_string(CaKind ca) {
  switch (ca) {
    case CaKind::kEnterprise: return "enterprise";
    case CaKind::kPublic: return "public";
    case CaKind::kEither: return "either";
  }
  return {};
}

std::string_view to_string(KeyExport e) {
  switch (e) {
    case KeyExport::kNotNeeded: return "not-needed";
    case KeyExport::kAdvised: return "advised";
    case KeyExport::kRequired: return "required";
  }
  return {};
}

std::vector<RequiredName> required_names(Role role, const RoleInputs& in) {
  const RoleSpec& spec = role_spec(role);
  NameList list(spec, spec.wildcard_san == WildcardSan::kSimpleUrls || spec.wildcard_san == WildcardSan::kAny);
  const std::string pool = in.pool.empty() && !in.servers.empty() ? in.servers.front() : in.pool;
  switch (role) {
    case Role::kFeDefault:
      list.add(pool, NameKind::kPool, "FE-01");
      add_all(list, in.servers, NameKind::kServer, "FE-01");
      add_sip_access(list, in, "FE-02; DNS-09; S-01", kSipClients);
      break;
    case Role::kFeWebInternal:
      list.add(in.internal_web.empty() ? pool : in.internal_web, NameKind::kInternalWeb, "FE-03; FE-04; FE-06",
               kWebClients);
      add_all(list, in.servers, NameKind::kServer, "FE-04");
      list.add(pool, NameKind::kPool, "FE-04");
      add_simple_urls(list, in, "FE-03; FE-04; S-08", false);
      add_lyncdiscover(list, in, true, false, "FE-07");
      break;
    case Role::kFeWebExternal:
      list.add(in.external_web, NameKind::kExternalWeb, "FE-05; S-08", kWebClients);
      add_simple_urls(list, in, "FE-05; S-08", true);
      add_lyncdiscover(list, in, false, true, "FE-07");
      break;
    case Role::kDirector:
      list.add(pool, NameKind::kPool, "DIR-01");
      add_all(list, in.servers, NameKind::kServer, "DIR-01");
      add_sip_access(list, in, "DIR-01; FE-02", kSipClients);
      list.add(in.external_web, NameKind::kExternalWeb, "DIR-01; DIR-02", kWebClients);
      add_simple_urls(list, in, "DIR-01", true);
      add_lyncdiscover(list, in, true, true, "DIR-01; FE-07");
      break;
    case Role::kEdgeInternal:
      list.add(in.edge_internal.empty() ? pool : in.edge_internal, NameKind::kEdgeInternal, "EDGE-07; EDGE-08");
      break;
    case Role::kEdgeExternal: {
      const std::string access =
          !in.access_edge.empty() ? in.access_edge
                                  : (in.sip_domains.empty() ? std::string() : "sip." + lower(in.sip_domains.front()));
      list.add(access, NameKind::kAccessEdge, "EDGE-02; EDGE-03; OCS-01", kEdgeNameClients);
      list.add(in.webconf_edge, NameKind::kWebConfEdge, "EDGE-03", kEdgeNameClients);
      add_sip_access(list, in, "EDGE-03; DNS-09", kEdgeNameClients);
      list.add(in.av_edge, NameKind::kAvEdge, "EDGE-04; C-02", kEdgeNameClients, Need::kNeverChecked);
      break;
    }
    case Role::kReverseProxy:
      list.add(in.external_web, NameKind::kExternalWeb, "RP-01; RP-02", kWebClients);
      add_all(list, in.other_external_web, NameKind::kExternalWeb, "RP-01", kWebClients);
      add_simple_urls(list, in, "RP-01; RP-02; RP-03", true);
      list.add(in.office_web_apps, NameKind::kOfficeWebApps, "OWAS-01; RP-01", kWebClients);
      add_lyncdiscover(list, in, false, true, "RP-01; RP-04");
      break;
    case Role::kExchangeUm:
      // Lync reads the CN only (UM-02): the first name is the one that counts; others are SAN
      // entries it never reads (UM-04 DNS failover lists every UM FQDN there).
      for (std::size_t i = 0; i < in.names.size(); ++i)
        list.add(in.names[i], NameKind::kExchangeServer, i == 0 ? "UM-02; UM-07" : "UM-04; C-06", {},
                 i == 0 ? Need::kRequired : Need::kOptional);
      return list.take();
    case Role::kExchangeWeb:
      for (const auto& n : in.names)
        list.add(n, NameKind::kExchangeServer, "CAS-01; CAS-03", {}, Need::kRequired, true);
      return list.take();
    case Role::kOfficeWebApps:
      list.add(in.office_web_apps, NameKind::kOfficeWebApps, "OWAS-02");
      break;
    case Role::kMediation:
      list.add(pool, NameKind::kPool, "MED-01");
      add_all(list, in.servers, NameKind::kServer, "MED-01");
      break;
    case Role::kSbc:
      for (const auto& n : in.names) list.add(n, NameKind::kSbc, "DR-02; DR-03", {}, Need::kRequired, true);
      return list.take();
  }
  add_all(list, in.names, NameKind::kGiven, "G-11");
  return list.take();
}

std::vector<std::string> request_names(const std::vector<RequiredName>& names, bool use_wildcards) {
  std::vector<std::string> explicit_names;
  std::vector<std::string> wildcards;
  for (const auto& n : names) {
    if (use_wildcards && !n.subject && !n.wildcard.empty()) {
      if (std::find(wildcards.begin(), wildcards.end(), n.wildcard) == wildcards.end()) wildcards.push_back(n.wildcard);
      continue;
    }
    explicit_names.push_back(n.name);
  }
  for (auto& w : wildcards) explicit_names.push_back(std::move(w));  // W-11: explicit first
  return explicit_names;
}

ClientProfile as_peer_of(const ClientProfile& client, Role role) {
  ClientProfile out = client;
  if (role_spec(role).cn != CnUse::kCnDocumented) return out;
  auto& cn = out.name_policy.common_name;
  if (cn == names::CommonName::kIgnore) cn = names::CommonName::kFallback;
  out.cn_match = CnMatch::kAccept;
  std::erase(out.uncertain, std::string("common_name"));
  return out;
}

std::optional<std::string> url_host(std::string_view url) {
  std::string_view rest = url;
  if (auto scheme = rest.find("://"); scheme != std::string_view::npos) rest = rest.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest.front() != '[') rest = rest.substr(0, rest.find(':'));
  std::string host = names::normalise_host(rest);
  if (host.empty()) return std::nullopt;
  return host;
}

bool add_simple_url(RoleInputs& in, std::string_view url) {
  const auto host = url_host(url);
  if (!host) return false;
  const std::string text = lower(url);
  auto is = [&](std::string_view kind) {
    return host->starts_with(std::string(kind) + ".") || text.find("/" + std::string(kind)) != std::string::npos;
  };
  if (is("dialin")) {
    in.dialin = *host;
  } else if (is("admin")) {
    in.admin = *host;
  } else if (std::find(in.meet.begin(), in.meet.end(), *host) == in.meet.end()) {
    in.meet.push_back(*host);
  }
  return true;
}

}  // namespace uccert::profiles
