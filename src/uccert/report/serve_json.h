// The JSON `uccert serve` answers its page with (POST /api/check): the report's id, under which
// the page then shows and downloads it, and the verdicts in short; or the one-line error.
// Written here because report/ holds every JSON key (docs/serve.md lists them).
#pragma once

#include <string>
#include <string_view>

#include "uccert/report/report.h"

namespace uccert::report {

// {"id", "command", "target", "verdict", "exit_code", "verdicts": {client: verdict}}
std::string serve_result_json(std::string_view id, const Report& report);

// {"error": message}
std::string serve_error_json(std::string_view message);

}  // namespace uccert::report
