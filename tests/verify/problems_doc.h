// Reads docs/problems.md for tests: every problem id its tables document, with the meaning given.
#pragma once

#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

namespace uccert::testing {

inline std::string problems_doc_text() {
  std::ifstream in(std::string(UCCERT_SOURCE_DIR) + "/docs/problems.md");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// id -> meaning, from the table rows "| `id` | meaning |" (a row may name several ids:
// "| `encoding.serial-negative` / `encoding.serial-zero` | ... |"). `duplicates` counts ids
// documented more than once.
inline std::map<std::string, std::string> documented_problems(int* duplicates = nullptr) {
  const std::string doc = problems_doc_text();
  const std::regex row(R"(^\| (`[^|]+) \| (.*) \|$)");
  const std::regex id(R"(`([a-z0-9-]+\.[a-z0-9.-]+)`)");
  std::map<std::string, std::string> out;
  std::istringstream lines(doc);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (!std::regex_match(line, m, row)) continue;
    const std::string ids = m[1].str(), meaning = m[2].str();
    for (auto it = std::sregex_iterator(ids.begin(), ids.end(), id); it != std::sregex_iterator(); ++it)
      if (!out.emplace((*it)[1].str(), meaning).second && duplicates != nullptr) ++*duplicates;
  }
  return out;
}

// Whether the documented meaning marks the problem as a note, never fatal ("note: ...").
inline bool documented_as_note(const std::string& meaning) { return meaning.rfind("note:", 0) == 0; }

}  // namespace uccert::testing
