// run_audit on the examples' topologies with minted certificates: a correct and a broken set for
// the Enterprise deployment (the verdict table, coverage, role findings and consistency across
// certificates), the Standard Edition one from a file, and a live endpoint that does not answer.
#include "uccert/run/audit.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fmt/format.h>

#include "fixtures/document_checks.h"
#include "fixtures/rules_fixtures.h"
#include "pki/load_fixtures.h"
#include "uccert/report/renderers.h"
#include "uccert/report/report.h"

namespace uccert::run {
namespace {

using testing::Ca;
using testing::TempDir;
using testing::issue;
using testing::make_ca;
using testing::server;

constexpr const char* kAt = "2026-06-01T00:00:00Z";  // testing::kAt

std::string example(const std::string& relative) { return std::string(UCCERT_SOURCE_DIR) + "/examples/" + relative; }

class RunAudit : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ent_ = new Ca(make_ca("Contoso Enterprise", 1));
    pub_ = new Ca(make_ca("Public Trust", 2));
  }
  static void TearDownTestSuite() {
    delete ent_;
    delete pub_;
    ent_ = pub_ = nullptr;
  }

  // Writes the leaf issued by `ca` for `cn` / `san` with its intermediate; returns the file name.
  std::string cert(const std::string& file, const Ca& ca, const std::string& cn, std::vector<std::string> san,
                   int key = 0) {
    dir_.write(file, lab::pem_chain({issue(ca, server(cn, std::move(san)), key), ca.intermediate}));
    return file;
  }

  std::string assignment(const std::string& server_name, const std::string& usages, const std::string& file) {
    return fmt::format("[[assignment]]\nserver = \"{}\"\nusage = [{}]\nfile = \"{}\"\n\n", server_name, usages, file);
  }

  // The Enterprise example's topology and overlay, with `assignments` (an overlay in the temp dir).
  report::AuditReport audit(const std::string& assignments, bool phones_trust_public = true) {
    dir_.write("ent-root.pem", lab::pem_chain({ent_->root}));
    dir_.write("pub-root.pem", lab::pem_chain({pub_->root}));
    const std::string trust = fmt::format(
        "[trust]\nenterprise_roots = [\"ent-root.pem\"]\nmobile_roots = [\"ent-root.pem\"]\n"
        "trusted_ca_certs = [{}]\n\n",
        phones_trust_public ? "\"pub-root.pem\"" : "");
    AuditRequest r;
    r.files = {example("enterprise/topology.tbxml"), example("enterprise/overlay.toml"),
               dir_.write("assignments.toml", trust + assignments)};
    r.at = kAt;
    r.trust.public_roots = dir_.file("pub-root.pem");
    auto out = run_audit(r);
    EXPECT_TRUE(out) << (out ? "" : out.error().message);
    if (!out) return {};
    return *out->as<report::AuditReport>();
  }

