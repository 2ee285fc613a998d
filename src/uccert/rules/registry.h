// The rule registry: every family of rules, listed explicitly (self-registering statics vanish
// from static libraries). `uccert rules --json` and docs/findings.md are generated from / checked
// against this list.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "uccert/rules/rule.h"

namespace uccert::rules {

// One span per family, one file each (rules/<family>_rules.cpp).
std::span<const Rule> names_rules();
std::span<const Rule> um_rules();
std::span<const Rule> chain_rules();
std::span<const Rule> trust_rules();
std::span<const Rule> time_rules();
std::span<const Rule> key_rules();
std::span<const Rule> eku_rules();
std::span<const Rule> ext_rules();
std::span<const Rule> revocation_rules();
std::span<const Rule> path_rules();
std::span<const Rule> role_rules();
std::span<const Rule> hop_rules();

// A family of rules and its heading in docs/findings.md ("Names", "Trust", ...).
struct RuleFamily {
  std::string_view title;
  std::span<const Rule> rules;
};
// Every family, in report order.
const std::vector<RuleFamily>& rule_families();

// Every rule, in report order (families as listed in registry.cpp).
const std::vector<const Rule*>& all_rules();
const Rule* find_rule(std::string_view id);

}  // namespace uccert::rules
