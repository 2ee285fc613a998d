// `uccert scan`: one result per target, streamed as it completes (never the whole scan in memory),
// and the running summary the scan ends with. run/scan fills them; report/scan_* renders them.
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "uccert/report/check_report.h"

namespace uccert::report {

struct ScanItem {
  std::size_t line = 0;   // in the targets file (1-based)
  std::string target;     // as written on the line
  std::string name;       // the name dialled (--name, else the host)
  std::optional<CheckReport> check;  // the judgement, when the target could be evaluated
  std::string error;      // else: why not, one line
  double seconds = 0;     // from the target's start to its verdict (all attempts, judging)
  std::optional<double> probe_seconds;  // live targets: the last probe's duration
  int attempts = 0;       // connection attempts (live targets; retries after a refusal)
};

// check's exit code for an evaluated target, 3 for one that could not be.
int exit_code(const ScanItem& item);

// The certificate of a target that expires first (the expiry calendar lists the soonest).
struct Expiring {
  pki::UnixTime not_after = 0;
  std::size_t line = 0;
  std::string target;
  std::string subject;
};

// Counts only: its size is bounded by the number of client profiles and finding ids, plus
// kSoonestListed certificates, however many targets.
class ScanSummary {
 public:
  static constexpr std::size_t kSoonestListed = 10;
  static constexpr std::array<long, 3> kCalendarDays = {7, 30, 90};

  void add(const ScanItem& item);
  void add_bad_line() { ++bad_lines_; }

  std::size_t targets() const { return targets_; }
  std::size_t bad_lines() const { return bad_lines_; }
  // Targets per exit code: [0] pass, [1] warn, [2] fail, [3] could not be evaluated.
  const std::array<std::size_t, 4>& by_exit() const { return by_exit_; }
  // Per client profile id: targets judged pass, warn, fail for it.
  const std::map<std::string, std::array<std::size_t, 3>>& verdicts() const { return verdicts_; }
  // Finding id -> targets it was found on; most frequent first, at most n.
  std::vector<std::pair<std::string, std::size_t>> top_findings(std::size_t n) const;
  // Targets whose first-expiring certificate is already expired, or expires within 7, 30, 90 days
  // (each range excludes the ones before it).
  std::size_t expired() const { return expired_; }
  const std::array<std::size_t, 3>& expiring() const { return expiring_; }
  const std::vector<Expiring>& soonest() const { return soonest_; }  // soonest first
  pki::UnixTime at() const { return at_; }
  double slowest_seconds() const { return slowest_; }

  // The scan's exit code: 2 when a target fails; else 3 when a target or a line could not be
  // evaluated (or there were none); else 1 when one warns; else 0.
  int exit_code() const;

 private:
  std::size_t targets_ = 0;
  std::size_t bad_lines_ = 0;
  std::array<std::size_t, 4> by_exit_{};
  std::map<std::string, std::array<std::size_t, 3>> verdicts_;
  std::map<std::string, std::size_t> findings_;
  std::size_t expired_ = 0;
  std::array<std::size_t, 3> expiring_{};
  std::vector<Expiring> soonest_;
  pki::UnixTime at_ = 0;
  double slowest_ = 0;
};

}  // namespace uccert::report