  std::string correct_set() {
    std::string a;
    a += assignment("fe01.contoso.com", "\"Default\"",
                    cert("fe-default.pem", *ent_, "pool01.contoso.com",
                         {"pool01.contoso.com", "fe01.contoso.com", "fe02.contoso.com", "fe03.contoso.com",
                          "sip.contoso.com", "sip.fabrikam.com"}));
    a += assignment("fe01.contoso.com", "\"WebServicesInternal\"",
                    cert("fe-web.pem", *ent_, "pool01.contoso.com",
                         {"pool01.contoso.com", "fe01.contoso.com", "fe02.contoso.com", "fe03.contoso.com",
                          "meet.contoso.com", "meet.fabrikam.com", "dialin.contoso.com", "admin.contoso.com",
                          "lyncdiscoverinternal.contoso.com", "lyncdiscoverinternal.fabrikam.com"}));
    a += assignment("dir01.contoso.com", "\"Default\", \"WebServicesInternal\", \"WebServicesExternal\"",
                    cert("director.pem", *ent_, "dirpool.contoso.com",
                         {"dirpool.contoso.com", "dir01.contoso.com", "dir02.contoso.com", "sip.contoso.com",
                          "sip.fabrikam.com", "dirweb.contoso.com", "meet.contoso.com", "meet.fabrikam.com",
                          "dialin.contoso.com", "admin.contoso.com", "lyncdiscoverinternal.contoso.com",
                          "lyncdiscover.contoso.com", "lyncdiscoverinternal.fabrikam.com",
                          "lyncdiscover.fabrikam.com"}));
    const std::string edge = cert("edge-ext.pem", *pub_, "sip.contoso.com",
                                  {"sip.contoso.com", "webconf.contoso.com", "sip.fabrikam.com", "av.contoso.com"}, 3);
    a += assignment("edge01.contoso.net", "\"AccessEdgeExternal\", \"DataEdgeExternal\", \"AudioVideoAuthentication\"",
                    edge);
    a += assignment("edge02.contoso.net", "\"AccessEdgeExternal\", \"DataEdgeExternal\", \"AudioVideoAuthentication\"",
                    edge);
    a += assignment("edge01.contoso.net", "\"Internal\"",
                    cert("edge-int.pem", *ent_, "edgepool.contoso.net", {}));
    a += assignment("ex01.contoso.com", "\"UM\", \"UMCallRouter\"", cert("um.pem", *ent_, "ex01.contoso.com", {}));
    a += assignment("mail.contoso.com", "\"IIS\"",
                    cert("cas.pem", *ent_, "mail.contoso.com", {"mail.contoso.com", "autodiscover.contoso.com"}));
    return a;
  }

  static const report::CoverageRow* row(const report::AuditReport& r, const std::string& key, const std::string& name) {
    for (const auto& c : r.coverage)
      if (c.key == key && c.name == name) return &c;
    return nullptr;
  }

  static std::vector<const rules::Finding*> findings(const report::AuditReport& r, const std::string& id,
                                                     const std::string& key = "*") {
    std::vector<const rules::Finding*> out;
    for (const auto& f : r.findings)
      if (f.finding.id == id && (key == "*" || f.key == key)) out.push_back(&f.finding);
    return out;
  }

  static std::string ids(const report::AuditReport& r) {
    std::string out;
    for (const auto& f : r.findings)
      out += fmt::format("{} {} {} [{}]\n", rules::to_string(f.finding.severity), f.finding.id, f.key,
                         fmt::join(f.finding.profiles, ","));
    return out;
  }

  static std::string verdict(const report::AuditReport& r, const std::string& key, const std::string& client) {
    for (const auto& row : r.verdicts) {
      if (row.key != key) continue;
      for (const auto& [c, v] : row.verdicts)
        if (c == client) return v;
    }
    return "(none)";
  }

  TempDir dir_;
  static Ca* ent_;
  static Ca* pub_;
};
Ca* RunAudit::ent_ = nullptr;
Ca* RunAudit::pub_ = nullptr;

TEST_F(RunAudit, CorrectEnterpriseSetPasses) {
  const auto r = audit(correct_set());
  EXPECT_NE(r.worst(), rules::Verdict::kFail) << ids(r);
  for (const auto& f : r.findings) EXPECT_NE(f.finding.severity, rules::Severity::kFail) << ids(r);
  // Every client of the deployment reaches something: the table's columns.
  EXPECT_EQ(r.clients, (std::vector<std::string>{"lync-desktop", "phone-edition-legacy", "phone-edition",
                                                 "mobile-ios", "mobile-android", "exchange-um-peer", "ocs-interop",
                                                 "browser"}));
  EXPECT_EQ(verdict(r, "edge-external edgepool.contoso.net", "ocs-interop"), "pass");
  EXPECT_EQ(verdict(r, "edge-external edgepool.contoso.net", "exchange-um-peer"), "");  // never reaches the Edge
  EXPECT_EQ(verdict(r, "exchange-um ex01.contoso.com", "exchange-um-peer"), "pass");
  EXPECT_EQ(verdict(r, "edge-internal edgepool.contoso.net", "lync-desktop"), "pass");  // EDGE-07
  for (const auto& c : r.coverage)
    if (!c.thumbprint.empty()) {
      EXPECT_EQ(c.status, "present") << c.key << " " << c.name;
    }
  ASSERT_NE(row(r, "fe-web-internal pool01.contoso.com", "dialin.contoso.com"), nullptr);
  // The A/V name is on the certificate; it would not matter if it were not (EDGE-04).
  EXPECT_EQ(row(r, "edge-external edgepool.contoso.net", "av.contoso.com")->need, "never-checked");
  // Planned but not assigned here: the second UM server, Office Web Apps, the reverse proxy.
  EXPECT_EQ(row(r, "exchange-um ex02.contoso.com", "ex02.contoso.com")->status, "not-assigned");
  EXPECT_EQ(findings(r, "audit.not-assigned").size(), 4U) << ids(r);  // ex02, OWAS, RP, fe-web-external
  EXPECT_TRUE(findings(r, "audit.av-certificate-differs").empty());
  EXPECT_TRUE(findings(r, "audit.exchange-ca-differs").empty());
  EXPECT_NE(report::exit_code(r), report::kExitFail);
}

