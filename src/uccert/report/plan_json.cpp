#include "uccert/report/plan_json.h"

#include <nlohmann/json.hpp>

#include "uccert/report/json_keys.h"
#include "uccert/report/json_text.h"
#include "uccert/report/plan_json_keys.h"

namespace uccert::report {
namespace {

using Json = nlohmann::ordered_json;
namespace k = plan_keys;

constexpr const char* kServerAuthOid = "1.3.6.1.5.5.7.3.1";
constexpr const char* kClientAuthOid = "1.3.6.1.5.5.7.3.2";

Json strings(const std::vector<std::string>& items) {
  Json a = Json::array();
  for (const auto& s : items) a.push_back(s);
  return a;
}

Json certificate_json(const topology::CertificatePlan& c, const std::string& request) {
  const profiles::RoleSpec& spec = profiles::role_spec(c.role);
  Json j;
  j[k::kKey] = c.key;
  j[k::kRole] = spec.id;
  j[k::kRoleTitle] = spec.title;
  j[k::kServer] = c.server;
  j[k::kInstalledOn] = strings(c.installed_on);
  j[k::kUsages] = strings(c.usages);
  j[k::kSubjectCn] = c.subject_cn;
  j[k::kSan] = strings(c.san);
  j[k::kSanWithWildcards] = strings(c.san_with_wildcards);
  j[k::kWildcardRule] = c.wildcard_rule;
  j[k::kCautions] = strings(c.cautions);
  Json eku = Json::array({kServerAuthOid});
  if (spec.client_auth_eku) eku.push_back(kClientAuthOid);
  j[k::kEku] = eku;
  j[k::kCa] = profiles::to_string(spec.ca);
  j[k::kExportableKey] = profiles::to_string(spec.exportable_key);
  j[k::kMinRsaBits] = spec.min_rsa_bits;
  j[k::kClients] = strings(c.clients);
  Json names = Json::array();
  for (const auto& n : c.names) {
    Json x;
    x[k::kName] = n.name;
    x[k::kKind] = profiles::to_string(n.kind);
    x[k::kNeed] = profiles::to_string(n.need);
    x[k::kWildcard] = n.wildcard;
    x[k::kClients] = strings(n.clients);
    x[k::kSource] = n.source;
    names.push_back(std::move(x));
  }
  j[k::kNames] = std::move(names);
  j[k::kSource] = spec.source;
  j[k::kRequest] = request;
  return j;
}

Json diff_json(const PlanReport::Diff& d) {
  Json j;
  j[k::kOldFiles] = strings(d.old_files);
  j[k::kSipDomainsAdded] = strings(d.changes.sip_domains_added);
  j[k::kSipDomainsRemoved] = strings(d.changes.sip_domains_removed);
  Json changes = Json::array();
  for (const auto& c : d.changes.changes) {
    Json x;
    x[k::kKey] = c.key;
    x[k::kRole] = profiles::to_string(c.role);
    x[k::kServer] = c.server;
    x[k::kChange] = topology::to_string(c.kind);
    x[k::kAdded] = strings(c.added);
    x[k::kRemoved] = strings(c.removed);
    x[k::kOldCn] = c.old_cn;
    x[k::kSubjectCn] = c.new_cn;
    x[k::kNewSan] = strings(c.new_san);
    changes.push_back(std::move(x));
  }
  j[k::kChanges] = std::move(changes);
  return j;
}

}  // namespace

std::string render_plan_json(const PlanReport& r) {
  Json j;
  j[json_keys::kSchema] = json_keys::kSchemaVersion;
  j[json_keys::kCommand] = "plan";
  j[k::kFiles] = strings(r.files);
  j[k::kSipDomains] = strings(r.plan.sip_domains);
  Json certs = Json::array();
  for (std::size_t i = 0; i < r.plan.certificates.size(); ++i)
    certs.push_back(certificate_json(r.plan.certificates[i], i < r.requests.size() ? r.requests[i] : std::string()));
  j[k::kCertificates] = std::move(certs);
  Json dns = Json::array();
  for (const auto& d : r.plan.dns) {
    Json x;
    x[k::kSipDomain] = d.sip_domain;
    x[k::kSide] = d.side;
    x[k::kType] = d.type;
    x[k::kName] = d.name;
    x[k::kPort] = d.port;
    x[k::kTarget] = d.target;
    x[k::kPointsAt] = d.points_at;
    x[k::kSource] = d.source;
    dns.push_back(std::move(x));
  }
  j[k::kDns] = std::move(dns);
  Json notes = Json::array();
  for (const auto& n : r.notes) notes.push_back(Json{{k::kText, n.text}, {k::kWhere, topology::where(n.origin)}});
  j[k::kNotes] = std::move(notes);
  j[k::kDiff] = r.diff ? diff_json(*r.diff) : Json();
  return json_text(j);
}

}  // namespace uccert::report
