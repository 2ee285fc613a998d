#include "uccert/cli/write_report.h"

#include "uccert/cli/error_line.h"
#include "uccert/report/renderers.h"

namespace uccert::cli {

int write_report(Console& console, const report::Report& report, const std::string& format) {
  auto text = report::render(report, format, report::RenderStyle{console.color, console.width});
  if (!text) return fail(console, std::string(report.command()), "--format " + format + ": no such output format");
  *console.out << *text;
  return report::exit_code(report);
}

}  // namespace uccert::cli
