// The result of `uccert discover` for one SIP domain: what the walk observed, the DNS findings,
// and each probed target's own check report (judged for the clients that use its record).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "uccert/evidence/discovery.h"
#include "uccert/report/check_report.h"
#include "uccert/rules/finding.h"

namespace uccert::report {

struct DiscoverReport {
  evidence::DiscoveryFacts facts;
  rules::Findings findings;  // DNS findings (the certificate findings stay with each target)
  // checks[record][target]: the target's certificate judged, when it was probed and its record
  // has clients (same shape as facts.records[i].targets).
  std::vector<std::vector<std::optional<CheckReport>>> checks;
  std::vector<std::string> dns_servers;  // as given (empty: the system resolver), for people
  std::vector<std::string> notes;        // how the trust inputs were obtained

  const CheckReport* check(std::size_t record, std::size_t target) const;
  bool any_judged() const;
  // The worst verdict of the DNS findings and every judged target.
  rules::Verdict worst() const;
};

}  // namespace uccert::report
