// A lab scenario as data (data/lab/*.toml, docs/lab.md): the CA hierarchy, each certificate, the
// endpoints that serve them on 127.0.0.1, the DNS records that point at the endpoints, and the
// checks that show what the scenario demonstrates. `uccert lab up` mints and serves it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "uccert/pki/error.h"

namespace uccert::lab {

// Which trust a CA's root stands for in the commands the lab prints: an enterprise root
// (--enterprise-root) or a stand-in for a public root (--public-roots).
enum class CaKind { kEnterprise, kPublic };

// Fields common to CAs and leaf certificates. Validity is relative to the time the lab mints.
struct ScenarioCertFields {
  std::string id;              // unique among CAs and certificates; files are named after it
  std::string issuer;          // id of the issuing CA; empty: self-signed (roots)
  std::string cn;              // Subject CN
  std::string organization;    // Subject O (may be empty)
  std::vector<std::string> san;
  std::optional<std::vector<std::string>> eku;  // nullopt: the minting default (serverAuth + clientAuth)
  std::string key = "rsa-2048";  // "rsa-BITS", "ec-p256", "ec-p384"
  std::string digest = "sha256";
  std::int64_t valid_from_days = -1;  // notBefore = now + days
  std::int64_t valid_days = 365;      // notAfter = notBefore + days
  bool crl = true;                    // a CRL distribution point on the lab's HTTP port
  bool aia = true;                    // an AIA caIssuers URL on the lab's HTTP port (issued certificates)
  int line = 0;                       // where it was declared, for messages
};

struct ScenarioCa : ScenarioCertFields {
  CaKind kind = CaKind::kEnterprise;
};

struct ScenarioCertificate : ScenarioCertFields {};

enum class EndpointProtocol { kSip, kHttps, kSmtp, kTls };

enum class ClientCertMode { kNone, kRequest, kRequire };

// How an HTTPS endpoint answers.
enum class HttpRole {
  kPlain,         // 200 OK with a short text
  kAutodiscover,  // the Lync autodiscover document, its links on `web_services`
  kRedirect       // 302 to `redirect_to`
};

struct ScenarioEndpoint {
  std::string id;
  std::string host;         // the name clients dial (SNI and the name judged)
  std::uint16_t port = 0;   // the port clients dial in a real deployment (5061, 443, 25)
  EndpointProtocol protocol = EndpointProtocol::kTls;
  std::string certificate;  // certificate id
  bool send_intermediates = true;  // false: the leaf alone (K-08, S-10)
  ClientCertMode client_certificate = ClientCertMode::kNone;
  // SIP with a client certificate: the Subject CNs accepted as peers, as Lync accepts a trusted
  // application or Exchange UM server by CN only (UM-02, seed article 002). Empty: any.
  std::vector<std::string> accepted_peers;
  HttpRole http = HttpRole::kPlain;
  std::string web_services;  // kAutodiscover: host of the web services the document links to
  std::string redirect_to;   // kRedirect: the Location
  int line = 0;
};

// An SRV record whose target and port are those of an endpoint.
struct ScenarioSrv {
  std::string name;      // "_sipinternaltls._tcp.contoso.com"
  std::string endpoint;  // endpoint id
  int line = 0;
};

struct ScenarioCname {
  std::string name;
  std::string target;
  int line = 0;
};

// One `uccert check` of an endpoint and what the story predicts.
struct ScenarioCheck {
  std::string id;
  std::string story;
  std::string endpoint;  // endpoint id
  std::string name;      // --name; empty: the endpoint's host
  // Further options; "{ca:ID}" and "{cert:ID}" become the paths of that CA's or certificate's file.
  std::vector<std::string> options;
  std::vector<std::pair<std::string, std::string>> expect;  // profile id, "pass" | "warn" | "fail"
  std::vector<std::string> findings;                        // finding ids the report must hold
  int line = 0;
};

struct Scenario {
  std::string name;
  std::string description;
  std::vector<std::string> sip_domains;
  std::vector<ScenarioCa> cas;                 // issuers before what they issue
  std::vector<ScenarioCertificate> certificates;
  std::vector<ScenarioEndpoint> endpoints;
  std::vector<ScenarioSrv> srv;
  std::vector<ScenarioCname> cnames;
  std::vector<ScenarioCheck> checks;
  // The [topology] table: the topology overlay that describes the deployment (docs/topology.md),
  // written out as DIR/topology.toml for `uccert audit` and `uccert plan`; paths in it are
  // relative to the lab folder ("ca/contoso-root.pem"). Empty: none.
  std::string topology_toml;

  const ScenarioCa* find_ca(std::string_view id) const;
  const ScenarioCertificate* find_certificate(std::string_view id) const;
  const ScenarioEndpoint* find_endpoint(std::string_view id) const;
};

// Parses and validates a scenario. `origin` names the text in messages: "ORIGIN:LINE: ..." naming
// the key. Unknown keys, wrong types, duplicate ids, references to ids that do not exist, an
// issuer declared after what it issues: each is an error.
Result<Scenario> parse_scenario(std::string_view toml_text, std::string_view origin);

// The scenarios built into uccert (data/lab/*.toml): name and TOML text.
const std::vector<std::pair<std::string_view, std::string_view>>& builtin_scenarios();

// A built-in scenario by name, or a scenario file by path (anything with a '/' or ending ".toml").
Result<Scenario> load_scenario(std::string_view name_or_path);

std::string_view protocol_name(EndpointProtocol p);

}  // namespace uccert::lab
