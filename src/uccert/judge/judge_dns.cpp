#include "uccert/judge/judge_dns.h"

#include "uccert/rules/dns_rule.h"

namespace uccert::judge {

namespace {

void run_scope(const evidence::DiscoveryFacts& facts, rules::DnsRuleScope scope, rules::Findings& out) {
  const auto rules_of_scope = rules::dns_rules();
  if (scope == rules::DnsRuleScope::kDomain) {
    for (const auto& rule : rules_of_scope) {
      if (rule.scope != scope) continue;
      rules::DnsEmitter emitter(rule, out);
      rule.check(facts, nullptr, emitter);
    }
    return;
  }
  for (const auto& rec : facts.records) {
    for (const auto& rule : rules_of_scope) {
      if (rule.scope != scope) continue;
      rules::DnsEmitter emitter(rule, out);
      rule.check(facts, &rec, emitter);
    }
  }
}

}  // namespace

rules::Findings judge_dns(const evidence::DiscoveryFacts& facts) {
  rules::Findings out;
  run_scope(facts, rules::DnsRuleScope::kRecord, out);
  run_scope(facts, rules::DnsRuleScope::kDomain, out);
  if (facts.probed) run_scope(facts, rules::DnsRuleScope::kProbedRecord, out);
  return out;
}

}  // namespace uccert::judge