TEST_F(RunAudit, BrokenEnterpriseSetIsDiagnosed) {
  std::string a;
  // S-08: the web services certificate without the dial-in Simple URL.
  a += assignment("fe01.contoso.com", "\"Default\"",
                  cert("fe-default.pem", *ent_, "pool01.contoso.com",
                       {"pool01.contoso.com", "fe01.contoso.com", "fe02.contoso.com", "fe03.contoso.com",
                        "sip.contoso.com", "sip.fabrikam.com"}));
  a += assignment("fe01.contoso.com", "\"WebServicesInternal\"",
                  cert("fe-web.pem", *ent_, "pool01.contoso.com",
                       {"pool01.contoso.com", "fe01.contoso.com", "fe02.contoso.com", "fe03.contoso.com",
                        "meet.contoso.com", "meet.fabrikam.com", "admin.contoso.com",
                        "lyncdiscoverinternal.contoso.com", "lyncdiscoverinternal.fabrikam.com"}));
  // The Director without the second SIP domain's sip name: phones redirected there fail.
  a += assignment("dir01.contoso.com", "\"Default\", \"WebServicesInternal\", \"WebServicesExternal\"",
                  cert("director.pem", *ent_, "dirpool.contoso.com",
                       {"dirpool.contoso.com", "dir01.contoso.com", "dir02.contoso.com", "sip.contoso.com",
                        "dirweb.contoso.com", "meet.contoso.com", "meet.fabrikam.com", "dialin.contoso.com",
                        "lyncdiscoverinternal.contoso.com", "lyncdiscover.contoso.com",
                        "lyncdiscoverinternal.fabrikam.com", "lyncdiscover.fabrikam.com"}));
  // Two Edges with different certificates, one of them a wildcard (EDGE-05, W-06).
  a += assignment("edge01.contoso.net", "\"AccessEdgeExternal\", \"DataEdgeExternal\", \"AudioVideoAuthentication\"",
                  cert("edge1.pem", *pub_, "sip.contoso.com",
                       {"sip.contoso.com", "webconf.contoso.com", "sip.fabrikam.com", "av.contoso.com"}, 3));
  a += assignment("edge02.contoso.net", "\"AccessEdgeExternal\", \"DataEdgeExternal\", \"AudioVideoAuthentication\"",
                  cert("edge2.pem", *pub_, "sip.contoso.com",
                       {"sip.contoso.com", "*.contoso.com", "sip.fabrikam.com"}, 4));
  // S-06: the UM certificate's CN is another name.
  a += assignment("ex01.contoso.com", "\"UM\", \"UMCallRouter\"",
                  cert("um.pem", *ent_, "mail.contoso.com", {"ex01.contoso.com"}));
  // S-14: Exchange's web certificate from the public CA, which the phones do not trust.
  a += assignment("mail.contoso.com", "\"IIS\"",
                  cert("cas.pem", *pub_, "mail.contoso.com", {"mail.contoso.com", "autodiscover.contoso.com"}, 5));
  const auto r = audit(a, false);

  auto missing = findings(r, "role.missing-name", "fe-web-internal pool01.contoso.com");
  ASSERT_EQ(missing.size(), 1U) << ids(r);
  EXPECT_EQ(missing[0]->details.at("host"), "dialin.contoso.com");
  EXPECT_NE(missing[0]->fix.find("Set-CsCertificate -Type WebServicesInternal"), std::string::npos) << missing[0]->fix;
  EXPECT_EQ(row(r, "fe-web-internal pool01.contoso.com", "dialin.contoso.com")->status, "missing");

  auto director = findings(r, "role.missing-name", "director dirpool.contoso.com");
  ASSERT_FALSE(director.empty()) << ids(r);
  EXPECT_EQ(director[0]->details.at("host"), "sip.fabrikam.com");
  EXPECT_EQ(verdict(r, "director dirpool.contoso.com", "phone-edition-legacy"), "fail");

  ASSERT_EQ(findings(r, "audit.av-certificate-differs").size(), 1U) << ids(r);
  EXPECT_EQ(findings(r, "audit.av-certificate-differs")[0]->severity, rules::Severity::kFail);
  EXPECT_FALSE(findings(r, "role.wildcard-not-allowed", "edge-external edgepool.contoso.net").empty()) << ids(r);

  EXPECT_FALSE(findings(r, "name.cn-only-mismatch", "exchange-um ex01.contoso.com").empty()) << ids(r);
  EXPECT_EQ(verdict(r, "exchange-um ex01.contoso.com", "exchange-um-peer"), "fail");

  auto exchange_ca = findings(r, "audit.exchange-ca-differs");
  ASSERT_EQ(exchange_ca.size(), 1U) << ids(r);
  EXPECT_NE(exchange_ca[0]->fix.find("New-CsWebTrustedCACertificate"), std::string::npos);
  EXPECT_EQ(verdict(r, "exchange-web mail.contoso.com", "phone-edition-legacy"), "fail");
  EXPECT_EQ(verdict(r, "exchange-web mail.contoso.com", "lync-desktop"), "pass");

  EXPECT_EQ(report::exit_code(r), report::kExitFail);
  // Fail first, info last.
  EXPECT_EQ(r.findings.front().finding.severity, rules::Severity::kFail);
  EXPECT_EQ(r.findings.back().finding.severity, rules::Severity::kInfo);

  // Text: the table first, then the findings, fix before problem.
  const auto text = report::render(report::Report{r}, "text", {});
  ASSERT_TRUE(text);
  const auto table = text->find("Verdicts (certificate x client");
  const auto found = text->find("Findings (");
  ASSERT_NE(table, std::string::npos);
  ASSERT_NE(found, std::string::npos);
  EXPECT_LT(table, found);
  const auto fix = text->find("  Fix:", found);
  const auto problem = text->find("  Problem:", found);
  EXPECT_LT(fix, problem);
  const auto json = report::render(report::Report{r}, "json", {});
  ASSERT_TRUE(json);
  EXPECT_NE(json->find("\"command\": \"audit\""), std::string::npos);
  EXPECT_NE(json->find("\"exit_code\": 2"), std::string::npos);

  // SARIF: one result per finding, each at the topology file and line of its assignment, valid
  // against the 2.1.0 schema.
  const auto sarif = report::render(report::Report{r}, "sarif", {});
  ASSERT_TRUE(sarif);
  const auto log = nlohmann::json::parse(*sarif);
  const auto& results = log["runs"][0]["results"];
  ASSERT_EQ(results.size(), r.findings.size());
  bool located_missing_name = false;
  for (const auto& res : results) {
    const auto& where = res["locations"][0]["physicalLocation"];
    ASSERT_TRUE(where.contains("artifactLocation")) << res.dump();
    if (res["ruleId"] == "role.missing-name" && where.contains("region")) {
      EXPECT_NE(where["artifactLocation"]["uri"].get<std::string>().find("assignments.toml"), std::string::npos);
      EXPECT_GT(where["region"]["startLine"].get<int>(), 0);
      located_missing_name = true;
    }
  }
  EXPECT_TRUE(located_missing_name) << *sarif;
  const auto sarif_check = testing::check_sarif(*sarif);
  if (sarif_check.missing.empty()) {
    EXPECT_TRUE(sarif_check.valid) << sarif_check.violations;
  }

  // HTML: the verdict matrix has a row per planned certificate; valid HTML.
  const auto html = report::render(report::Report{r}, "html", {});
  ASSERT_TRUE(html);
  EXPECT_NE(html->find("director dirpool.contoso.com"), std::string::npos);
  EXPECT_NE(html->find("Names each certificate must carry"), std::string::npos);
  const auto html_check = testing::check_html(*html);
  if (html_check.missing.empty()) {
    EXPECT_TRUE(html_check.errors.empty()) << html_check.errors.front();
    EXPECT_GE(html_check.count("tr"), static_cast<int>(r.certificates.size()));
  }
}

