#include "uccert/report/sarif.h"

#include <fmt/format.h>

#include <map>

#include <nlohmann/json.hpp>

#include "uccert/report/json_text.h"
#include "uccert/report/version.h"
#include "uccert/rules/dns_rule.h"
#include "uccert/rules/registry.h"

namespace uccert::report {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kSchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

// The registry's descriptor behind a finding id (path.<problem id> shares one descriptor).
const rules::RuleDescriptor* descriptor_of(std::string_view id) {
  if (const auto* r = rules::find_rule(id)) return &r->descriptor;
  for (const auto& d : rules::dns_rules())
    if (d.descriptor.id == id) return &d.descriptor;
  if (id.starts_with("path.")) {
    for (const auto& r : rules::path_rules()) return &r.descriptor;
  }
  return nullptr;
}

Json rule_json(const rules::Finding& f) {
  const auto* d = descriptor_of(f.id);
  const std::string title = d != nullptr ? std::string(d->title) : f.title;
  const std::string source = d != nullptr ? std::string(d->source) : f.source;
  const std::string fix = d != nullptr ? std::string(d->fix) : std::string();
  Json rule;
  rule["id"] = f.id;
  rule["shortDescription"] = {{"text", title.empty() ? f.id : title}};
  std::string full = title;
  if (d != nullptr && !d->concerns.empty()) full += fmt::format(" Concerns: {}.", d->concerns);
  if (!source.empty()) full += fmt::format(" Source: {}.", source);
  rule["fullDescription"] = {{"text", full.empty() ? f.id : full}};
  std::string help = title;
  if (!fix.empty()) help += "\n\nFix: " + fix;
  if (!source.empty()) help += "\n\nSource (uc-rules): " + source;
  rule["help"] = {{"text", help.empty() ? f.id : help}};
  rule["defaultConfiguration"] = {
      {"level", sarif_level(d != nullptr ? d->severity : f.severity)}};
  rule["properties"] = {{"source", source}};
  return rule;
}

struct Location {
  std::string file;     // a file target: physical location
  std::string logical;  // otherwise: HOST:PORT, a DNS record
  int line = 0;         // in `file`, from 1 (topology files); 0: none
};

// "FILE:LINE" (where a topology element was read) as a location; `fallback` when it holds none.
Location file_and_line(const std::string& origin, const std::string& fallback) {
  Location where;
  const auto colon = origin.rfind(':');
  if (colon != std::string::npos && colon + 1 < origin.size() &&
      origin.find_first_not_of("0123456789", colon + 1) == std::string::npos) {
    where.file = origin.substr(0, colon);
    where.line = std::stoi(origin.substr(colon + 1));
  } else {
    where.file = origin.empty() ? fallback : origin;
  }
  return where;
}

Json location_json(const Location& where) {
  Json loc;
  if (!where.file.empty()) {
    loc["physicalLocation"] = {{"artifactLocation", {{"uri", sarif_uri(where.file)}}}};
    if (where.line > 0) loc["physicalLocation"]["region"] = {{"startLine", where.line}};
  } else {
    loc["logicalLocations"] = Json::array({{{"fullyQualifiedName", where.logical}, {"kind", "resource"}}});
  }
  return loc;
}

class Run {
 public:
  void add(const rules::Finding& f, const Location& where) {
    std::size_t index = 0;
    while (index < rules_.size() && rules_[index]["id"] != f.id) ++index;
    if (index == rules_.size()) rules_.push_back(rule_json(f));
    Json result;
    result["ruleId"] = f.id;
    result["ruleIndex"] = index;
    result["level"] = sarif_level(f.severity);
    std::string clients;
    for (const auto& p : f.profiles) clients += (clients.empty() ? "" : ", ") + p;
    result["message"] = {{"text", clients.empty() ? f.message : fmt::format("{} (clients: {})", f.message, clients)}};
    result["locations"] = Json::array({location_json(where)});
    Json props;
    props["severity"] = rules::to_string(f.severity);
    props["clients"] = f.profiles;
    props["fix"] = f.fix;
    props["source"] = f.source;
    if (f.cert_index >= 0) props["certIndex"] = f.cert_index;
    if (f.uncertain) props["uncertain"] = true;
    if (!f.details.empty()) {
      props["details"] = Json::object();
      for (const auto& [k, v] : f.details) props["details"][k] = v;
    }
    result["properties"] = std::move(props);
    results_.push_back(std::move(result));
  }

  void add_check(const CheckReport& r) {
    Location where;
    if (r.evidence.endpoint) {
      where.logical = r.evidence.target;
    } else {
      where.file = r.evidence.target;
    }
    for (const auto& f : r.judgement.findings) add(f, where);
  }

  std::string text(std::string_view command) const {
    Json log;
    log["$schema"] = kSchemaUri;
    log["version"] = "2.1.0";
    Json run;
    run["tool"] = {{"driver",
                    {{"name", "uccert"},
                     {"version", uccert_version()},
                     {"rules", rules_}}}};
    run["automationDetails"] = {{"id", fmt::format("uccert/{}/", command)}};
    run["results"] = results_;
    log["runs"] = Json::array({std::move(run)});
    return json_text(log);
  }

 private:
  Json rules_ = Json::array();
  Json results_ = Json::array();
};

}  // namespace

std::string_view sarif_level(rules::Severity severity) {
  switch (severity) {
    case rules::Severity::kInfo: return "note";
    case rules::Severity::kWarn: return "warning";
    case rules::Severity::kFail: return "error";
  }
  return "error";
}

std::string sarif_uri(std::string_view path) {
  std::string out;
  for (char c : path) {
    const auto b = static_cast<unsigned char>(c);
    const bool unreserved = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') ||
                            b == '-' || b == '.' || b == '_' || b == '~' || b == '/';
    out += unreserved ? std::string(1, c) : fmt::format("%{:02X}", b);
  }
  return out;
}

std::string render_sarif(const Report& report) {
  Run run;
  if (const auto* check = report.as<CheckReport>()) run.add_check(*check);
  if (const auto* discover = report.as<DiscoverReport>()) {
    for (const auto& f : discover->findings) run.add(f, Location{"", discover->facts.domain});
    for (const auto& rec : discover->checks)
      for (const auto& c : rec)
        if (c) run.add_check(*c);
  }
  if (const auto* audit = report.as<AuditReport>()) {
    // A topology kept in a repository: each finding at the line of the assignment (or planned
    // element) it is about, or at the first topology file for a finding across certificates.
    std::map<std::string, std::string> origin_of;
    for (const auto& c : audit->certificates) origin_of.emplace(c.key, c.origin);
    const std::string first_file = audit->files.empty() ? std::string() : audit->files.front();
    for (const auto& f : audit->findings) {
      const auto it = origin_of.find(f.key);
      run.add(f.finding, file_and_line(it == origin_of.end() ? first_file : it->second, first_file));
    }
  }
  // inspect and plan judge nothing: a log with no results.
  return run.text(report.command());
}

}  // namespace uccert::report
