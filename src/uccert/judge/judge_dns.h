// Judges what `discover` observed for a SIP domain with the DNS rules (rules/dns_rule.h): per
// record in the order clients look them up, then domain-wide, then (when the targets were probed)
// whether each target answered. The certificates the targets served are judged apart, with judge().
#pragma once

#include "uccert/evidence/discovery.h"
#include "uccert/rules/finding.h"

namespace uccert::judge {

rules::Findings judge_dns(const evidence::DiscoveryFacts& facts);

}  // namespace uccert::judge
