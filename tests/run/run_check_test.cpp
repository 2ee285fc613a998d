// run_check end to end on files the test mints: the pipeline (acquire -> judge -> report) and the
// chain order of a file (a PEM saved root first is judged leaf first and says so).
#include "uccert/run/check.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "pki/load_fixtures.h"
#include "uccert/report/report.h"
#include "uccert/run/inspect.h"

namespace uccert::run {
namespace {

using testing::TempDir;
using testing::test_chain;

// --at inside the test chain's validity.
constexpr const char* kAt = "2026-09-01T00:00:00Z";

CheckRequest request(const std::string& file, const TempDir& dir) {
  CheckRequest r;
  r.target = file;
  r.name = "sip.contoso.com";
  r.at = kAt;
  r.profile_ids = {"lync-desktop", "phone-edition", "browser"};
  r.trust.enterprise_roots = {dir.write("root.pem", lab::pem_chain({test_chain().root}))};
  r.trust.public_roots = r.trust.enterprise_roots.front();
  return r;
}

std::vector<std::string> finding_ids(const report::CheckReport& r) {
  std::vector<std::string> out;
  for (const auto& f : r.judgement.findings) out.push_back(f.id);
  return out;
}

bool has(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

TEST(RunCheck, LeafFirstFileIsJudgedAsGiven) {
  TempDir dir;
  const auto& c = test_chain();
  auto report = run_check(request(dir.write("chain.pem", lab::pem_chain({c.leaf, c.intermediate})), dir));
  ASSERT_TRUE(report) << report.error().message;
  const auto* check = report->as<report::CheckReport>();
  ASSERT_NE(check, nullptr);
  EXPECT_EQ(report->command(), "check");
  EXPECT_FALSE(check->evidence.file_starts_with.has_value());
  EXPECT_EQ(check->evidence.chain.front()->der(), c.leaf.der);
  EXPECT_FALSE(has(finding_ids(*check), "chain.file-order")) << ::testing::PrintToString(finding_ids(*check));
  EXPECT_EQ(check->judgement.profiles.size(), 3U);
}

// What many tools write when they convert a .p7b: root, intermediate, leaf. Judged as Windows
// sends it after import (leaf first), with the verdicts of the leaf-first file, plus a warning for
// servers that send the file as it is.
TEST(RunCheck, RootFirstPemIsJudgedLeafFirstAndWarned) {
  TempDir dir;
  const auto& c = test_chain();
  auto good = run_check(request(dir.write("good.pem", lab::pem_chain({c.leaf, c.intermediate, c.root})), dir));
  auto reversed = run_check(request(dir.write("rev.pem", lab::pem_chain({c.root, c.intermediate, c.leaf})), dir));
  ASSERT_TRUE(good) << good.error().message;
  ASSERT_TRUE(reversed) << reversed.error().message;
  const auto& g = *good->as<report::CheckReport>();
  const auto& r = *reversed->as<report::CheckReport>();
  ASSERT_EQ(r.evidence.chain.size(), 3U);
  EXPECT_EQ(r.evidence.chain[0]->der(), c.leaf.der);
  EXPECT_EQ(r.evidence.chain[1]->der(), c.intermediate.der);
  EXPECT_EQ(r.evidence.file_starts_with, std::optional<std::size_t>(2));
  const auto ids = finding_ids(r);
  ASSERT_TRUE(has(ids, "chain.file-order")) << ::testing::PrintToString(ids);
  for (const auto& f : r.judgement.findings) {
    if (f.id != "chain.file-order") continue;
    EXPECT_EQ(f.severity, rules::Severity::kWarn);
    EXPECT_NE(f.message.find("Contoso Root CA"), std::string::npos) << f.message;
    EXPECT_NE(f.message.find("nginx"), std::string::npos) << f.message;
    EXPECT_EQ(f.cert_index, 2);
  }
  EXPECT_FALSE(has(ids, "chain.order"));
  // Every other finding and every verdict but the warning are the leaf-first file's.
  for (std::size_t i = 0; i < g.judgement.profiles.size(); ++i) {
    EXPECT_EQ(r.judgement.profiles[i].path.best.valid(), g.judgement.profiles[i].path.best.valid());
    EXPECT_GE(r.judgement.profiles[i].verdict, rules::Verdict::kWarn);
  }
  auto without = ids;
  without.erase(std::remove(without.begin(), without.end(), "chain.file-order"), without.end());
  EXPECT_EQ(without, finding_ids(g));
}

TEST(RunCheck, BadRequestsAreOneLineErrors) {
  TempDir dir;
  const auto& c = test_chain();
  auto req = request(dir.write("chain.pem", lab::pem_chain({c.leaf})), dir);
  req.name.clear();
  auto r = run_check(req);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "--name FQDN is required: the name the client dialled");
  req.name = "sip.contoso.com";
  req.fail_days = 40;
  r = run_check(req);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "--fail-days 40 is more than --warn-days 30");
  req.fail_days = 14;
  req.profile_ids = {"no-such-client"};
  r = run_check(req);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("unknown profile id \"no-such-client\""), std::string::npos);
  req.profile_ids = {};
  req.target = dir.file("missing.pem");
  r = run_check(req);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("missing.pem"), std::string::npos);
}

