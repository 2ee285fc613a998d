// check --role through the command line: the role's clients as the default profiles, the role
// and its names in JSON, the role's own commands in the fixes, the exit code from its verdicts.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "cli/inspect_helpers.h"
#include "pki/load_fixtures.h"

namespace uccert::cli {
namespace {

using testing::CommandResult;
using testing::TempDir;
using testing::run_uccert;
using testing::test_chain;

// The test chain's leaf: CN pool01.contoso.com, SAN pool01.contoso.com, sip.contoso.com, ...
TEST(CheckRole, EdgeExternalJudgedForItsClientsWithTheEdgesCommands) {
  TempDir dir;
  const std::string pem = testing::write_pem_chain(dir, "edge.pem", {test_chain().leaf, test_chain().intermediate});
  const std::string root = testing::write_pem_chain(dir, "root.pem", {test_chain().root});
  CommandResult r = run_uccert({"check", pem, "--role", "edge-external", "--sip-domain", "contoso.com",
                                "--webconf-edge", "webconf.contoso.com", "--av-edge", "av.contoso.com",
                                "--public-roots", root, "--enterprise-root", root, "--at", "2026-09-01T00:00:00Z",
                                "--format", "json"});
  ASSERT_EQ(r.err, "");
  const auto doc = nlohmann::ordered_json::parse(r.out);
  EXPECT_EQ(doc["name"], "sip.contoso.com");
  EXPECT_EQ(doc["role"]["id"], "edge-external");
  EXPECT_EQ(doc["role"]["usages"],
            (std::vector<std::string>{"AccessEdgeExternal", "DataEdgeExternal", "AudioVideoAuthentication"}));
  EXPECT_EQ(doc["role"]["names"][0]["name"], "sip.contoso.com");
  EXPECT_EQ(doc["role"]["names"][0]["subject"], true);
  EXPECT_EQ(doc["role"]["names"][2]["need"], "never-checked");
  std::vector<std::string> clients;
  for (const auto& [id, verdict] : doc["verdicts"].items()) clients.push_back(id);
  EXPECT_EQ(clients, (std::vector<std::string>{"lync-desktop", "phone-edition-legacy", "phone-edition",
                                                "ocs-interop"}));
  bool missing_webconf = false;
  for (const auto& f : doc["findings"]) {
    const std::string fix = f["fix"];
    EXPECT_EQ(fix.find("Enable-ExchangeCertificate"), std::string::npos) << f["id"];
    EXPECT_EQ(fix.find("-Type Default"), std::string::npos) << f["id"];
    if (f["id"] == "role.missing-name" && f["details"]["host"] == "webconf.contoso.com") {
      missing_webconf = true;
      EXPECT_NE(fix.find("-Type AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication -Output"),
                std::string::npos)
          << fix;
    }
    if (f["details"].value("host", "") == "av.contoso.com") {  // EDGE-04: information only
      EXPECT_EQ(f["id"], "role.optional-name");
      EXPECT_EQ(f["severity"], "info");
    }
  }
  EXPECT_TRUE(missing_webconf) << r.out;
  EXPECT_EQ(doc["verdicts"]["lync-desktop"], "fail");
  EXPECT_EQ(r.exit, 2);
}

TEST(CheckRole, WithoutRoleTheJsonRoleIsNull) {
  TempDir dir;
  const std::string pem = testing::write_pem_chain(dir, "c.pem", {test_chain().leaf, test_chain().intermediate});
  CommandResult r = run_uccert({"check", pem, "--name", "sip.contoso.com", "--profile", "browser", "--at",
                                "2026-09-01T00:00:00Z", "--format", "json"});
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_TRUE(doc["role"].is_null());
}

}  // namespace
}  // namespace uccert::cli
