// `uccert audit` through the command line: the Standard Edition example's live assignment probed
// through --connect-to on 127.0.0.1 (nothing answers: unknown, exit 3, a report all the same), and
// bad input refused in one line.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

#include "cli/inspect_helpers.h"

namespace uccert::cli {
namespace {

using testing::CommandResult;
using testing::run_uccert;

std::string example(const std::string& relative) { return std::string(UCCERT_SOURCE_DIR) + "/examples/" + relative; }

TEST(AuditCommand, UnansweredEndpointIsUnknownAndExits3) {
  CommandResult r = run_uccert({"audit", example("standard-edition/topology.xml"),
                                example("standard-edition/overlay.toml"), "--connect-to",
                                "se01.contoso.com:5061:127.0.0.1:1", "--timeout", "2", "--format", "json"});
  EXPECT_EQ(r.exit, 3) << r.err;
  const auto doc = nlohmann::ordered_json::parse(r.out);
  EXPECT_EQ(doc["command"], "audit");
  EXPECT_EQ(doc["exit_code"], 3);
  ASSERT_FALSE(doc["verdicts"].empty());
  EXPECT_EQ(doc["verdicts"][0]["certificate"], "fe-default se01.contoso.com");
  EXPECT_EQ(doc["verdicts"][0]["verdicts"]["lync-desktop"], "unknown");
  EXPECT_FALSE(doc["certificates"][0]["error"].is_null());
  EXPECT_EQ(doc["certificates"][0]["source"], "se01.contoso.com:5061");
}

TEST(AuditCommand, TextStartsWithTheVerdictTable) {
  CommandResult r = run_uccert({"audit", example("standard-edition/topology.xml"),
                                example("standard-edition/overlay.toml"), "--connect-to",
                                "se01.contoso.com:5061:127.0.0.1:1", "--timeout", "2"});
  EXPECT_EQ(r.exit, 3);
  const auto table = r.out.find("Verdicts (certificate x client");
  ASSERT_NE(table, std::string::npos) << r.out;
  EXPECT_LT(table, r.out.find("Coverage"));
  EXPECT_NE(r.out.find("unknown"), std::string::npos);
}

TEST(AuditCommand, BadInputIsOneLine) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"audit", "/nonexistent/topology.xml"},
           {"audit", example("standard-edition/topology.xml"), "--pool-cert", "pool.pem"},
           {"audit", example("standard-edition/topology.xml"), "--dns-server", "garbage:99999"}}) {
    CommandResult r = run_uccert(args);
    EXPECT_EQ(r.exit, 3) << r.out << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(testing::count_lines(r.err), 1U) << r.err;
    EXPECT_EQ(r.err.rfind("uccert: audit: ", 0), 0U) << r.err;
  }
}

}  // namespace
}  // namespace uccert::cli
