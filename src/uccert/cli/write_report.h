// Renders a report in the format asked for (report/renderers) onto the console's output and
// returns the report's exit code.
#pragma once

#include <string>

#include "uccert/cli/console.h"
#include "uccert/report/report.h"

namespace uccert::cli {

int write_report(Console& console, const report::Report& report, const std::string& format);

}  // namespace uccert::cli
