#include "uccert/report/discover_report.h"

#include <algorithm>

namespace uccert::report {

const CheckReport* DiscoverReport::check(std::size_t record, std::size_t target) const {
  if (record >= checks.size() || target >= checks[record].size() || !checks[record][target]) return nullptr;
  return &*checks[record][target];
}

bool DiscoverReport::any_judged() const {
  for (const auto& rec : checks)
    for (const auto& c : rec)
      if (c) return true;
  return false;
}

rules::Verdict DiscoverReport::worst() const {
  rules::Verdict w = rules::Verdict::kPass;
  for (const auto& f : findings) w = std::max(w, rules::verdict_of(f.severity));
  for (const auto& rec : checks)
    for (const auto& c : rec)
      if (c) w = std::max(w, c->judgement.worst());
  return w;
}

}  // namespace uccert::report
