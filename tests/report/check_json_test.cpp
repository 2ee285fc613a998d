// The JSON shape of `uccert check` (docs/json.md, section "check"): keys and types a script relies on.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fixtures/rules_fixtures.h"
#include "uccert/report/check_json.h"
#include "uccert/report/check_report.h"
#include "uccert/report/check_text.h"
#include "uccert/run/check.h"

namespace uccert::testing {
namespace {

report::CheckReport sample() {
  auto ca = make_ca("Public Trust", 2);
  auto leaf = issue(ca, server("pool.fabrikam.com", {"pool.fabrikam.com", "*.contoso.com"}));
  evidence::TrustInputs t;
  t.public_roots = {ca.root.cert};
  const auto& set = profiles::builtin_profiles();
  std::vector<const profiles::ClientProfile*> ps{set.find("lync-desktop"), set.find("phone-edition"),
                                                 set.find("phone-edition-legacy")};
  rules::JudgeOptions o;
  o.at = kAt;
  return run::judge_evidence(evidence({&leaf, &ca.intermediate}, "sip.contoso.com"), ps, t, o);
}

TEST(CheckJson, TopLevelShape) {
  auto r = sample();
  auto j = nlohmann::json::parse(report::render_check_json(r));
  EXPECT_EQ(j.at("schema"), 1);
  EXPECT_EQ(j.at("command"), "check");
  EXPECT_EQ(j.at("target"), "test.pem");
  EXPECT_EQ(j.at("name"), "sip.contoso.com");
  EXPECT_EQ(j.at("at"), "2026-06-01T00:00:00Z");
  EXPECT_EQ(j.at("verdict"), "fail");
  EXPECT_EQ(j.at("exit_code"), 2);
  ASSERT_TRUE(j.at("verdicts").is_object());
  EXPECT_EQ(j.at("verdicts").size(), 3U);
  EXPECT_EQ(j.at("verdicts").at("lync-desktop"), "pass");
  EXPECT_EQ(j.at("verdicts").at("phone-edition"), "warn");
  EXPECT_EQ(j.at("verdicts").at("phone-edition-legacy"), "fail");
  EXPECT_EQ(j.at("thresholds").at("warn_days"), 30);
  EXPECT_EQ(j.at("thresholds").at("fail_days"), 14);
}

TEST(CheckJson, FindingShape) {
  auto j = nlohmann::json::parse(report::render_check_json(sample()));
  ASSERT_TRUE(j.at("findings").is_array());
  ASSERT_FALSE(j.at("findings").empty());
  bool saw_wildcard = false;
  for (const auto& f : j.at("findings")) {
    for (const char* key : {"id", "severity", "message", "fix", "source", "title"})
      EXPECT_TRUE(f.at(key).is_string()) << key;
    EXPECT_TRUE(f.at("profiles").is_array());
    EXPECT_TRUE(f.at("problems").is_array());
    EXPECT_TRUE(f.at("cert_index").is_number_integer());
    EXPECT_TRUE(f.at("details").is_object());
    EXPECT_TRUE(f.at("uncertain").is_boolean());
    const std::string sev = f.at("severity");
    EXPECT_TRUE(sev == "info" || sev == "warn" || sev == "fail") << sev;
    if (f.at("id") == "name.wildcard-only" && f.at("severity") == "fail") {
      saw_wildcard = true;
      EXPECT_EQ(f.at("profiles"), nlohmann::json::array({"phone-edition-legacy"}));
      EXPECT_EQ(f.at("details").at("wildcard"), "*.contoso.com");
    }
  }
  EXPECT_TRUE(saw_wildcard);
}

TEST(CheckJson, ChainShape) {
  auto r = sample();
  auto j = nlohmann::json::parse(report::render_check_json(r));
  ASSERT_EQ(j.at("chain").size(), 2U);
  const auto& leaf = j.at("chain").at(0);
  EXPECT_EQ(leaf.at("index"), 0);
  EXPECT_EQ(leaf.at("subject"), r.evidence.chain[0]->subject.text);
  EXPECT_EQ(leaf.at("issuer"), r.evidence.chain[0]->issuer.text);
  EXPECT_EQ(leaf.at("thumbprints").at("sha1"), r.evidence.chain[0]->sha1_thumbprint);
  EXPECT_EQ(leaf.at("thumbprints").at("sha256"), r.evidence.chain[0]->sha256_thumbprint);
  EXPECT_EQ(leaf.at("subject_alt_names"), nlohmann::json::array({"pool.fabrikam.com", "*.contoso.com"}));
  EXPECT_EQ(leaf.at("validity"), "valid");
  EXPECT_EQ(leaf.at("days_remaining"), 365);
  EXPECT_EQ(leaf.at("is_ca"), false);
  EXPECT_TRUE(j.at("chain").at(1).at("is_ca").get<bool>());
  ASSERT_EQ(j.at("profiles").size(), 3U);
  const auto& p = j.at("profiles").at(0);
  EXPECT_EQ(p.at("id"), "lync-desktop");
  EXPECT_TRUE(p.at("path").at("valid").get<bool>());
  EXPECT_EQ(p.at("path").at("anchor_source"), "public-roots");
  EXPECT_TRUE(p.at("name_match").at("matched").get<bool>());
  EXPECT_EQ(p.at("name_match").at("entry"), "*.contoso.com");
}

TEST(CheckJson, EndpointIsNullForAFile) {
  auto j = nlohmann::json::parse(report::render_check_json(sample()));
  ASSERT_TRUE(j.contains("endpoint"));
  EXPECT_TRUE(j.at("endpoint").is_null());
}

TEST(CheckJson, EndpointObjectForALiveTarget) {
  auto r = sample();
  evidence::EndpointFacts e;
  e.host = "sip.contoso.com";
  e.address = "127.0.0.1";
  e.port = 5061;
  e.sni = "sip.contoso.com";
  e.protocol = "sip";
  e.tls_version = "TLSv1.2";
  e.cipher = "ECDHE-RSA-AES256-GCM-SHA384";
  e.client_ca_names = {"CN=Contoso Root"};
  e.application_status = "SIP/2.0 504 Server Time-out";
  e.application_details["sip.ms-diagnostics.code"] = "1010";
  e.application_details["chain.truncated"] = "the server sent 40 certificates; the first 32 are judged";
  r.evidence.endpoint = e;
  auto j = nlohmann::json::parse(report::render_check_json(r));
  const auto& ep = j.at("endpoint");
  ASSERT_TRUE(ep.is_object());
  EXPECT_EQ(ep.at("host"), "sip.contoso.com");
  EXPECT_EQ(ep.at("address"), "127.0.0.1");
  EXPECT_EQ(ep.at("port"), 5061);
  EXPECT_EQ(ep.at("sni"), "sip.contoso.com");
  EXPECT_EQ(ep.at("protocol"), "sip");
  EXPECT_EQ(ep.at("tls_version"), "TLSv1.2");
  EXPECT_EQ(ep.at("ocsp_stapled"), false);
  EXPECT_EQ(ep.at("client_ca_names"), nlohmann::json::array({"CN=Contoso Root"}));
  EXPECT_EQ(ep.at("application_status"), "SIP/2.0 504 Server Time-out");
  EXPECT_EQ(ep.at("details").at("sip.ms-diagnostics.code"), "1010");
  EXPECT_EQ(ep.at("details").at("chain.truncated"), "the server sent 40 certificates; the first 32 are judged");
  EXPECT_TRUE(ep.at("chain_without_sni").is_null());
}

TEST(CheckText, VerdictLinesAlignedFixBeforeProblemNoColourUnlessAsked) {
  auto r = sample();
  auto text = report::render_check_text(r);
  EXPECT_EQ(text.find("\033["), std::string::npos);
  EXPECT_NE(text.find("  lync-desktop          pass"), std::string::npos) << text;
  EXPECT_NE(text.find("  phone-edition-legacy  FAIL  name.wildcard-only"), std::string::npos) << text;
  auto fix = text.find("Fix:");
  auto problem = text.find("Problem:");
  ASSERT_NE(fix, std::string::npos);
  EXPECT_LT(fix, problem);
  auto coloured = report::render_check_text(r, report::CheckTextStyle{true});
  EXPECT_NE(coloured.find("\033[31m"), std::string::npos);
}

}  // namespace
}  // namespace uccert::testing

namespace uccert::testing {
namespace {

// docs/json.md: keys appear in the order of its tables, schema and command first, verdicts in the
// order the profiles were requested (the document was once converted to the sorted kind).
TEST(CheckJson, KeysInTheDocumentedOrder) {
  auto j = nlohmann::ordered_json::parse(report::render_check_json(sample()));
  std::vector<std::string> keys;
  for (const auto& [key, value] : j.items()) keys.push_back(key);
  const std::vector<std::string> documented{"schema",     "command",  "target",   "name",  "at",
                                            "container",  "verdict",  "exit_code", "verdicts", "thresholds",
                                            "findings",   "chain",    "profiles", "notes", "endpoint",
                                            "role",       "fetch_mode", "fetches"};
  EXPECT_EQ(keys, documented);
  std::vector<std::string> verdict_order;
  for (const auto& [key, value] : j.at("verdicts").items()) verdict_order.push_back(key);
  EXPECT_EQ(verdict_order, (std::vector<std::string>{"lync-desktop", "phone-edition", "phone-edition-legacy"}));
}

}  // namespace
}  // namespace uccert::testing
