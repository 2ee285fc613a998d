#include "uccert/report/check_report.h"

#include <algorithm>
#include <utility>

namespace uccert::report {

CheckReport check_evidence(pki::Evidence evidence, const std::vector<const profiles::ClientProfile*>& profiles,
                           rules::TrustInputs trust, const rules::JudgeOptions& options) {
  CheckReport r;
  r.evidence = std::move(evidence);
  for (const auto* p : profiles)
    if (p != nullptr) r.profiles.push_back(*p);
  r.trust = std::move(trust);
  r.options = options;
  std::vector<const profiles::ClientProfile*> ptrs;
  for (const auto& p : r.profiles) ptrs.push_back(&p);
  r.judgement = rules::judge(r.evidence, ptrs, r.trust, r.options);
  return r;
}

Result<std::vector<const profiles::ClientProfile*>> select_profiles(const profiles::ProfileSet& set,
                                                                    const std::vector<std::string>& ids) {
  std::vector<const profiles::ClientProfile*> out;
  if (ids.empty()) {
    for (const auto& p : set.profiles) out.push_back(&p);
    return out;
  }
  for (const auto& id : ids) {
    const auto* p = set.find(id);
    if (p == nullptr) {
      std::string known;
      for (const auto& q : set.profiles) known += (known.empty() ? "" : ", ") + q.id;
      return Error{"unknown profile id \"" + id + "\" (known: " + known + ")"};
    }
    if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  }
  return out;
}

int exit_code(const CheckReport& report) { return rules::exit_code(report.judgement); }

}  // namespace uccert::report
