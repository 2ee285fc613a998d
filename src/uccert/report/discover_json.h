// `uccert discover --format json`: the records in client order with each target's verdict per
// client, then the findings and notes (docs/json.md, "discover").
#pragma once

#include <string>

#include "uccert/report/discover_report.h"

namespace uccert::report {

std::string render_discover_json(const DiscoverReport& report);

}  // namespace uccert::report