// Standard Edition, one certificate for all three usages, read from a file.
TEST_F(RunAudit, StandardEditionFromAFile) {
  const std::string file =
      cert("se01.pem", *ent_, "se01.contoso.com",
           {"se01.contoso.com", "sip.contoso.com", "meet.contoso.com", "dialin.contoso.com", "admin.contoso.com"});
  dir_.write("ent-root.pem", lab::pem_chain({ent_->root}));
  const std::string overlay =
      "[simple_urls]\nmeet = \"https://meet.contoso.com\"\ndialin = \"https://dialin.contoso.com\"\n"
      "admin = \"https://admin.contoso.com\"\n\n[clients]\ndesktop = true\nphone_firmware = [\"4.0.7577.4487\"]\n\n"
      "[trust]\nenterprise_roots = [\"ent-root.pem\"]\n\n" +
      assignment("se01.contoso.com", "\"Default\", \"WebServicesInternal\", \"WebServicesExternal\"", file);
  AuditRequest req;
  req.files = {example("standard-edition/topology.xml"), dir_.write("overlay.toml", overlay)};
  req.at = kAt;
  req.trust.public_roots = dir_.file("ent-root.pem");
  auto out = run_audit(req);
  ASSERT_TRUE(out) << out.error().message;
  const auto& r = *out->as<report::AuditReport>();
  // One file judged as each of the three roles it serves.
  std::vector<std::string> keys;
  for (const auto& c : r.certificates) keys.push_back(c.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"fe-default se01.contoso.com", "fe-web-internal se01.contoso.com",
                                            "fe-web-external se01.contoso.com"}));
  EXPECT_EQ(verdict(r, "fe-default se01.contoso.com", "phone-edition"), "pass") << ids(r);
  // Current phone firmware only: no legacy phone column at all.
  EXPECT_EQ(std::count(r.clients.begin(), r.clients.end(), "phone-edition-legacy"), 0) << ids(r);
  EXPECT_EQ(verdict(r, "fe-web-external se01.contoso.com", "phone-edition"), "");  // phones never dial it
}

