#include <algorithm>
#include <set>
#include <string_view>

#include "uccert/report/report.h"
#include "uccert/report/scan_report.h"

namespace uccert::report {

namespace {

constexpr pki::UnixTime kDay = 86400;


}  // namespace

int exit_code(const ScanItem& item) { return item.check ? exit_code(*item.check) : kExitUnknown; }

void ScanSummary::add(const ScanItem& item) {
  ++targets_;
  slowest_ = std::max(slowest_, item.seconds);
  ++by_exit_[static_cast<std::size_t>(std::clamp(report::exit_code(item), 0, 3))];
  if (!item.check) return;
  const CheckReport& r = *item.check;
  at_ = r.options.at;
  for (const auto& pj : r.judgement.profiles) ++verdicts_[pj.profile_id][static_cast<std::size_t>(report::exit_code(pj.verdict))];
  // Targets per finding id: a finding merged per client group can appear more than once.
  std::set<std::string_view> ids;
  for (const auto& f : r.judgement.findings)
    if (ids.insert(f.id).second) ++findings_[f.id];

  // The first certificate of the chain as sent to expire: what the calendar is about.
  const pki::Certificate* first = nullptr;
  for (const auto& c : r.evidence.chain)
    if (c && (first == nullptr || c->not_after < first->not_after)) first = c.get();
  if (first == nullptr) return;
  const pki::UnixTime left = first->not_after - r.options.at;
  if (left < 0) {
    ++expired_;
  } else {
    for (std::size_t i = 0; i < kCalendarDays.size(); ++i) {
      if (left <= kCalendarDays[i] * kDay) {
        ++expiring_[i];
        break;
      }
    }
  }
  if (left > kCalendarDays.back() * kDay) return;
  // Keep the kSoonestListed soonest, sorted: memory stays bounded however many targets.
  Expiring e{first->not_after, item.line, item.target, first->subject.text};
  auto at = std::upper_bound(soonest_.begin(), soonest_.end(), e,
                             [](const Expiring& a, const Expiring& b) { return a.not_after < b.not_after; });
  if (static_cast<std::size_t>(at - soonest_.begin()) >= kSoonestListed) return;
  soonest_.insert(at, std::move(e));
  if (soonest_.size() > kSoonestListed) soonest_.pop_back();
}

std::vector<std::pair<std::string, std::size_t>> ScanSummary::top_findings(std::size_t n) const {
  std::vector<std::pair<std::string, std::size_t>> all(findings_.begin(), findings_.end());
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (all.size() > n) all.resize(n);
  return all;
}

int ScanSummary::exit_code() const {
  if (by_exit_[kExitFail] > 0) return kExitFail;
  if (by_exit_[kExitUnknown] > 0 || bad_lines_ > 0 || targets_ == 0) return kExitUnknown;
  if (by_exit_[kExitWarn] > 0) return kExitWarn;
  return kExitPass;
}

}  // namespace uccert::report
