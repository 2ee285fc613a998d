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

// The section of docs/findings.md for one finding id, up to the next heading.
std::string section_of(const std::string& doc, std::string_view id) {
  const auto start = doc.find("## `" + std::string(id) + "`");
  if (start == std::string::npos) return {};
  return doc.substr(start, doc.find("\n#", start + 1) - start);
}

// Each finding's **Explains** line lists exactly the problem ids of its descriptor, in order, and
// says when they are explained only for a client whose trust gap the finding explains, or only on
// the leaf.
TEST(Registry, DocumentedExplainsMatchTheDescriptors) {
  const std::string doc = read(std::string(UCCERT_SOURCE_DIR) + "/docs/findings.md");
  ASSERT_FALSE(doc.empty());
  const std::string label = "- **Explains:** ";
  for (const auto* r : all_rules()) {
    const auto& d = r->descriptor;
    const std::string section = section_of(doc, d.id);
    const auto at = section.find(label);
    if (d.explains.ids.empty()) {
      EXPECT_EQ(at, std::string::npos) << d.id << ": explains nothing, but docs/findings.md says it does";
      continue;
    }
    ASSERT_NE(at, std::string::npos) << d.id << ": docs/findings.md has no Explains line";
    const auto eol = section.find('\n', at);
    const std::string line = section.substr(at + label.size(), eol - at - label.size());
    std::string expected;
    for (auto id : d.explains.ids) expected += (expected.empty() ? "`" : ", `") + std::string(id) + "`";
    if (d.explains.cover == ProblemCover::kTrustGapOnly)
      expected += " (for a client whose trust gap this finding explains)";
    if (d.explains.cover == ProblemCover::kLeafOnly) expected += " (on the leaf)";
    EXPECT_EQ(line, expected) << d.id;
  }
}

}  // namespace
}  // namespace uccert::rules
