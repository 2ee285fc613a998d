#include "uccert/report/discover_json.h"

#include <nlohmann/json.hpp>

#include "uccert/report/check_json.h"
#include "uccert/report/endpoint_json.h"
#include "uccert/report/json_keys.h"
#include "uccert/report/json_text.h"
#include "uccert/report/report.h"

namespace uccert::report {

namespace {

namespace k = json_keys;
using Json = nlohmann::ordered_json;

// Keys in the order of docs/json.md's tables ("discover" section).
Json target_json(const evidence::ProbedTarget& t, const CheckReport* check) {
  Json j;
  j[k::kName] = t.name;
  j[k::kPort] = t.port;
  j[k::kProtocol] = evidence::to_string(t.protocol);
  j[k::kProfiles] = t.profiles;
  j[k::kAddresses] = t.addresses ? t.addresses->addresses : std::vector<std::string>{};
  j[k::kCnameChain] = t.addresses ? t.addresses->cname_chain : std::vector<std::string>{};
  j[k::kError] = t.error;
  j[k::kEndpoint] = t.evidence && t.evidence->endpoint ? endpoint_json(*t.evidence->endpoint) : Json();
  j[k::kVerdict] = nullptr;
  j[k::kVerdicts] = Json::object();
  j[k::kCheck] = nullptr;
  if (check != nullptr) {
    j[k::kVerdict] = rules::to_string(check->judgement.worst());
    // In the order the profiles were requested.
    for (const auto& pj : check->judgement.profiles) j[k::kVerdicts][pj.profile_id] = rules::to_string(pj.verdict);
    j[k::kCheck] = check_json(*check);
  }
  return j;
}

Json record_json(const DiscoverReport& report, std::size_t index) {
  const auto& rec = report.facts.records[index];
  Json j;
  j[k::kName] = rec.name;
  j[k::kType] = rec.spec.kind == evidence::RecordKind::kSrv ? "SRV" : "A";
  j[k::kPurpose] = rec.spec.purpose;
  j[k::kRules] = rec.spec.rules;
  j[k::kProfiles] = rec.spec.profiles;
  j[k::kStatus] = evidence::to_string(rec.status);
  j[k::kError] = rec.error;
  Json answers = Json::array();
  for (const auto& s : rec.srv) {
    Json a;
    a[k::kTarget] = s.target;
    a[k::kPort] = s.port;
    a[k::kPriority] = s.priority;
    a[k::kWeight] = s.weight;
    answers.push_back(std::move(a));
  }
  j[k::kSrv] = std::move(answers);
  j[k::kSrvAnswered] = rec.srv_answered;
  j[k::kAddresses] = rec.host ? rec.host->addresses : std::vector<std::string>{};
  j[k::kCnameChain] = rec.host ? rec.host->cname_chain : std::vector<std::string>{};
  Json targets = Json::array();
  for (std::size_t t = 0; t < rec.targets.size(); ++t)
    targets.push_back(target_json(rec.targets[t], report.check(index, t)));
  j[k::kTargets] = std::move(targets);
  return j;
}

}  // namespace

std::string render_discover_json(const DiscoverReport& report) {
  const auto& facts = report.facts;
  Json j;
  j[k::kSchema] = k::kSchemaVersion;
  j[k::kCommand] = "discover";
  j[k::kDomain] = facts.domain;
  j[k::kVerdict] = rules::to_string(report.worst());
  j[k::kExitCode] = exit_code(report);
  Json records = Json::array();
  for (std::size_t i = 0; i < facts.records.size(); ++i) records.push_back(record_json(report, i));
  j[k::kRecords] = std::move(records);
  Json findings = Json::array();
  for (const auto& f : report.findings) findings.push_back(finding_json(f));
  j[k::kFindings] = std::move(findings);
  Json notes = Json::array();
  for (const auto& n : facts.notes) {
    Json note;
    note[k::kId] = n.id;
    note[k::kMessage] = n.message;
    notes.push_back(std::move(note));
  }
  j[k::kNotes] = std::move(notes);
  j[k::kDeadlineMs] = facts.deadline.count();
  return json_text(j);
}

}  // namespace uccert::report
