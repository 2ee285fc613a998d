// The deployment as data: what a Lync / Skype for Business topology holds that decides which
// certificates it needs (docs/topology.md). Plain structs, filled by the Topology XML import
// (xml_import.h) and the TOML overlay (overlay.h); nothing here reads a file or judges.
// Every element remembers where it was read, so a message can name the file and line.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace uccert::topology {

// Where an element was read: the file as the user named it, and its line (from 1; 0 = unknown).
struct Origin {
  std::string file;
  std::size_t line = 0;
};

// "FILE:LINE" (or FILE alone when the line is unknown), the prefix of every topology message.
std::string where(const Origin& origin);

// A SIP domain (Topology XML InternalDomains/InternalDomain; overlay sip_domains).
struct SipDomain {
  std::string name;
  bool is_default = false;  // InternalDomains/@DefaultDomain: Request-CsCertificate's primary domain
  Origin origin;
};

struct Site {
  std::string id;    // CentralSite/@SiteId
  std::string name;  // CentralSite/Name
  Origin origin;
};

struct Machine {
  std::string fqdn;
  Origin origin;
};

// The services a pool runs (Topology XML Service/ServiceId/@RoleName). Present = installed.
struct Registrar {
  bool is_director = false;  // RegistrarService/@IsDirector
  Origin origin;
};
struct UserServices {
  Origin origin;
};
struct WebServices {
  std::string internal_fqdn;  // empty: the pool FQDN (FE-03 Standard Edition; FE-04 overrides it)
  std::string external_fqdn;  // WebService/ExternalSettings/@Host (FE-05, RP-01)
  Origin origin;
};
// An Edge pool: the internal FQDN is the pool's (EDGE-07/08), the external ones are what remote
// clients and federation partners dial (EDGE-02/03); the A/V name is never name-checked (EDGE-04).
struct EdgeServer {
  std::string internal_fqdn;  // empty: the pool FQDN
  std::string access_fqdn;    // Access Edge, e.g. sip.contoso.com
  std::string webconf_fqdn;   // Web Conferencing Edge
  std::string av_fqdn;        // A/V Edge
  Origin origin;
};
struct MediationServer {
  Origin origin;
};
struct WacService {           // an Office Web Apps / Office Online Server farm defined in the topology
  std::string internal_fqdn;  // empty: the pool FQDN
  std::string external_fqdn;
  Origin origin;
};

struct PoolServices {
  std::optional<Registrar> registrar;
  std::optional<UserServices> user_services;
  std::optional<WebServices> web;
  std::optional<EdgeServer> edge;
  std::optional<MediationServer> mediation;
  std::optional<WacService> wac;
};

// A pool (Topology XML Cluster): its FQDN, its members, the services installed on it.
struct Pool {
  std::string fqdn;
  std::string site;  // Site::id, empty when unknown
  std::vector<Machine> machines;
  PoolServices services;
  Origin origin;
};

// What kind of server a pool is, derived from its services (model.cpp).
bool is_director(const Pool& pool);
bool is_front_end(const Pool& pool);         // Registrar + UserServices, not a Director
bool is_standard_edition(const Pool& pool);  // one member whose FQDN is the pool's (FE-03)
bool is_edge(const Pool& pool);
bool is_mediation_only(const Pool& pool);  // a stand-alone Mediation pool (MED-01)
bool is_office_web_apps(const Pool& pool);

// A Simple URL (Set-CsSimpleUrlConfiguration): meet per SIP domain, dialin and admin once.
enum class SimpleUrlKind { kMeet, kDialin, kAdmin };
struct SimpleUrl {
  SimpleUrlKind kind = SimpleUrlKind::kMeet;
  std::string url;         // as given: https://meet.contoso.com/ or https://lync.contoso.com/meet
  std::string host;        // the FQDN a certificate must carry
  std::string sip_domain;  // meet: the domain it serves; empty: every domain
  Origin origin;
};

struct HostName {
  std::string fqdn;
  Origin origin;
};

