// The registry: every rule id unique, sourced in uc-rules.md, documented in docs/findings.md.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "uccert/rules/registry.h"

namespace uccert::rules {
namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Registry, IdsAreUniqueAndWellFormed) {
  std::set<std::string_view> ids;
  const std::regex id_form(R"(^[a-z]+\.[a-z0-9<>. -]+$)");
  ASSERT_GE(all_rules().size(), 25U);
  for (const auto* r : all_rules()) {
    EXPECT_TRUE(ids.insert(r->descriptor.id).second) << "duplicate " << r->descriptor.id;
    EXPECT_TRUE(std::regex_match(std::string(r->descriptor.id), id_form)) << r->descriptor.id;
    EXPECT_FALSE(r->descriptor.title.empty()) << r->descriptor.id;
    EXPECT_FALSE(r->descriptor.fix.empty()) << r->descriptor.id;
    EXPECT_FALSE(r->descriptor.concerns.empty()) << r->descriptor.id;
    EXPECT_NE(r->check, nullptr) << r->descriptor.id;
    EXPECT_EQ(find_rule(r->descriptor.id), r);
  }
}

// Every source key names a uc-rules.md id (e.g. W-12, LPE-01, S-01, PS-07) or a seed article.
TEST(Registry, EverySourceIsAUcRulesId) {
  const std::string uc_rules = read(std::string(UCCERT_SOURCE_DIR) + "/../shared/uc-rules.md");
  const std::regex key(R"((seed:[A-Z-]+)|([A-Z0-9]+-[0-9]+))");
  for (const auto* r : all_rules()) {
    const std::string source(r->descriptor.source);
    int keys = 0;
    for (auto it = std::sregex_iterator(source.begin(), source.end(), key); it != std::sregex_iterator(); ++it) {
      ++keys;
      const std::string k = it->str();
      if (uc_rules.empty()) continue;  // the reference lives outside the repository; checked where present
      const bool found = k.rfind("seed:", 0) == 0 ? uc_rules.find(k) != std::string::npos
                                                  : uc_rules.find("| " + k + " ") != std::string::npos ||
                                                        uc_rules.find("**" + k + " ") != std::string::npos;
      EXPECT_TRUE(found)
          << r->descriptor.id << ": source " << k << " not found in uc-rules.md";
    }
    EXPECT_GT(keys, 0) << r->descriptor.id << ": source '" << source << "' names no uc-rules id";
  }
}

TEST(Registry, EveryIdIsDocumented) {
  const std::string doc = read(std::string(UCCERT_SOURCE_DIR) + "/docs/findings.md");
  ASSERT_FALSE(doc.empty()) << "docs/findings.md missing";
  for (const auto* r : all_rules()) {
    const std::string heading = "## `" + std::string(r->descriptor.id) + "`";
    EXPECT_NE(doc.find(heading), std::string::npos) << r->descriptor.id << " has no section in docs/findings.md";
    EXPECT_NE(doc.find(std::string(r->descriptor.source)), std::string::npos)
        << r->descriptor.id << ": docs/findings.md does not give its source " << r->descriptor.source;
  }
}

}  // namespace
}  // namespace uccert::rules
