#include "uccert/report/nagios.h"

#include <fmt/format.h>

#include "uccert/report/printable.h"
#include "uccert/report/verdict_line.h"

namespace uccert::report {

namespace {

constexpr pki::UnixTime kDay = 86400;

// The status text must stay one line and must not contain the perfdata separator.
std::string plugin_text(std::string_view text) {
  std::string s = printable(text);
  for (char& c : s)
    if (c == '|') c = '/';
  return s;
}

long days_left(pki::UnixTime not_after, pki::UnixTime at) {
  const auto left = not_after - at;
  return static_cast<long>(left >= 0 ? left / kDay : -((-left + kDay - 1) / kDay));
}

}  // namespace

std::string_view nagios_state(int exit_code) {
  switch (exit_code) {
    case kExitPass: return "OK";
    case kExitWarn: return "WARNING";
    case kExitFail: return "CRITICAL";
    default: return "UNKNOWN";
  }
}

std::string render_check_nagios(const CheckReport& r) {
  const int code = exit_code(r);
  const std::string what = verdict_line(r);
  std::string line = fmt::format("UCCERT {} - {} as {}: {}", nagios_state(code), plugin_text(r.evidence.target),
                                 plugin_text(r.evidence.dialled_name), plugin_text(what));
  // Perfdata: one value per certificate as sent, thresholds in plugin range syntax ("30:" alerts
  // below 30), then the probe's duration.
  std::string perf;
  for (std::size_t i = 0; i < r.evidence.chain.size(); ++i) {
    if (!r.evidence.chain[i]) continue;
    perf += fmt::format("{}'cert{}_days'={};{}:;{}:", perf.empty() ? "" : " ", i,
                        days_left(r.evidence.chain[i]->not_after, r.options.at), r.options.expiry_warn_days,
                        r.options.expiry_fail_days);
  }
  if (r.probe_seconds) perf += fmt::format("{}'probe_time'={:.3f}s", perf.empty() ? "" : " ", *r.probe_seconds);
  if (!perf.empty()) line += " | " + perf;
  return line + "\n";
}

std::string nagios_unknown_line(const std::string& why) { return "UCCERT UNKNOWN - " + plugin_text(why) + "\n"; }

std::string render_scan_nagios(const ScanSummary& s) {
  const auto& n = s.by_exit();
  std::string line = fmt::format("UCCERT {} - {} targets: {} fail, {} warn, {} unknown, {} pass",
                                 nagios_state(s.exit_code()),
                                 s.targets(), n[kExitFail], n[kExitWarn], n[kExitUnknown], n[kExitPass]);
  if (s.bad_lines() > 0) line += fmt::format("; {} targets lines refused", s.bad_lines());
  line += fmt::format(" | 'targets'={} 'pass'={} 'warn'={} 'fail'={} 'unknown'={} 'expired'={} 'expiring_7d'={} "
                      "'expiring_30d'={} 'expiring_90d'={}",
                      s.targets(), n[kExitPass], n[kExitWarn], n[kExitFail], n[kExitUnknown], s.expired(),
                      s.expiring()[0], s.expiring()[1], s.expiring()[2]);
  return line + "\n";
}

std::string render_nagios(const Report& report) {
  if (const auto* c = report.as<CheckReport>()) return render_check_nagios(*c);
  // discover and inspect: the state alone (their details have no per-certificate perfdata yet).
  return fmt::format("UCCERT {} - uccert {}\n", nagios_state(exit_code(report)), report.command());
}

}  // namespace uccert::report
