#include "uccert/rules/registry.h"

#include <set>
#include <stdexcept>
#include <string>

namespace uccert::rules {

namespace {

// The families, in the order their findings are listed in a report (and in docs/findings.md).
std::vector<RuleFamily> families() {
  return {{"Roles", role_rules()},
          {"Names", names_rules()},
          {"Exchange Unified Messaging", um_rules()},
          {"Trust", trust_rules()},
          {"Chain as sent", chain_rules()},
          {"Time", time_rules()},
          {"Key usage, keys and signatures", eku_rules()},
          {"Key usage, keys and signatures", key_rules()},
          {"Extensions", ext_rules()},
          {"Revocation", revocation_rules()},
          {"Autodiscover walk", hop_rules()},
          {"Any other validation problem", path_rules()}};
}

std::vector<const Rule*> build() {
  std::vector<const Rule*> all;
  for (const auto& family : rule_families())
    for (const auto& r : family.rules) all.push_back(&r);
  // As zlint's registry: an empty or duplicate id is a broken invariant, caught at start-up.
  std::set<std::string_view> ids;
  for (const auto* r : all) {
    if (r->descriptor.id.empty() || r->check == nullptr)
      throw std::logic_error("rule registry: a rule without id or check function");
    if (!ids.insert(r->descriptor.id).second)
      throw std::logic_error("rule registry: duplicate rule id " + std::string(r->descriptor.id));
  }
  return all;
}

}  // namespace

const std::vector<RuleFamily>& rule_families() {
  static const std::vector<RuleFamily> all = families();
  return all;
}

const std::vector<const Rule*>& all_rules() {
  static const std::vector<const Rule*> rules = build();
  return rules;
}

const Rule* find_rule(std::string_view id) {
  for (const auto* r : all_rules())
    if (r->descriptor.id == id) return r;
  return nullptr;
}

}  // namespace uccert::rules
