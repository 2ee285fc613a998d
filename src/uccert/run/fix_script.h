// Writing the fix script of a report (report/fix_script.h) to a new file, whole or not at all.
#pragma once

#include <string>

#include "uccert/pki/error.h"
#include "uccert/report/report.h"
#include "uccert/rules/finding.h"

namespace uccert::run {

// `findings` (a check's, an audit's) as one PowerShell script at `path`, which must not exist.
// `command_line`: what produced them, repeated in the script and used as its re-check.
Status write_fix_script(const rules::Findings& findings, const std::string& path, const std::string& command_line);

// The findings of a report that has them (check; discover's endpoints), in report order.
rules::Findings report_findings(const report::Report& report);

}  // namespace uccert::run
