// The JSON keys of `uccert rules --format json` (docs/json.md).
#pragma once

namespace uccert::report::json_keys {

inline constexpr const char* kRuleKind = "kind";
inline constexpr const char* kRuleFamily = "family";
inline constexpr const char* kRuleTitle = "title";
inline constexpr const char* kRuleSeverity = "severity";
inline constexpr const char* kRuleConcerns = "concerns";
inline constexpr const char* kRulePerClient = "per_client";
inline constexpr const char* kRulePerClientFrom = "per_client_from";
inline constexpr const char* kRuleSource = "source";
inline constexpr const char* kRuleFix = "fix";
inline constexpr const char* kRuleExplains = "explains";
inline constexpr const char* kRuleKnobs = "knobs";
inline constexpr const char* kRuleId = "id";

}  // namespace uccert::report::json_keys
