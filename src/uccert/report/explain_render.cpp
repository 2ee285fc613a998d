#include "uccert/report/explain_render.h"

#include <fmt/format.h>

#include "uccert/report/json_keys.h"
#include "uccert/report/json_text.h"
#include "uccert/report/printable.h"
#include "uccert/rules/registry.h"

namespace uccert::report {

namespace k = json_keys;

namespace {

// The rule's own source, so each cause can be looked up in docs/findings.md.
std::string rule_source(const std::string& id) {
  const rules::Rule* r = rules::find_rule(id);
  return r == nullptr ? std::string() : std::string(r->descriptor.source);
}

}  // namespace

std::string render_explain_text(const rules::Explanation& e) {
  std::string out;
  for (const auto& d : e.decoded) out += printable(d) + "\n";
  if (!e.causes.empty()) {
    out += "\nLikely certificate causes (uccert finding ids):\n";
    for (const auto& c : e.causes) {
      const std::string src = rule_source(c.finding_id);
      out += fmt::format("  {}  {}{}\n", c.finding_id, c.why, src.empty() ? "" : " (" + src + ")");
    }
  }
  if (!e.source.empty()) out += fmt::format("\nSource: uc-rules {}\n", e.source);
  if (e.conservative)
    out += "This reading rests on field reports, not on Microsoft's description of the code: treat it as a lead.\n";
  if (!e.next.empty()) {
    out += "\nNext:\n";
    for (const auto& n : e.next) out += "  " + n + "\n";
  }
  return out;
}

std::string render_explain_json(const rules::Explanation& e) {
  nlohmann::ordered_json causes = nlohmann::ordered_json::array();
  for (const auto& c : e.causes)
    causes.push_back({{"id", c.finding_id}, {"why", c.why}, {"source", rule_source(c.finding_id)}});
  nlohmann::ordered_json j;
  j[k::kSchema] = k::kSchemaVersion;
  j[k::kCommand] = "explain";
  j["kind"] = e.kind;
  j["decoded"] = e.decoded;
  j["causes"] = std::move(causes);
  j["source"] = e.source;
  j["conservative"] = e.conservative;
  j["next"] = e.next;
  return json_text(j);
}

}  // namespace uccert::report
