// `uccert rules`: every registered finding id, from the registry itself.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>
#include <string>

#include "cli/inspect_helpers.h"
#include "uccert/rules/audit_rules.h"
#include "uccert/rules/catalog.h"
#include "uccert/rules/dns_rule.h"
#include "uccert/rules/registry.h"
#include "uccert/rules/rule_doc.h"

namespace uccert::cli {
namespace {

using testing::CommandResult;
using testing::run_uccert;

std::set<std::string> registered_ids() {
  std::set<std::string> ids;
  for (const auto* r : rules::all_rules()) ids.emplace(r->descriptor.id);
  for (const auto& r : rules::dns_rules()) ids.emplace(r.descriptor.id);
  for (const auto& d : rules::audit_rules()) ids.emplace(d.id);
  return ids;
}

TEST(RulesCommand, JsonListsEveryRegisteredRuleOnce) {
  CommandResult r = run_uccert({"rules", "--format", "json"});
  ASSERT_EQ(r.exit, kExitPass) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["command"], "rules");
  std::set<std::string> listed;
  for (const auto& rule : j["rules"]) {
    EXPECT_TRUE(listed.insert(rule["id"].get<std::string>()).second) << rule["id"];
    EXPECT_FALSE(rule["title"].get<std::string>().empty()) << rule["id"];
    EXPECT_FALSE(rule["fix"].get<std::string>().empty()) << rule["id"];
    EXPECT_FALSE(rule["source"].get<std::string>().empty()) << rule["id"];
    EXPECT_TRUE(rule["severity"] == "info" || rule["severity"] == "warn" || rule["severity"] == "fail");
  }
  for (const auto& id : registered_ids()) EXPECT_TRUE(listed.contains(id)) << id << " is not listed";
  EXPECT_EQ(listed.size(), rules::rule_catalog().size());
}

TEST(RulesCommand, PerClientSeverityComesFromTheProfileKnob) {
  CommandResult r = run_uccert({"rules", "--format", "json"});
  ASSERT_EQ(r.exit, kExitPass) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  bool found = false;
  for (const auto& rule : j["rules"]) {
    if (rule["id"] != "name.wildcard-cn") continue;
    found = true;
    EXPECT_EQ(rule["per_client_from"], "profile");
    // W-01 / W-14: OCS interop rejects a wildcard CN; Direct Routing accepts it (W-15).
    EXPECT_EQ(rule["per_client"]["ocs-interop"], "fail");
    EXPECT_EQ(rule["per_client"]["lync-desktop"], "warn");
    EXPECT_TRUE(rule["per_client"]["teams-direct-routing"].is_null());
  }
  EXPECT_TRUE(found);
}

TEST(RulesCommand, TextNamesEveryIdAndMarkdownHasAHeadingOrRowForEach) {
  CommandResult text = run_uccert({"rules"});
  CommandResult md = run_uccert({"rules", "--format", "markdown"});
  ASSERT_EQ(text.exit, kExitPass) << text.err;
  ASSERT_EQ(md.exit, kExitPass) << md.err;
  for (const auto& id : registered_ids()) {
    EXPECT_NE(("\n" + text.out).find("\n" + id + "  "), std::string::npos) << id;
    const bool heading = md.out.find("### `" + id + "`\n") != std::string::npos;
    const bool row = md.out.find("| `" + id + "` |") != std::string::npos;
    EXPECT_TRUE(heading || row) << id;
  }
}

TEST(RulesCommand, EveryRuleDocBelongsToARegisteredRule) {
  const auto ids = registered_ids();
  for (const auto& doc : rules::rule_docs()) EXPECT_TRUE(ids.contains(std::string(doc.id))) << doc.id;
}

TEST(RulesCommand, UnknownFormatIsOneLineExitThree) {
  CommandResult r = run_uccert({"rules", "--format", "yaml"});
  EXPECT_EQ(r.exit, kExitUnknown);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(testing::count_lines(r.err), 1U) << r.err;
}

}  // namespace
}  // namespace uccert::cli
