// The problem id constants (verify/problem_ids.h), all_problem_ids() and docs/problems.md name
// exactly the same ids.
#include "uccert/verify/problem_ids.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "verify/problems_doc.h"

namespace uccert::verify {
namespace {

std::set<std::string> constant_ids() {
  std::set<std::string> out;
  for (auto id : problem::all_problem_ids()) out.emplace(id);
  return out;
}

TEST(ProblemIds, AllProblemIdsHasNoDuplicate) {
  EXPECT_EQ(constant_ids().size(), problem::all_problem_ids().size());
}

TEST(ProblemIds, AreExactlyTheDocumentedIds) {
  int duplicates = 0;
  const auto documented = testing::documented_problems(&duplicates);
  ASSERT_GE(documented.size(), 50U) << "docs/problems.md missing or its tables not recognised";
  EXPECT_EQ(duplicates, 0) << "an id is documented twice in docs/problems.md";
  const auto constants = constant_ids();
  for (const auto& [id, meaning] : documented)
    EXPECT_TRUE(constants.contains(id)) << id << " is documented in docs/problems.md but has no constant";
  for (const auto& id : constants)
    EXPECT_TRUE(documented.contains(id)) << id << " has a constant but no row in docs/problems.md";
}

// Each id is documented under its own prefix's heading ("## chain.*"), or under "Path-wide".
TEST(ProblemIds, DocumentedUnderTheirPrefix) {
  const std::string doc = testing::problems_doc_text();
  std::string section;
  std::istringstream lines(doc);
  const std::regex id(R"(^\| `([a-z0-9-]+)\.)");
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("## ", 0) == 0) section = line.substr(3);
    std::smatch m;
    if (!std::regex_search(line, m, id)) continue;
    EXPECT_TRUE(section == "Path-wide" || section == m[1].str() + ".*") << line << " is under ## " << section;
  }
}

// A constant declared in the header but left out of kAllProblemIds would escape the test above.
TEST(ProblemIds, EveryConstantInTheHeaderIsListed) {
  std::ifstream in(std::string(UCCERT_SOURCE_DIR) + "/src/uccert/verify/problem_ids.h");
  std::stringstream s;
  s << in.rdbuf();
  const std::string header = s.str();
  ASSERT_FALSE(header.empty());
  const std::regex declared(R"re(inline constexpr std::string_view k\w+ =\s*"([^"]+)")re");
  const auto listed = constant_ids();
  std::size_t n = 0;
  for (auto it = std::sregex_iterator(header.begin(), header.end(), declared); it != std::sregex_iterator(); ++it) {
    ++n;
    EXPECT_TRUE(listed.contains((*it)[1].str())) << (*it)[1].str() << " is declared but not in kAllProblemIds";
  }
  EXPECT_EQ(n, problem::all_problem_ids().size());
}

TEST(ProblemIds, AreDottedLowerCase) {
  const std::regex form(R"(^[a-z]+(-[a-z]+)*\.[a-z0-9]+(-[a-z0-9]+)*$)");
  for (auto id : problem::all_problem_ids()) EXPECT_TRUE(std::regex_match(std::string(id), form)) << id;
}

}  // namespace
}  // namespace uccert::verify
