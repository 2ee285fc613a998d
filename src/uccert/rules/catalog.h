// Every rule uccert can report, whatever it judges: the certificate rules of the registry (by
// family), the rules `audit` applies across a topology's certificates, the DNS rules of
// `discover`, and the rules `csr --check` applies to a request. What
// `uccert rules` lists and docs/findings.md documents; a new list of rules is added here.
#pragma once

#include <string_view>
#include <vector>

#include "uccert/rules/rule.h"

namespace uccert::rules {

enum class RuleKind { kCertificate, kDns, kRequest, kAudit };
std::string_view to_string(RuleKind kind);  // "certificate", "dns", "request", "audit"

struct CatalogEntry {
  RuleKind kind = RuleKind::kCertificate;
  std::string_view family;  // the heading in docs/findings.md
  const RuleDescriptor* descriptor = nullptr;
};

// In report order: the certificate families, the audit rules, the request rules, the DNS rules.
const std::vector<CatalogEntry>& rule_catalog();

}  // namespace uccert::rules