// --role: the role's clients are the default profiles (an Edge certificate is never judged as an
// Exchange UM peer), the role and its names reach the judge, and --profile still wins.
TEST(RunCheck, RoleGivesItsClientsAndNames) {
  TempDir dir;
  const auto& c = test_chain();
  auto req = request(dir.write("chain.pem", lab::pem_chain({c.leaf, c.intermediate})), dir);
  req.profile_ids.clear();
  req.name.clear();
  req.role = "edge-external";
  req.role_inputs.sip_domains = {"contoso.com"};
  req.role_inputs.webconf_edge = "webconf.contoso.com";
  auto r = run_check(req);
  ASSERT_TRUE(r) << r.error().message;
  const auto& check = *r->as<report::CheckReport>();
  std::vector<std::string> judged;
  for (const auto& p : check.judgement.profiles) judged.push_back(p.profile_id);
  EXPECT_EQ(judged, (std::vector<std::string>{"lync-desktop", "phone-edition-legacy", "phone-edition",
                                              "ocs-interop"}));
  EXPECT_EQ(check.evidence.dialled_name, "sip.contoso.com");  // the role's subject
  EXPECT_EQ(check.options.role, profiles::Role::kEdgeExternal);
  ASSERT_EQ(check.options.role_names.size(), 2U);
  EXPECT_EQ(check.options.role_names[1].name, "webconf.contoso.com");
  EXPECT_TRUE(has(finding_ids(check), "role.missing-name")) << ::testing::PrintToString(finding_ids(check));

  req.profile_ids = {"browser"};
  r = run_check(req);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->as<report::CheckReport>()->judgement.profiles.size(), 1U);
  EXPECT_EQ(r->as<report::CheckReport>()->judgement.profiles[0].profile_id, "browser");
}

TEST(RunCheck, RoleErrorsAreOneLine) {
  TempDir dir;
  const auto& c = test_chain();
  auto req = request(dir.write("chain.pem", lab::pem_chain({c.leaf})), dir);
  req.role = "edge";
  auto r = run_check(req);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message.rfind("--role edge: unknown role (one of fe-default, fe-web-internal,", 0), 0U)
      << r.error().message;
  req.role.clear();
  req.role_inputs.names = {"sip.contoso.com", "webconf.contoso.com"};
  r = run_check(req);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "--name given more than once: several names are the names of a role (--role ROLE)");
  req.role_inputs.names.clear();
  req.role_inputs.pool = "pool01.contoso.com";
  r = run_check(req);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "--pool pool01.contoso.com: a role input; say which role with --role ROLE");
  req.role = "fe-default";
  req.role_inputs.pool = "https://pool01.contoso.com/";
  r = run_check(req);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "--pool https://pool01.contoso.com/: a URL; give the host name alone (pool01.contoso.com)");
  req.role_inputs.pool.clear();
  req.name.clear();
  r = run_check(req);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message.rfind("--role fe-default: no name to check; give --name FQDN", 0), 0U)
      << r.error().message;
}

TEST(RunInspect, UnreadableFilesAreReportedInPlace) {
  TempDir dir;
  const auto& c = test_chain();
  InspectRequest req;
  req.files = {dir.write("leaf.pem", lab::pem_chain({c.leaf})), dir.file("missing.pem")};
  req.at = kAt;
  auto r = run_inspect(req);
  ASSERT_TRUE(r) << r.error().message;
  const auto& files = r->as<report::InspectReport>()->files;
  ASSERT_EQ(files.size(), 2U);
  EXPECT_TRUE(files[0].loaded.has_value());
  EXPECT_FALSE(files[1].loaded.has_value());
  EXPECT_EQ(report::exit_code(*r), report::kExitUnknown);
  req.at = "yesterday";
  r = run_inspect(req);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "--at yesterday: not an RFC 3339 time (e.g. 2026-11-23T14:47:03Z)");
}

}  // namespace
}  // namespace uccert::run
