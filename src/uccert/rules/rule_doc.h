// The words about each rule that its descriptor does not hold: who it concerns and how badly,
// explained per client; why (the rationale, with its uc-rules ids); the fix in practice, with
// example commands. `uccert rules --format markdown` puts them together with the descriptors
// (id, title, severity per client, fix in general terms, explained problems, source) into
// docs/findings.md, which is therefore never edited by hand between its markers.
#pragma once

#include <span>
#include <string_view>

namespace uccert::rules {

struct RuleDoc {
  std::string_view id;           // a registered rule id (certificate or DNS rule)
  std::string_view about;        // markdown bullets (Severity, Clients, Rationale, ...); DNS: when it is made
  std::string_view in_practice;  // markdown bullets after the general fix (example commands); may be empty
};

// Every rule's documentation; a test holds it to the registry (no entry for an unknown id).
std::span<const RuleDoc> rule_docs();
// The part of it about revocation, roles and audit (rule_doc_deployment.cpp).
std::span<const RuleDoc> deployment_rule_docs();
const RuleDoc* find_rule_doc(std::string_view id);

// The paragraph under a family's heading in docs/findings.md ("" when none).
std::string_view family_intro(std::string_view family);

}  // namespace uccert::rules
