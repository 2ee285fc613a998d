// run_plan over the examples: the request command of each certificate, and the plan and its diff
// as text and JSON (docs/json.md "plan").
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "uccert/report/renderers.h"
#include "uccert/run/plan.h"

namespace uccert::run {
namespace {

std::string example(const std::string& relative) { return std::string(UCCERT_SOURCE_DIR) + "/examples/" + relative; }

report::Report plan(std::vector<std::string> files, std::vector<std::string> old_files = {}) {
  auto r = run_plan(PlanRequest{std::move(files), std::move(old_files)});
  if (!r) throw std::runtime_error(r.error().message);
  return std::move(r).value();
}

const report::PlanReport& body(const report::Report& r) { return *r.as<report::PlanReport>(); }

std::string request_of(const report::Report& r, const std::string& key) {
  const auto& b = body(r);
  for (std::size_t i = 0; i < b.plan.certificates.size(); ++i)
    if (b.plan.certificates[i].key == key) return b.requests.at(i);
  return "(none)";
}

report::Report enterprise() { return plan({example("enterprise/topology.tbxml"), example("enterprise/overlay.toml")}); }

TEST(RunPlan, RequestCommandsPerRole) {
  const report::Report r = enterprise();
  EXPECT_EQ(request_of(r, "fe-default pool01.contoso.com"),
            "Request-CsCertificate -New -Type Default -CA \"<CA server FQDN>\\<CA name>\" -DomainName "
            "\"pool01.contoso.com,fe01.contoso.com,fe02.contoso.com,fe03.contoso.com,sip.contoso.com,"
            "sip.fabrikam.com\" -AllSipDomain -KeySize 2048");
  // Edge: offline request (G-10), exportable key (EDGE-05).
  EXPECT_EQ(request_of(r, "edge-external edgepool.contoso.net"),
            "Request-CsCertificate -New -Type AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication -Output "
            "\"C:\\edge-external-edgepool.contoso.net.req\" -DomainName "
            "\"sip.contoso.com,webconf.contoso.com,sip.fabrikam.com,av.contoso.com\" -AllSipDomain -KeySize 2048 "
            "-PrivateKeyExportable $true");
  EXPECT_EQ(request_of(r, "exchange-um ex01.contoso.com"),
            "New-ExchangeCertificate -GenerateRequest -SubjectName \"CN=ex01.contoso.com\" -DomainName "
            "\"ex01.contoso.com\" -KeySize 2048 -RequestFile \"C:\\exchange-um-ex01.contoso.com.req\"");
  EXPECT_EQ(request_of(r, "reverse-proxy webext.contoso.com")
                .rfind("openssl req -new -newkey rsa:2048 -nodes -keyout 'reverse-proxy-webext.contoso.com.key'", 0),
            0u);
  EXPECT_NE(request_of(r, "reverse-proxy webext.contoso.com").find("'extendedKeyUsage=serverAuth,clientAuth'"),
            std::string::npos);
}

TEST(RunPlan, TextShowsEveryCertificateAndTheDns) {
  const auto text = report::render(enterprise(), "text");
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("uccert plan: 11 certificates for contoso.com, fabrikam.com"), std::string::npos) << *text;
  EXPECT_NE(text->find("[6] edge-external  edgepool.contoso.net"), std::string::npos) << *text;
  EXPECT_NE(text->find("av.contoso.com  (never name-checked: EDGE-04; C-02)"), std::string::npos) << *text;
  EXPECT_NE(text->find("EKU           Server Authentication, Client Authentication"), std::string::npos);
  EXPECT_NE(text->find("_sipfederationtls._tcp.fabrikam.com port 5061"), std::string::npos) << *text;
  EXPECT_EQ(report::exit_code(enterprise()), report::kExitPass);
}

TEST(RunPlan, JsonKeys) {
  const auto text = report::render(enterprise(), "json");
  ASSERT_TRUE(text);
  const auto j = nlohmann::json::parse(*text);
  EXPECT_EQ(j["command"], "plan");
  EXPECT_EQ(j["sip_domains"], nlohmann::json({"contoso.com", "fabrikam.com"}));
  ASSERT_EQ(j["certificates"].size(), 11u);
  const auto& rp = j["certificates"][7];
  EXPECT_EQ(rp["role"], "reverse-proxy");
  EXPECT_EQ(rp["eku"], nlohmann::json({"1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"}));
  EXPECT_EQ(rp["ca"], "public");
  EXPECT_EQ(rp["exportable_key"], "advised");
  EXPECT_EQ(rp["min_rsa_bits"], 2048);
  EXPECT_EQ(rp["san"][0], "webext.contoso.com");
  EXPECT_EQ(j["certificates"][5]["names"][3]["need"], "never-checked");
  EXPECT_EQ(j["dns"][0]["name"], "_sipinternaltls._tcp.contoso.com");
  EXPECT_TRUE(j["diff"].is_null());
}

TEST(RunPlan, DiffOfTheExamplesSaysWhatToReissue) {
  // The Enterprise XML alone, then with its overlay (Simple URLs, Edge names, Exchange, reverse proxy).
  const report::Report r = plan({example("enterprise/topology.tbxml"), example("enterprise/overlay.toml")},
                                {example("enterprise/topology.tbxml")});
  ASSERT_TRUE(body(r).diff);
  const auto text = report::render(r, "text");
  ASSERT_TRUE(text);
  // Without the overlay there were no Simple URLs, Exchange or reverse proxy.
  EXPECT_NE(text->find("reissue   fe-web-internal pool01.contoso.com\n          + meet.contoso.com\n"),
            std::string::npos)
      << *text;
  EXPECT_NE(text->find("new       reverse-proxy webext.contoso.com\n"), std::string::npos) << *text;
  EXPECT_NE(text->find("untouched (2): fe-default pool01.contoso.com, edge-internal edgepool.contoso.net"),
            std::string::npos)
      << *text;
  EXPECT_EQ(report::exit_code(r), report::kExitWarn);
  const auto j = nlohmann::json::parse(*report::render(r, "json"));
  EXPECT_EQ(j["diff"]["changes"][0]["change"], "untouched");
  EXPECT_EQ(j["diff"]["changes"][1]["change"], "reissue");
}

TEST(RunPlan, DiffOfTheSameTopologyExitsZero) {
  const report::Report r = plan({example("standard-edition/topology.xml"), example("standard-edition/overlay.toml")},
                                {example("standard-edition/topology.xml"), example("standard-edition/overlay.toml")});
  EXPECT_EQ(report::exit_code(r), report::kExitPass);
  EXPECT_NE(report::render(r, "text")->find("No certificate needs to change."), std::string::npos);
}

TEST(RunPlan, ATopologyErrorIsTheError) {
  auto r = run_plan(PlanRequest{{example("enterprise/assignments.toml")}, {}});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("no SIP domain"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace uccert::run
