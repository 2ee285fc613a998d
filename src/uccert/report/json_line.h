// One JSON document on one line, byte for byte what nlohmann's dump(-1, ' ', false, replace) writes,
// at a fraction of its cost: strings of plain printable ASCII (nearly all of a check document) are
// copied as they are, and only the others (escapes, UTF-8, bytes that are not UTF-8) and floating
// point numbers go through the library's own writer. `uccert scan --format json` writes one such
// line per target.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace uccert::report {

void append_json_line(std::string& out, const nlohmann::ordered_json& j);

}  // namespace uccert::report
