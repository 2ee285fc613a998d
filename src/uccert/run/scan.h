// `scan`: many targets, each judged as `check` judges it, on one event loop with a bounded number
// in flight; file targets and every judgement on a pool of worker threads. Results are handed
// out as they complete and never kept, so memory is flat in the number of targets.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "uccert/acquire/trust_stores.h"
#include "uccert/pki/error.h"
#include "uccert/pki/load.h"
#include "uccert/report/scan_report.h"
#include "uccert/run/check.h"

namespace uccert::run {

// What every target of a scan shares (its own line gives the rest: run::CheckRequest).
struct ScanRequest {
  std::string profiles_file;  // --profiles
  std::string at;             // --at; "" = now
  acquire::TrustFiles trust;
  pki::PasswordSource password;
  std::string missing_password_hint;
  int concurrency = 64;       // targets in flight at once on the event loop
  int jobs = 0;               // worker threads judging (0: one per core)
  double rate = 0;            // connection attempts per second at most (0: no limit)
  int retries = 0;            // more attempts for a refused connection, within the target's --timeout
  std::chrono::milliseconds backoff{250};  // the pause before the first retry, doubled after each
};

// One target as its line asked for it. Trust, profiles file, time and password of `request` are
// not read: they are the scan's.
struct ScanTarget {
  std::size_t line = 0;
  CheckRequest request;
};

struct ScanCallbacks {
  // The next target, or a line that could not be read (its error names the line); nullopt at the
  // end. Called on the loop thread, only when a slot is free: the targets are read as they go.
  std::function<std::optional<Result<ScanTarget>>()> next;
  // Renders a finished target: called on worker threads at once, so it must be pure.
  std::function<std::string(const report::ScanItem&)> render;
  // Takes a finished target and its rendering, on the loop thread, in completion order.
  std::function<void(const report::ScanItem&, std::string rendered)> done;
  // A line `next` refused, on the loop thread.
  std::function<void(const Error&)> refused;
};

// The error is what stops the whole scan before it starts (a trust file, --profiles, --at, a
// value out of range); a target that cannot be evaluated is a ScanItem with its error.
Status run_scan(const ScanRequest& request, const ScanCallbacks& callbacks);

}  // namespace uccert::run
