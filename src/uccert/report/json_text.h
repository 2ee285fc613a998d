// JSON as uccert prints it: two-space indent and a final newline. Bytes that are not UTF-8 (a
// certificate name, a server's answer, a file name) become U+FFFD instead of making the library
// throw, so one hostile value never costs the whole report.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace uccert::report {

inline std::string json_text(const nlohmann::json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace uccert::report
