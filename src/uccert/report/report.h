// One versioned Report for every command (check, discover, inspect; audit and scan next). Built
// by run/, rendered by report/renderers; its exit code is computed here and only here.
#pragma once

#include <string_view>
#include <variant>

#include "uccert/report/audit_report.h"
#include "uccert/report/check_report.h"
#include "uccert/report/discover_report.h"
#include "uccert/report/inspect_report.h"
#include "uccert/report/plan_report.h"

namespace uccert::report {

// Exit codes (design: the monitoring-plugin convention).
inline constexpr int kExitPass = 0;
inline constexpr int kExitWarn = 1;
inline constexpr int kExitFail = 2;
inline constexpr int kExitUnknown = 3;  // the target could not be evaluated

struct Report {
  std::variant<CheckReport, DiscoverReport, InspectReport, PlanReport, AuditReport> body;

  std::string_view command() const;  // "check", "discover", "inspect", "plan", "audit"
  template <class T>
  const T* as() const {
    return std::get_if<T>(&body);
  }
};

// 0 every requested client passes, 1 the worst verdict is a warning, 2 a client fails, 3 nothing
// could be evaluated. discover: 3 when nothing could be judged, or when the deadline left targets
// unprobed and nothing judged so far is wrong (an unfinished run never says "pass"). inspect: 3
// when a file could not be read.
// A verdict's exit code (pass 0, warn 1, fail 2): also the number monitoring outputs give it.
int exit_code(rules::Verdict verdict);
int exit_code(const Report& report);
int exit_code(const CheckReport& report);
int exit_code(const DiscoverReport& report);
int exit_code(const InspectReport& report);
// plan: 0; plan --diff: 0 when no certificate changes, 1 when one must be issued, re-issued or retired.
int exit_code(const PlanReport& report);
// audit: as check over every judged certificate and the findings across them; 3 when nothing
// could be judged, or when an assigned certificate could not be read (or the deadline passed)
// and nothing judged is wrong.
int exit_code(const AuditReport& report);

}  // namespace uccert::report
