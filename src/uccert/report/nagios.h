// `--format nagios`: one status line in the monitoring-plugin convention ("UCCERT CRITICAL - ...
// | perfdata"), the plugin's exit code being the report's (0 OK, 1 WARNING, 2 CRITICAL,
// 3 UNKNOWN). Perfdata: days to expiry of each certificate of the chain, and the probe's time.
#pragma once

#include <string>

#include "uccert/report/report.h"
#include "uccert/report/scan_report.h"

namespace uccert::report {

std::string_view nagios_state(int exit_code);  // "OK", "WARNING", "CRITICAL", "UNKNOWN"

std::string render_nagios(const Report& report);
std::string render_check_nagios(const CheckReport& report);
// A target that could not be evaluated, as a plugin says it: "UCCERT UNKNOWN - why".
std::string nagios_unknown_line(const std::string& why);
// A whole scan in one line: counts of targets per state, with the counts as perfdata.
std::string render_scan_nagios(const ScanSummary& summary);

}  // namespace uccert::report
