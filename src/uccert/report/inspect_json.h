// `uccert inspect --format json`: the InspectReport as documented in docs/json.md ("schema": 1).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "uccert/report/inspect_report.h"

namespace uccert::report {

nlohmann::ordered_json inspect_json(const InspectReport& report);
// Indented, with a trailing newline.
std::string render_inspect_json(const InspectReport& report);

// Pieces reused by other renderers that show certificates or requests.
nlohmann::ordered_json certificate_json(const pki::Certificate& cert, std::size_t index, pki::UnixTime at);
nlohmann::ordered_json csr_json(const pki::CsrView& csr);

}  // namespace uccert::report
