#include "uccert/cli/error_line.h"

#include <ostream>

#include "uccert/cli/app.h"
#include "uccert/report/printable.h"

namespace uccert::cli {

int fail(Console& console, std::string_view command, std::string_view message) {
  *console.err << "uccert: ";
  if (!command.empty()) *console.err << command << ": ";
  *console.err << report::printable(message) << "\n";
  return kExitUnknown;
}

}  // namespace uccert::cli
