// JSON as uccert prints it: two-space indent and a final newline. Bytes that are not UTF-8 (a
// certificate name, a server's answer, a file name) become U+FFFD instead of making the library
// throw, so one hostile value never costs the whole report.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace uccert::report {

// Either kind of document: an ordered one keeps its keys in the order written (the order of
// docs/json.md's tables); never converted to the sorted kind on the way out.
template <class Json>
std::string json_text(const Json& j) {
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace uccert::report
