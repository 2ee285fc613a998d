// `uccert discover --format text`: the records in client order with each target's verdict per
// client, then the findings (DNS findings first, each certificate finding once with every place it was seen).
#pragma once

#include <string>

#include "uccert/report/discover_report.h"

namespace uccert::report {

std::string render_discover_text(const DiscoverReport& report);

}  // namespace uccert::report
