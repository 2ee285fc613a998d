#include "uccert/rules/catalog.h"

#include "uccert/rules/audit_rules.h"
#include "uccert/rules/dns_rule.h"
#include "uccert/rules/registry.h"
#include "uccert/rules/request_rules.h"

namespace uccert::rules {

namespace {

std::vector<CatalogEntry> build() {
  std::vector<CatalogEntry> all;
  for (const auto& family : rule_families())
    for (const auto& r : family.rules) all.push_back({RuleKind::kCertificate, family.title, &r.descriptor});
  for (const auto& d : audit_rules()) all.push_back({RuleKind::kAudit, "Across a topology (`uccert audit`)", &d});
  for (const auto& d : request_rules())
    all.push_back({RuleKind::kRequest, "Certificate requests (`uccert csr --check`)", &d});
  for (const auto& r : dns_rules())
    all.push_back({RuleKind::kDns, "DNS and endpoints (`uccert discover`)", &r.descriptor});
  return all;
}

}  // namespace

std::string_view to_string(RuleKind kind) {
  switch (kind) {
    case RuleKind::kCertificate: return "certificate";
    case RuleKind::kDns: return "dns";
    case RuleKind::kRequest: return "request";
    case RuleKind::kAudit: return "audit";
  }
  return "certificate";
}

const std::vector<CatalogEntry>& rule_catalog() {
  static const std::vector<CatalogEntry> all = build();
  return all;
}

}  // namespace uccert::rules