// A live endpoint that does not answer: --connect-to honoured (nothing leaves 127.0.0.1), the row
// unknown, exit 3 when nothing judged is wrong.
TEST_F(RunAudit, UnreachableEndpointIsUnknown) {
  AuditRequest req;
  req.files = {example("standard-edition/topology.xml"), example("standard-edition/overlay.toml")};
  req.at = kAt;
  req.endpoint.connect_to = {"se01.contoso.com:5061:127.0.0.1:1"};
  req.endpoint.timeout_seconds = 2;
  auto out = run_audit(req);
  ASSERT_TRUE(out) << out.error().message;
  const auto& r = *out->as<report::AuditReport>();
  ASSERT_FALSE(r.certificates.empty());
  EXPECT_FALSE(r.certificates.front().error.empty());
  EXPECT_FALSE(r.certificates.front().check.has_value());
  EXPECT_EQ(verdict(r, "fe-default se01.contoso.com", "lync-desktop"), "unknown");
  EXPECT_EQ(report::exit_code(r), report::kExitUnknown);
}

TEST(RunAuditErrors, OneLine) {
  AuditRequest req;
  auto r = run_audit(req);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "audit: give the topology files (Topology XML and/or TOML overlay)");
  req.files = {"/nonexistent/topology.xml"};
  r = run_audit(req);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("/nonexistent/topology.xml"), std::string::npos);
  req.files = {example("standard-edition/topology.xml")};
  req.trust.pool_cert = "x.pem";
  r = run_audit(req);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("--pool-cert"), std::string::npos);
}

}  // namespace
}  // namespace uccert::run
