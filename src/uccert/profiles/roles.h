// The role catalogue: for each server role of a Lync / Skype for Business / Exchange / Direct
// Routing deployment, what its certificate must be (uc-rules §1-3, §6) as data, and which names
// it must carry, derived from plain inputs (SIP domains, pool FQDN, Simple URLs, Edge FQDNs...).
// `check --role` judges one certificate against one role; the topology layer fills RoleInputs
// from a deployment and `plan` / `audit` use the same data for every certificate.
// docs/roles.md documents every role.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "uccert/profiles/client_profile.h"

namespace uccert::profiles {

// The role a certificate serves. The spellings (role_id) are stable: flags, JSON, docs.
enum class Role {
  kFeDefault,      // "fe-default": Front End / Standard Edition, SIP (Default)
  kFeWebInternal,  // "fe-web-internal": Front End internal web services (WebServicesInternal)
  kFeWebExternal,  // "fe-web-external": Front End external web services (WebServicesExternal)
  kDirector,       // "director": Director (Default + web services, one certificate)
  kEdgeInternal,   // "edge-internal": Edge Server internal interface (Internal)
  kEdgeExternal,   // "edge-external": Edge Server external interface (Access, Web Conferencing, A/V auth)
  kReverseProxy,   // "reverse-proxy": the reverse proxy publishing the web services
  kExchangeUm,     // "exchange-um": Exchange Unified Messaging (UM, UMCallRouter)
  kExchangeWeb,    // "exchange-web": Exchange Client Access (IIS: OWA, EWS, Autodiscover)
  kOfficeWebApps,  // "office-web-apps": Office Web Apps / Office Online Server farm
  kMediation,      // "mediation": stand-alone Mediation pool (Default)
  kSbc             // "sbc": a Session Border Controller paired with Teams Direct Routing
};

// How a certificate of the role is requested and put to use: the commands a fix gives.
enum class Installer {
  kLyncServer,     // Request-CsCertificate -New (online), Set-CsCertificate -Type, Restart-Service RTCSRV
  kLyncEdge,       // Request-CsCertificate -Output (offline, G-10), Import-CsCertificate, Set-CsCertificate
  kExchange,       // New-ExchangeCertificate, Import-ExchangeCertificate, Enable-ExchangeCertificate -Services IIS
  kExchangeUm,     // the same for -Services UM,UMCallRouter after UMStartupMode TLS (UM-05, PS-08)
  kReverseProxy,   // the proxy's own certificate pages (no cmdlet reaches it)
  kOfficeWebApps,  // Set-OfficeWebAppsFarm -CertificateName
  kSbc             // the SBC's own certificate pages
};

// Where the role lets a wildcard stand (uc-rules §2).
enum class WildcardSan {
  kNever,       // no wildcard entry at all (W-06 Edge external, W-07 Mediation)
  kSimpleUrls,  // only for the names marked wildcard_ok (Simple URLs, lyncdiscover: W-02..W-04)
  kAny,         // any name (W-09/W-10 Exchange CAS, W-15 SBC: one label)
  kUnread       // allowed but pointless: the SAN is not read (W-05 Edge internal, W-08 stand-alone UM)
};

// How the role's peers read the Subject CN.
enum class CnUse {
  kSubjectAndSan,  // CN = the role's first name, repeated in the SAN (G-12)
  kCnOnly,         // peers read only the CN: it must be the server's FQDN, the SAN is ignored (UM-02, UM-07)
  kCnDocumented,   // the documented configuration is CN = FQDN and no SAN (EDGE-07): never warned about
  kCnOrSan         // the name may be in the CN or the SAN (DR-02, DR-03)
};

enum class CaKind {
  kEnterprise,  // any CA the peers trust, usually the enterprise CA (G-09)
  kPublic,      // a public CA (EDGE-01, RP-01, G-18; DR-01: Microsoft Trusted Root Program)
  kEither       // whichever both sides trust (UM-01)
};

enum class KeyExport {
  kNotNeeded,  // non-exportable by default (G-09)
  kAdvised,    // load-balanced farms (K-02: reverse proxy farms, Exchange)
  kRequired    // the A/V authentication key is shared by every Edge of a pool (EDGE-05, EDGE-06, K-02)
};

// Why a certificate of a role must carry a name.
enum class NameKind {
  kPool,                   // the pool FQDN (FE-01, DIR-01, MED-01)
  kServer,                 // a member server FQDN
  kSipAccess,              // sip.<sipdomain> (FE-02, DIR-01, EDGE-03, DNS-09)
  kLyncdiscoverInternal,   // lyncdiscoverinternal.<sipdomain> (FE-07)
  kLyncdiscover,           // lyncdiscover.<sipdomain> (FE-07, RP-01, RP-04)
  kMeet,                   // a meet Simple URL host (FE-03..05, RP-01, RP-02)
  kDialin,                 // the dial-in Simple URL host
  kAdmin,                  // the admin Simple URL host
  kInternalWeb,            // the internal web services FQDN (FE-03, FE-04)
  kExternalWeb,            // an external web services FQDN (FE-05, RP-01)
  kAccessEdge,             // the Access Edge FQDN (EDGE-02, EDGE-03)
  kWebConfEdge,            // the Web Conferencing Edge FQDN (EDGE-03)
  kAvEdge,                 // the A/V Edge FQDN: never name-checked (EDGE-04)
  kEdgeInternal,           // the Edge's internal FQDN (EDGE-07, EDGE-08)
  kExchangeServer,         // the Exchange UM server FQDN (UM-02) or a CAS name
  kOfficeWebApps,          // the Office Web Apps farm FQDN (OWAS-01, OWAS-02)
  kSbc,                    // the SBC FQDN (DR-02)
  kGiven                   // named by the administrator (--name)
};

enum class Need {
  kRequired,     // missing: the clients that dial it fail (role.missing-name)
  kOptional,     // listed in some documentation only (C-08 admin URL on external certificates): info
  kNeverChecked  // on the certificate by habit, never validated (EDGE-04 A/V Edge): info at most
};

// One name a certificate of the role must (or may) carry.
struct RequiredName {
  std::string name;  // lower case, no trailing dot
  NameKind kind = NameKind::kGiven;
  Need need = Need::kRequired;
  bool subject = false;   // this name is the Subject CN
  // A wildcard SAN entry may stand in for it (W-02..W-04, FE-07), e.g. "*.contoso.com"; empty: no.
  std::string wildcard;
  std::vector<std::string> clients;  // built-in profile ids that dial this name
  std::string_view source;           // uc-rules ids
};

// What the catalogue holds about one role.
struct RoleSpec {
  Role role;
  std::string_view id;     // "edge-external"
  std::string_view title;  // "Edge Server, external interface"
  // Set-CsCertificate -Type values (Lync side), or Enable-ExchangeCertificate -Services values
  // (Exchange), or empty (reverse proxy, Office Web Apps, SBC: no such switch).
  std::span<const std::string_view> usages;
  Installer installer;
  ServerKind server;  // the kind of server the clients validate (fix commands)
  CnUse cn;
  bool wildcard_cn_allowed;  // W-01: never for a Lync role; W-15: yes for an SBC
  WildcardSan wildcard_san;
  // Client Authentication besides Server Authentication (RP-06 recipe; EDGE-09: AOL only, so false).
  bool client_auth_eku;
  CaKind ca;
  KeyExport exportable_key;
  int min_rsa_bits;         // G-05, K-05, K-06
  std::span<const std::string_view> default_clients;  // built-in profile ids that reach it
  std::string_view source;  // uc-rules ids
  std::string_view notes;   // what the data cannot say, for people
};

// The twelve roles, in the order above.
std::span<const RoleSpec> role_catalogue();
const RoleSpec& role_spec(Role role);
// By its spelling ("edge-external"), case-insensitive; nullopt for anything else.
const RoleSpec* find_role(std::string_view id);
// "fe-default, fe-web-internal, ..." for error messages.
std::string role_ids();
std::string_view to_string(Role role);
std::string_view to_string(NameKind kind);  // "pool", "sip-access", "meet", ...
std::string_view to_string(Need need);      // "required", "optional", "never-checked"
std::string_view to_string(CaKind ca);      // "enterprise", "public", "either"
std::string_view to_string(KeyExport e);    // "not-needed", "advised", "required"

// Plain inputs the names derive from. The topology layer fills it from a deployment; `check
// --role` from its options. Every field is optional: a name is derived only from what is given.
struct RoleInputs {
  std::vector<std::string> sip_domains;   // contoso.com, fabrikam.com (the first is the primary)
  std::string pool;                       // the pool FQDN (Standard Edition: the server's FQDN)
  std::vector<std::string> servers;       // the pool's member server FQDNs
  std::string internal_web;               // internal web services FQDN (EE: differs from the pool)
  std::string external_web;               // external web services FQDN of this pool
  std::vector<std::string> other_external_web;  // reverse proxy: other pools' and Directors' external web FQDNs
  std::vector<std::string> meet;          // meet Simple URL hosts (one per SIP domain, or one for all)
  std::string dialin;                     // dial-in Simple URL host
  std::string admin;                      // admin Simple URL host
  bool lyncdiscover = true;               // mobility published (FE-07, RP-04): lyncdiscover(internal) names
  std::string access_edge;                // Access Edge FQDN (sip.contoso.com)
  std::string webconf_edge;               // Web Conferencing Edge FQDN
  std::string av_edge;                    // A/V Edge FQDN
  std::string edge_internal;              // the Edge pool's internal FQDN
  std::string office_web_apps;            // the Office Web Apps farm FQDN
  std::vector<std::string> names;         // names given as they are (--name): UM server, CAS, SBC, extra
};

// The names a certificate of `role` must carry, derived from `in`, in the order a request
// should list them: the Subject CN first, then every explicit FQDN, each once (W-11: explicit
// names before any wildcard; a wildcard that may stand in for a name is in its `wildcard`).
// Pure; names are lower-cased, a trailing dot dropped, duplicates removed.
std::vector<RequiredName> required_names(Role role, const RoleInputs& in);

// The names to request, in device order: every required and optional name, explicit first;
// with `use_wildcards`, the allowed wildcards replace the names they cover and come last (W-11).
std::vector<std::string> request_names(const std::vector<RequiredName>& names, bool use_wildcards);

// How `client` reads the names on a certificate of `role`: the profile as it is, except where the
// role's documentation settles what the profile leaves uncertain. EDGE-07: Front End and Director
// servers name the Edge's internal interface by its CN, with no SAN, as Microsoft documents; so
// a CN match there is no warning and no uncertain reading.
ClientProfile as_peer_of(const ClientProfile& client, Role role);

// The host of a Simple URL as an administrator writes it ("https://meet.contoso.com/abc" ->
// "meet.contoso.com", "meet.contoso.com" -> itself); nullopt when there is no host.
std::optional<std::string> url_host(std::string_view url);

// Adds a Simple URL as an administrator writes it to `in`: a meet, dial-in or admin URL by its
// first label or its path ("https://dialin.contoso.com", "https://contoso.com/dialin"), a meet URL
// otherwise. False when it has no host.
bool add_simple_url(RoleInputs& in, std::string_view url);

}  // namespace uccert::profiles