// Exchange UM and Client Access, as Lync and its phones reach them (UM-01..07, CAS-01, LPE-02).
struct Exchange {
  std::vector<HostName> um_servers;
  std::vector<HostName> cas_names;     // OWA / EWS / Autodiscover names (mail., autodiscover.)
  bool um_colocated_with_cas = false;  // UM-03, W-09: a wildcard SAN is fine then
  Origin origin;
};

// The reverse proxy in front of the web services (RP-01..06). Its published names are derived
// from the pools' external web FQDNs, Simple URLs, lyncdiscover and Office Web Apps; `published`
// adds names the topology does not know.
struct ReverseProxy {
  std::string fqdn;                    // the certificate's CN (the primary external web FQDN)
  std::vector<HostName> published;     // extra names it publishes
  bool publishes_lyncdiscover = true;  // RP-04: lyncdiscover only when autodiscover is on 443
  Origin origin;
};

struct OfficeWebApps {
  std::string internal_fqdn;
  std::string external_fqdn;  // published through the reverse proxy (OWAS-01)
  Origin origin;
};

struct FederationPartner {
  std::string domain;
  Origin origin;
};

// A Teams Direct Routing (or on-premises) Session Border Controller (DR-01..07, W-15).
struct Sbc {
  std::string fqdn;
  Origin origin;
};

// The clients the deployment has: they decide which client profiles judge which certificate.
struct Clients {
  bool desktop = true;
  bool mobile = false;
  std::vector<std::string> phone_firmware;  // Lync Phone Edition builds, e.g. "4.0.7577.107"
  std::vector<FederationPartner> federation;
  std::vector<Sbc> sbcs;
  Origin origin;
};

// A file the overlay names, its path already resolved against the overlay's directory.
struct FileRef {
  std::string path;
  Origin origin;  // where it was named
};

// Certificate files naming the trust each client has (profiles' TrustSource).
struct Trust {
  std::vector<FileRef> enterprise_roots;
  std::vector<FileRef> trusted_ca_certs;
  std::vector<FileRef> mobile_roots;
};

// A certificate usage: the Set-CsCertificate -Type values (PS-03), Exchange's services (PS-08),
// and the servers no cmdlet reaches.
enum class Usage {
  kDefault,
  kWebServicesInternal,
  kWebServicesExternal,
  kAccessEdgeExternal,
  kDataEdgeExternal,
  kAudioVideoAuthentication,
  kInternal,  // the Edge internal interface
  kUm,
  kUmCallRouter,
  kIis,
  kReverseProxy,
  kSbc,
  kOfficeWebApps,
};

// The spelling in files and output ("Default", "AccessEdgeExternal", "UM", "reverse-proxy", ...).
std::string_view usage_name(Usage usage);
std::optional<Usage> parse_usage(std::string_view text);  // case-insensitive

// Where an assigned certificate is: a file (PEM, DER, PKCS#7 or PKCS#12, with its password in
// password_file), or a live endpoint host:port. Paths are as written, resolved against `base_dir`.
struct Assignment {
  std::string server;  // a pool, machine, Exchange server, reverse proxy, Office Web Apps or SBC FQDN
  std::vector<Usage> usages;
  std::string file;
  std::string password_file;
  std::string endpoint;  // host:port
  std::string base_dir;  // the overlay's directory
  Origin origin;
};

// Something the import read leniently (an element it does not know, skipped).
struct Note {
  std::string text;
  Origin origin;
};

struct Topology {
  std::vector<std::string> files;  // every file read, in order
  std::vector<SipDomain> sip_domains;
  std::vector<Site> sites;
  std::vector<Pool> pools;
  std::vector<SimpleUrl> simple_urls;
  std::optional<Exchange> exchange;
  std::optional<ReverseProxy> reverse_proxy;
  std::optional<OfficeWebApps> office_web_apps;
  Clients clients;
  Trust trust;
  std::vector<Assignment> assignments;
  std::vector<Note> notes;
};

// An assignment's file or password_file as a path to open: relative ones from its base_dir.
std::string resolve_path(std::string_view base_dir, std::string_view path);

// Look-ups by FQDN (case-insensitive); nullptr when absent.
const Pool* find_pool(const Topology& topology, std::string_view fqdn);
const SipDomain* default_sip_domain(const Topology& topology);  // the marked one, else the first

}  // namespace uccert::topology
