// `--format sarif` (report/sarif.h): valid against the SARIF 2.1.0 schema (tests/data), one result
// per finding with the finding id as ruleId, the level from its severity, the file as location,
// and the rule's metadata from the registry.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <set>

#include "fixtures/document_checks.h"
#include "fixtures/rules_fixtures.h"
#include "uccert/report/renderers.h"
#include "uccert/report/sarif.h"
#include "uccert/rules/registry.h"
#include "uccert/run/check.h"

namespace uccert::testing {
namespace {

report::CheckReport sample(const std::string& target) {
  auto ca = make_ca("Public Trust", 2);
  auto leaf = issue(ca, server("pool.fabrikam.com", {"pool.fabrikam.com", "*.contoso.com"}));
  evidence::TrustInputs t;
  t.public_roots = {ca.root.cert};
  const auto& set = profiles::builtin_profiles();
  std::vector<const profiles::ClientProfile*> ps{set.find("lync-desktop"), set.find("phone-edition"),
                                                 set.find("phone-edition-legacy"), set.find("mobile-ios")};
  rules::JudgeOptions o;
  o.at = kAt;
  auto r = run::judge_evidence(evidence({&leaf}, "sip.contoso.com"), ps, t, o);
  r.evidence.target = target;
  return r;
}

void expect_schema_valid(const std::string& log) {
  auto c = check_sarif(log);
  if (!c.missing.empty()) GTEST_SKIP() << "no JSON schema validator: apt-get install " << c.missing;
  EXPECT_TRUE(c.valid) << c.violations << log;
}

TEST(Sarif, OneResultPerFindingWithRegistryMetadata) {
  auto r = sample("certs/edge chain.pem");
  const std::string text = report::render_sarif(report::Report{r});
  auto j = nlohmann::json::parse(text);
  EXPECT_EQ(j.at("version"), "2.1.0");
  ASSERT_EQ(j.at("runs").size(), 1U);
  const auto& run = j.at("runs").at(0);
  EXPECT_EQ(run.at("tool").at("driver").at("name"), "uccert");
  const auto& results = run.at("results");
  const auto& findings = r.judgement.findings;
  ASSERT_FALSE(findings.empty());
  ASSERT_EQ(results.size(), findings.size());
  const auto& rules = run.at("tool").at("driver").at("rules");
  std::set<std::string> rule_ids;
  for (const auto& rule : rules) EXPECT_TRUE(rule_ids.insert(rule.at("id")).second) << "listed once: " << rule;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const auto& res = results.at(i);
    EXPECT_EQ(res.at("ruleId"), findings[i].id);
    EXPECT_EQ(res.at("level"), report::sarif_level(findings[i].severity));
    EXPECT_EQ(rules.at(res.at("ruleIndex").get<std::size_t>()).at("id"), findings[i].id);
    EXPECT_EQ(res.at("locations").at(0).at("physicalLocation").at("artifactLocation").at("uri"),
              "certs/edge%20chain.pem");
    EXPECT_EQ(res.at("properties").at("fix"), findings[i].fix);
  }
  // Rule metadata is the registry's: help carries the rationale and the fix in general terms.
  const auto* wildcard = rules::find_rule("name.wildcard-only");
  ASSERT_NE(wildcard, nullptr);
  bool saw = false;
  for (const auto& rule : rules) {
    if (rule.at("id") != "name.wildcard-only") continue;
    saw = true;
    const std::string help = rule.at("help").at("text");
    EXPECT_NE(help.find(std::string(wildcard->descriptor.title)), std::string::npos) << help;
    EXPECT_NE(help.find("Fix: " + std::string(wildcard->descriptor.fix)), std::string::npos) << help;
    EXPECT_EQ(rule.at("shortDescription").at("text"), wildcard->descriptor.title);
  }
  EXPECT_TRUE(saw) << text;
  expect_schema_valid(text);
}

TEST(Sarif, LevelsFollowSeverity) {
  EXPECT_EQ(report::sarif_level(rules::Severity::kFail), "error");
  EXPECT_EQ(report::sarif_level(rules::Severity::kWarn), "warning");
  EXPECT_EQ(report::sarif_level(rules::Severity::kInfo), "note");
  EXPECT_EQ(report::sarif_uri("a b/c#d%"), "a%20b/c%23d%25");
}

TEST(Sarif, EndpointsAndDnsRecordsAreLogicalLocations) {
  auto r = sample("sip.contoso.com:5061");
  r.evidence.endpoint = evidence::EndpointFacts{};
  auto j = nlohmann::json::parse(report::render_sarif(report::Report{r}));
  const auto& loc = j.at("runs").at(0).at("results").at(0).at("locations").at(0);
  EXPECT_FALSE(loc.contains("physicalLocation"));
  EXPECT_EQ(loc.at("logicalLocations").at(0).at("fullyQualifiedName"), "sip.contoso.com:5061");
  expect_schema_valid(report::render_sarif(report::Report{r}));

  report::DiscoverReport d;
  d.facts.domain = "contoso.com";
  rules::Finding f;
  f.id = "dns.lookup-failed";
  f.severity = rules::Severity::kWarn;
  f.message = "no record";
  d.findings.push_back(f);
  const std::string dl = *report::render(report::Report{d}, "sarif");
  auto dj = nlohmann::json::parse(dl);
  EXPECT_EQ(dj.at("runs").at(0).at("results").size(), 1U);
  expect_schema_valid(dl);
  expect_schema_valid(*report::render(report::Report{report::InspectReport{}}, "sarif"));
}

}  // namespace
}  // namespace uccert::testing
