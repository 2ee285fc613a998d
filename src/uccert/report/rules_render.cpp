#include "uccert/report/rules_render.h"

#include <fmt/format.h>

#include <optional>
#include <string_view>

#include "uccert/report/json_keys.h"
#include "uccert/report/json_text.h"
#include "uccert/report/rules_json_keys.h"
#include "uccert/rules/catalog.h"
#include "uccert/rules/rule_doc.h"

namespace uccert::report {

namespace k = json_keys;

namespace {

using rules::CatalogEntry;
using rules::RuleDescriptor;

// Each client's severity from the descriptor's per-client knob (nullopt: not concerned). Empty
// when the descriptor has none: then what is found decides, up to the descriptor's severity.
std::vector<std::pair<std::string_view, std::optional<rules::Severity>>> per_client(
    const RuleDescriptor& d, const profiles::ProfileSet& profiles) {
  std::vector<std::pair<std::string_view, std::optional<rules::Severity>>> out;
  if (d.per_client == nullptr) return out;
  for (const auto& p : profiles.profiles) out.emplace_back(p.id, d.per_client(p));
  return out;
}

std::string per_client_text(const RuleDescriptor& d, const profiles::ProfileSet& profiles, std::string_view quote) {
  const auto list = per_client(d, profiles);
  if (list.empty())
    return fmt::format("decided by what is found, at most {}", rules::to_string(d.severity));
  std::string concerned;
  std::string not_concerned;
  for (const auto& [id, s] : list) {
    if (s) {
      concerned += fmt::format("{}{}{}{} {}", concerned.empty() ? "" : ", ", quote, id, quote, rules::to_string(*s));
    } else {
      not_concerned += fmt::format("{}{}{}{}", not_concerned.empty() ? "" : ", ", quote, id, quote);
    }
  }
  if (concerned.empty()) concerned = "none";
  return not_concerned.empty() ? concerned : fmt::format("{}; not concerned: {}", concerned, not_concerned);
}

std::string_view cover_note(rules::ProblemCover cover) {
  switch (cover) {
    case rules::ProblemCover::kAlways: return "";
    case rules::ProblemCover::kTrustGapOnly: return " (for a client whose trust gap this finding explains)";
    case rules::ProblemCover::kLeafOnly: return " (on the leaf)";
  }
  return "";
}

std::string quoted_list(std::span<const std::string_view> items) {
  std::string out;
  for (const auto& i : items) out += fmt::format("{}`{}`", out.empty() ? "" : ", ", i);
  return out;
}

// A markdown table cell: one line, no column break.
std::string cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

void markdown_rule(std::string& out, const CatalogEntry& e, const profiles::ProfileSet& profiles) {
  const RuleDescriptor& d = *e.descriptor;
  const rules::RuleDoc* doc = rules::find_rule_doc(d.id);
  out += fmt::format("### `{}`\n\n", d.id);
  out += fmt::format("*{}.*\n\n", d.title);
  if (doc != nullptr && !doc->about.empty()) {
    out += fmt::format("{}\n", doc->about);
  } else {
    out += fmt::format("- **Severity:** {}; **Clients:** {}.\n", rules::to_string(d.severity), d.concerns);
  }
  out += fmt::format("- **Fix:** {}\n", d.fix);
  if (doc != nullptr && !doc->in_practice.empty()) out += fmt::format("{}\n", doc->in_practice);
  if (!d.explains.ids.empty())
    out += fmt::format("- **Explains:** {}{}\n", quoted_list(d.explains.ids), cover_note(d.explains.cover));
  if (!d.knobs.empty()) out += fmt::format("- **Profile knobs read:** {}\n", quoted_list(d.knobs));
  if (d.per_client != nullptr)
    out += fmt::format("- **Built-in clients:** {}\n", per_client_text(d, profiles, "`"));
  out += fmt::format("- **Source:** {}\n\n", d.source);
}

void markdown_dns_table(std::string& out, const std::vector<const CatalogEntry*>& entries) {
  out += "| id | severity | when | clients | source | fix |\n|---|---|---|---|---|---|\n";
  for (const auto* e : entries) {
    const RuleDescriptor& d = *e->descriptor;
    const rules::RuleDoc* doc = rules::find_rule_doc(d.id);
    out += fmt::format("| `{}` | {} | {} | {} | {} | {} |\n", d.id, rules::to_string(d.severity),
                       cell(doc != nullptr && !doc->about.empty() ? doc->about : d.title), cell(d.concerns),
                       cell(d.source), cell(d.fix));
  }
  out += "\n";
}

}  // namespace

std::string render_rules_text(const profiles::ProfileSet& profiles) {
  std::string out;
  for (const auto& e : rules::rule_catalog()) {
    const RuleDescriptor& d = *e.descriptor;
    out += fmt::format("{}  {}  {}\n", d.id, rules::to_string(d.severity), d.title);
    out += fmt::format("  concerns: {}\n", d.concerns);
    if (d.per_client != nullptr) out += fmt::format("  per client: {}\n", per_client_text(d, profiles, ""));
    out += fmt::format("  source: {}\n", d.source);
    out += fmt::format("  fix: {}\n\n", d.fix);
  }
  out += fmt::format("{} finding ids; docs/findings.md explains each.\n", rules::rule_catalog().size());
  return out;
}

std::string render_rules_json(const profiles::ProfileSet& profiles) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& e : rules::rule_catalog()) {
    const RuleDescriptor& d = *e.descriptor;
    nlohmann::ordered_json r;
    r[k::kRuleId] = d.id;
    r[k::kRuleKind] = rules::to_string(e.kind);
    r[k::kRuleFamily] = e.family;
    r[k::kRuleTitle] = d.title;
    r[k::kRuleSeverity] = rules::to_string(d.severity);
    r[k::kRuleConcerns] = d.concerns;
    // A knob decides each client's severity, or what is found does (then no map).
    r[k::kRulePerClientFrom] = d.per_client != nullptr ? "profile" : "evidence";
    nlohmann::ordered_json clients = nlohmann::ordered_json::object();
    for (const auto& [id, s] : per_client(d, profiles))
      clients[std::string(id)] = s ? nlohmann::ordered_json(rules::to_string(*s)) : nlohmann::ordered_json();
    r[k::kRulePerClient] = std::move(clients);
    r[k::kRuleSource] = d.source;
    r[k::kRuleFix] = d.fix;
    nlohmann::ordered_json explains = nlohmann::ordered_json::array();
    for (const auto& id : d.explains.ids) explains.push_back(id);
    r[k::kRuleExplains] = std::move(explains);
    nlohmann::ordered_json knobs = nlohmann::ordered_json::array();
    for (const auto& knob : d.knobs) knobs.push_back(knob);
    r[k::kRuleKnobs] = std::move(knobs);
    list.push_back(std::move(r));
  }
  nlohmann::ordered_json out;
  out[k::kSchema] = k::kSchemaVersion;
  out[k::kCommand] = "rules";
  out[k::kRules] = std::move(list);
  return json_text(out);
}

std::string render_rules_markdown(const profiles::ProfileSet& profiles) {
  std::string out;
  std::string_view family;
  std::vector<const CatalogEntry*> table;  // DNS rules: one table
  auto flush_table = [&] {
    if (!table.empty()) markdown_dns_table(out, table);
    table.clear();
  };
  for (const auto& e : rules::rule_catalog()) {
    if (e.family != family) {
      flush_table();
      family = e.family;
      out += fmt::format("## {}\n\n", family);
      if (const auto intro = rules::family_intro(family); !intro.empty()) out += fmt::format("{}\n\n", intro);
    }
    if (e.kind == rules::RuleKind::kDns) {
      table.push_back(&e);
    } else {
      markdown_rule(out, e, profiles);
    }
  }
  flush_table();
  while (out.ends_with("\n\n")) out.pop_back();
  return out;
}

}  // namespace uccert::report
