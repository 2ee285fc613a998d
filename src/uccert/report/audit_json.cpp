#include "uccert/report/audit_json.h"

#include "uccert/report/audit_json_keys.h"
#include "uccert/report/check_json.h"
#include "uccert/report/json_text.h"
#include "uccert/report/report.h"

namespace uccert::report {

namespace k = audit_keys;

namespace {

// A string, or null when it is empty.
nlohmann::ordered_json or_null(const std::string& text) {
  return text.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(text);
}

}  // namespace

std::string render_audit_json(const AuditReport& r) {
  nlohmann::ordered_json j;
  j[k::kSchema] = k::kSchemaVersion;
  j[k::kCommand] = "audit";
  j[k::kFiles] = r.files;
  j[k::kAt] = pki::format_time(r.at);
  j[k::kVerdict] = rules::to_string(r.worst());
  j[k::kExitCode] = exit_code(r);
  j[k::kDeadlineReached] = r.deadline_reached;
  j[k::kClients] = r.clients;
  nlohmann::ordered_json verdicts = nlohmann::ordered_json::array();
  for (const auto& row : r.verdicts) {
    nlohmann::ordered_json v;
    v[k::kCertificate] = row.key;
    v[k::kAssignedServer] = or_null(row.assigned_server);
    v[k::kVerdicts] = nlohmann::ordered_json::object();
    for (const auto& [client, verdict] : row.verdicts)
      v[k::kVerdicts][client] = verdict.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(verdict);
    verdicts.push_back(std::move(v));
  }
  j[k::kVerdicts] = std::move(verdicts);
  nlohmann::ordered_json certs = nlohmann::ordered_json::array();
  for (const auto& c : r.certificates) {
    nlohmann::ordered_json e;
    e[k::kCertificate] = c.key;
    e[k::kRole] = profiles::to_string(c.role);
    e[k::kServer] = c.server;
    e[k::kAssignedServer] = or_null(c.assigned_server);
    e[k::kUsages] = c.usages;
    e[k::kSource] = or_null(c.source);
    e[k::kOrigin] = c.origin;
    e[k::kError] = or_null(c.error);
    e[k::kCheck] = c.check ? check_json(*c.check) : nlohmann::ordered_json();
    certs.push_back(std::move(e));
  }
  j[k::kCertificates] = std::move(certs);
  nlohmann::ordered_json coverage = nlohmann::ordered_json::array();
  for (const auto& row : r.coverage) {
    nlohmann::ordered_json e;
    e[k::kName] = row.name;
    e[k::kKind] = row.kind;
    e[k::kNeed] = row.need;
    e[k::kCertificate] = row.key;
    e[k::kClients] = row.clients;
    e[k::kStatus] = row.status;
    e[k::kEntry] = or_null(row.entry);
    e[k::kThumbprint] = or_null(row.thumbprint);
    coverage.push_back(std::move(e));
  }
  j[k::kCoverage] = std::move(coverage);
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  for (const auto& af : r.findings) {
    auto f = finding_json(af.finding);
    f[k::kCertificate] = or_null(af.key);
    findings.push_back(std::move(f));
  }
  j[k::kFindings] = std::move(findings);
  nlohmann::ordered_json notes = nlohmann::ordered_json::array();
  for (const auto& n : r.notes) notes.push_back(topology::where(n.origin) + ": " + n.text);
  for (const auto& n : r.trust_notes) notes.push_back(n);
  j[k::kNotes] = std::move(notes);
  return json_text(j);
}

}  // namespace uccert::report
