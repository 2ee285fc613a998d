// A check's outcome in a few words, for one-line formats (nagios, scan text): "every client
// passes (9)" or "fail: lync-desktop, browser; warn: lpe (name.mismatch, time.expiring)".
#pragma once

#include <string>

#include "uccert/report/check_report.h"

namespace uccert::report {

std::string verdict_line(const CheckReport& report);

}  // namespace uccert::report
