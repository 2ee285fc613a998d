// A DNS rule: the same descriptor as a certificate rule (id, title, severity, clients, source,
// fix), checked against what `discover` observed for a SIP domain rather than against one chain.
// The clients a DNS finding concerns are the clients that look up the record (the record table
// is data: acquire::discovery_records()), or, for a domain-wide rule, the descriptor's `clients`.
#pragma once

#include <span>
#include <string_view>

#include "uccert/evidence/discovery.h"
#include "uccert/rules/finding.h"
#include "uccert/rules/rule.h"

namespace uccert::rules {

// When a DNS rule runs: once per record looked up, once for the domain, or once per record after
// its targets were probed (only when they were).
enum class DnsRuleScope { kRecord, kDomain, kProbedRecord };

struct DnsRule;

// Adds findings of one DNS rule; id, title, source and severity come from the descriptor unless
// set in the finding, and a finding that names no clients concerns the rule's `clients`.
class DnsEmitter {
 public:
  DnsEmitter(const DnsRule& rule, Findings& out) : rule_(rule), out_(out) {}
  void emit(Finding f);

 private:
  const DnsRule& rule_;
  Findings& out_;
};

struct DnsRule {
  RuleDescriptor descriptor;
  DnsRuleScope scope = DnsRuleScope::kRecord;
  // The clients concerned when not the record's (domain-wide rules, and records whose rule
  // concerns fewer clients than look them up).
  std::span<const std::string_view> clients;
  // `record` is null for kDomain.
  void (*check)(const evidence::DiscoveryFacts&, const evidence::DiscoveredRecord* record, DnsEmitter&) = nullptr;
};

std::span<const DnsRule> dns_rules();

// Name helpers the DNS rules and the walk share (lower-cased, trailing dot ignored).
bool in_domain(std::string_view name, std::string_view domain);           // equal or a subdomain
bool directly_in_domain(std::string_view name, std::string_view domain);  // one label below

}  // namespace uccert::rules
