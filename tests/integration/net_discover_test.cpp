// `uccert discover` against a DNS server of its own (dnsmasq from Debian on a loopback port)
// holding a contoso.com / fabrikam.com deployment, with TLS / SIP / HTTPS endpoints on 127.0.0.1
// reached through --connect-to. What uccert reports is compared with what dnsmasq logged (the
// queries, in the client's order) and what each endpoint saw (SNI, OPTIONS).
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include <nlohmann/json.hpp>

#include "cli/inspect_helpers.h"
#include "fixtures/document_checks.h"
#include "integration/net_daemons.h"
#include "net/test_servers.h"
#include "uccert/lab/mint.h"

namespace uccert::testing {
namespace {


struct Deployment {
  lab::Minted root = lab::mint(lab::root_ca_spec("Contoso Root CA", "Contoso"), lab::KeyPair::cached({}, 10));
  lab::Minted inter = lab::mint(lab::intermediate_ca_spec("Contoso Issuing CA", "Contoso"), lab::KeyPair::cached({}, 11),
                                &root);
  // S-01: the pool certificate covers the SRV target lyncpool.contoso.com only by *.contoso.com.
  lab::Minted pool = lab::mint(enterprise_server_spec("pool01.contoso.com", {"pool01.contoso.com", "*.contoso.com"}),
                               lab::KeyPair::cached({}, 12), &inter);
  lab::Minted edge = lab::mint(enterprise_server_spec("sip.contoso.com", {"sip.contoso.com", "webconf.contoso.com"}),
                               lab::KeyPair::cached({}, 13), &inter);
  lab::Minted public_root = lab::mint(lab::root_ca_spec("Public Root CA", "Public"), lab::KeyPair::cached({}, 15));
  lab::Minted web = lab::mint(
      enterprise_server_spec("webext.contoso.com",
                       {"webext.contoso.com", "lyncdiscover.contoso.com", "lyncdiscoverinternal.contoso.com"}),
      lab::KeyPair::cached({}, 14), &inter);
};

const Deployment& deployment() {
  static const Deployment d;
  return d;
}

class DiscoverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = scratch_dir("discover");
    root_pem_ = (dir_ / "root.pem").string();
    ASSERT_TRUE(lab::write_pem_chain(root_pem_, {deployment().root}).ok());
    // A public store that holds only an unrelated root: the deployment's CA is enterprise-only.
    empty_pem_ = (dir_ / "public.pem").string();
    ASSERT_TRUE(lab::write_pem_chain(empty_pem_, {deployment().public_root}).ok());

    ServerConfig pool;
    pool.default_chain = ServedChain{{deployment().pool, deployment().inter}};
    pool.app = ServerApp::kSip;
    pool_ = std::make_unique<TestServer>(pool);
    ServerConfig edge_tls;
    edge_tls.default_chain = ServedChain{{deployment().edge, deployment().inter}};
    edge_tls.app = ServerApp::kSip;
    edge_ = std::make_unique<TestServer>(edge_tls);
    ServerConfig web;
    web.default_chain = ServedChain{{deployment().web, deployment().inter}};
    web.app = ServerApp::kHttp;
    web_ = std::make_unique<TestServer>(web);

    if (!std::filesystem::exists(kDnsmasq)) GTEST_SKIP() << "dnsmasq is not installed (scripts/install-deps.sh)";
    dns_port_ = start_dnsmasq(
        dns_, dir_, {"contoso.com", "fabrikam.com"},
        {"--srv-host=_sipinternaltls._tcp.contoso.com,lyncpool.contoso.com,5061,0,100",
         "--srv-host=_sip._tls.contoso.com,sip.contoso.com,443,0,100",
         "--srv-host=_sipfederationtls._tcp.contoso.com,sip.contoso.com,5061,0,100",
         "--host-record=lyncpool.contoso.com,127.0.0.1", "--host-record=sip.contoso.com,127.0.0.1",
         "--host-record=webext.contoso.com,127.0.0.1", "--host-record=lyncdiscoverinternal.contoso.com,127.0.0.1",
         "--cname=lyncdiscover.contoso.com,webext.contoso.com",
         // fabrikam.com: its internal SRV points into contoso.com (DNS-08) and its federation SRV
         // into a subdomain (DNS-10).
         "--srv-host=_sipinternaltls._tcp.fabrikam.com,pool01.contoso.com,5061,0,100",
         "--srv-host=_sipfederationtls._tcp.fabrikam.com,sip.eu.fabrikam.com,5061,0,100",
         "--host-record=pool01.contoso.com,127.0.0.1", "--host-record=sip.eu.fabrikam.com,127.0.0.1"});
    ASSERT_NE(dns_port_, 0) << "cannot start dnsmasq: " << dns_.log();
  }

  std::vector<std::string> args(const std::string& domain) {
    auto ct = [](const std::string& host, int port, std::uint16_t to) {
      return "--connect-to=" + host + ":" + std::to_string(port) + ":127.0.0.1:" + std::to_string(to);
    };
    return {"discover", domain, "--dns-server", "127.0.0.1:" + std::to_string(dns_port_), "--timeout", "3",
            "--public-roots", empty_pem_, "--enterprise-root", root_pem_, "--mobile-root", root_pem_,
            ct("lyncdiscoverinternal.contoso.com", 443, web_->port()), ct("lyncdiscover.contoso.com", 443, web_->port()),
            ct("lyncpool.contoso.com", 5061, pool_->port()), ct("pool01.contoso.com", 5061, pool_->port()),
            ct("sip.contoso.com", 443, edge_->port()), ct("sip.contoso.com", 5061, edge_->port()),
            ct("sip.eu.fabrikam.com", 5061, edge_->port()),
            "--profile", "lync-desktop", "--profile", "phone-edition-legacy", "--profile", "mobile-ios",
            "--profile", "ocs-interop"};
  }

  std::filesystem::path dir_;
  std::string root_pem_, empty_pem_;
  std::unique_ptr<TestServer> pool_, edge_, web_;
  Daemon dns_;
  std::uint16_t dns_port_ = 0;
};

const nlohmann::json* record(const nlohmann::json& j, const std::string& name) {
  for (const auto& r : j["records"]) {
    if (r["name"] == name) return &r;
  }
  return nullptr;
}

bool has_finding(const nlohmann::json& j, const std::string& id) {
  for (const auto& f : j["findings"]) {
    if (f["id"] == id) return true;
  }
  return false;
}

TEST_F(DiscoverTest, ContosoFindsEveryRecordProbesEveryTargetAndJudgesPerClient) {
  auto a = args("contoso.com");
  a.push_back("--format=json");
  auto r = run_uccert(a);
  ASSERT_FALSE(r.out.empty()) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["command"], "discover");
  EXPECT_EQ(j["domain"], "contoso.com");

  // Every record, in the clients' order (DNS-01, DNS-02, DNS-05).
  std::vector<std::string> names;
  for (const auto& rec : j["records"]) names.push_back(rec["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{
                       "lyncdiscoverinternal.contoso.com", "lyncdiscover.contoso.com",
                       "_sipinternaltls._tcp.contoso.com", "_sipinternal._tcp.contoso.com", "_sip._tls.contoso.com",
                       "sipinternal.contoso.com", "sip.contoso.com", "sipexternal.contoso.com",
                       "_sipfederationtls._tcp.contoso.com"}));
  EXPECT_EQ((*record(j, "sipinternal.contoso.com"))["status"], "nxdomain");
  EXPECT_EQ((*record(j, "_sipinternal._tcp.contoso.com"))["status"], "nxdomain");
  const auto& ld = *record(j, "lyncdiscover.contoso.com");
  EXPECT_EQ(ld["status"], "ok");
  EXPECT_EQ(ld["cname_chain"], nlohmann::json::array({"webext.contoso.com"}));

  // The internal SRV: lyncpool.contoso.com covered only by *.contoso.com (S-01).
  const auto& internal = *record(j, "_sipinternaltls._tcp.contoso.com");
  ASSERT_EQ(internal["srv"].size(), 1U);
  EXPECT_EQ(internal["srv"][0]["target"], "lyncpool.contoso.com");
  EXPECT_EQ(internal["srv"][0]["port"], 5061);
  ASSERT_EQ(internal["targets"].size(), 1U);
  const auto& pool_target = internal["targets"][0];
  EXPECT_EQ(pool_target["endpoint"]["application_status"], "SIP/2.0 200 OK");
  EXPECT_EQ(pool_target["endpoint"]["sni"], "lyncpool.contoso.com");
  EXPECT_EQ(pool_target["verdicts"]["lync-desktop"], "pass");
  EXPECT_EQ(pool_target["verdicts"]["phone-edition-legacy"], "fail");
  EXPECT_FALSE(pool_target["verdicts"].contains("mobile-ios"));  // not a record mobiles use

  // The Edge: sip.contoso.com on 443 (SRV), on 5061 and 443 (A fallback) and for federation.
  const auto& ext = *record(j, "_sip._tls.contoso.com");
  EXPECT_EQ(ext["targets"][0]["verdicts"]["phone-edition-legacy"], "pass");
  const auto& fed = *record(j, "_sipfederationtls._tcp.contoso.com");
  EXPECT_EQ(fed["targets"][0]["verdicts"].size(), 1U);
  EXPECT_TRUE(fed["targets"][0]["verdicts"].contains("ocs-interop"));
  const auto& a_rec = *record(j, "sip.contoso.com");
  EXPECT_EQ(a_rec["targets"].size(), 2U);

  // Autodiscover over HTTPS.
  const auto& ldi = *record(j, "lyncdiscoverinternal.contoso.com");
  EXPECT_EQ(ldi["targets"][0]["endpoint"]["application_status"], "HTTP/1.1 200 OK");
  EXPECT_EQ(ldi["targets"][0]["verdicts"]["mobile-ios"], "pass");

  EXPECT_FALSE(has_finding(j, "dns.srv-target-outside-domain"));
  EXPECT_FALSE(has_finding(j, "dns.lyncdiscoverinternal-missing"));
  EXPECT_EQ(j["exit_code"], 2);
  EXPECT_EQ(r.exit, 2);

  // What the servers saw agrees: the pool got SNI lyncpool.contoso.com and an OPTIONS for it.
  auto pool_log = pool_->log(1);
  ASSERT_FALSE(pool_log.empty());
  EXPECT_EQ(pool_log[0].sni, "lyncpool.contoso.com");
  EXPECT_EQ(pool_log[0].request.rfind("OPTIONS sip:lyncpool.contoso.com:5061;transport=tls SIP/2.0", 0), 0U);

  // dnsmasq logged the lookups in the client's order.
  std::string log = dns_.log();
  auto at = [&](const std::string& q) { return log.find(q); };
  ASSERT_NE(at("query[A] lyncdiscoverinternal.contoso.com"), std::string::npos) << log;
  EXPECT_LT(at("query[A] lyncdiscoverinternal.contoso.com"), at("query[A] lyncdiscover.contoso.com"));
  EXPECT_LT(at("query[A] lyncdiscover.contoso.com"), at("query[SRV] _sipinternaltls._tcp.contoso.com"));
  EXPECT_LT(at("query[SRV] _sipinternaltls._tcp.contoso.com"), at("query[SRV] _sip._tls.contoso.com"));
  EXPECT_LT(at("query[SRV] _sip._tls.contoso.com"), at("query[A] sipinternal.contoso.com"));
  EXPECT_LT(at("query[A] sipinternal.contoso.com"), at("query[A] sipexternal.contoso.com"));
  EXPECT_LT(at("query[A] sipexternal.contoso.com"), at("query[SRV] _sipfederationtls._tcp.contoso.com"));
}

TEST_F(DiscoverTest, FabrikamSrvTargetsOutsideTheDomainAreRefused) {
  auto a = args("fabrikam.com");
  a.push_back("--format=json");
  auto r = run_uccert(a);
  ASSERT_FALSE(r.out.empty()) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(has_finding(j, "dns.srv-target-outside-domain"));        // DNS-07, DNS-08
  EXPECT_TRUE(has_finding(j, "dns.federation-target-not-in-domain"));  // DNS-10
  for (const auto& f : j["findings"]) {
    if (f["id"] == "dns.srv-target-outside-domain") {
      EXPECT_NE(f["message"].get<std::string>().find("pool01.contoso.com is not in fabrikam.com"), std::string::npos);
      EXPECT_EQ(f["severity"], "fail");
    }
  }
  EXPECT_EQ(r.exit, 2);
}

TEST_F(DiscoverTest, TextTableAndFindings) {
  auto r = run_uccert(args("contoso.com"));
  EXPECT_EQ(r.exit, 2) << r.err;
  EXPECT_NE(r.out.find("RECORD"), std::string::npos);
  EXPECT_NE(r.out.find("_sipinternaltls._tcp.contoso.com"), std::string::npos);
  EXPECT_NE(r.out.find("lync-desktop pass, phone-edition-legacy fail"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Findings ("), std::string::npos);
  EXPECT_NE(r.out.find("  at _sipinternaltls._tcp.contoso.com -> lyncpool.contoso.com:5061\n"), std::string::npos) << r.out;
}

// The HTML and SARIF reports of a whole domain say what its JSON report says: a matrix row per
// judged target with each client's verdict, one SARIF result per finding (DNS and certificate).
TEST_F(DiscoverTest, HtmlAndSarifSayWhatTheJsonSays) {
  auto as = [&](const std::string& format) {
    auto a = args("contoso.com");
    a.push_back("--format=" + format);
    return run_uccert(a);
  };
  auto json_run = as("json");
  auto j = nlohmann::json::parse(json_run.out);
  auto html_run = as("html");
  ASSERT_EQ(html_run.err, "");
  EXPECT_EQ(html_run.exit, json_run.exit);
  const std::string& html = html_run.out;
  const std::string table = html.substr(0, html.find("</table>"));
  std::vector<std::string> clients;
  static const std::regex th("<th scope=\"col\">([^<]*)</th>");
  for (std::sregex_iterator it(table.begin(), table.end(), th), e; it != e; ++it) clients.push_back((*it)[1]);
  ASSERT_GT(clients.size(), 1U);
  std::size_t findings = j["findings"].size();
  int judged = 0;
  for (const auto& rec : j["records"]) {
    for (const auto& t : rec["targets"]) {
      if (t["check"].is_null()) continue;
      ++judged;
      findings += t["check"]["findings"].size();
      const std::string label = rec["name"].get<std::string>() + " \u2192 " + t["name"].get<std::string>() + ":" +
                                std::to_string(t["port"].get<int>());
      const auto at = table.find(">" + label + "</a></th>");
      ASSERT_NE(at, std::string::npos) << label;
      const std::string row = table.substr(at, table.find("</tr>", at) - at);
      static const std::regex td("data-verdict=\"([a-z]+)\"");
      std::size_t column = 1;
      for (std::sregex_iterator it(row.begin(), row.end(), td), e; it != e; ++it, ++column) {
        const std::string& client = clients.at(column);
        const std::string expected = t["verdicts"].contains(client) ? t["verdicts"][client].get<std::string>() : "none";
        EXPECT_EQ((*it)[1], expected) << label << " " << client;
      }
      EXPECT_EQ(column, clients.size()) << label;
    }
  }
  EXPECT_GT(judged, 2);
  auto parsed = check_html(html);
  if (parsed.missing.empty()) {
    EXPECT_TRUE(parsed.errors.empty()) << parsed.errors.front();
    EXPECT_EQ(parsed.count("script"), 1);
  }

  auto sarif_run = as("sarif");
  EXPECT_EQ(sarif_run.exit, json_run.exit);
  auto sarif = nlohmann::json::parse(sarif_run.out);
  EXPECT_EQ(sarif["runs"][0]["results"].size(), findings);
  auto valid = check_sarif(sarif_run.out);
  if (valid.missing.empty()) {
    EXPECT_TRUE(valid.valid) << valid.violations;
  }
}

TEST_F(DiscoverTest, NoProbeJudgesTheRecordsAlone) {
  auto a = args("fabrikam.com");
  a.push_back("--no-probe");
  auto r = run_uccert(a);
  EXPECT_EQ(r.exit, 2) << r.out << r.err;  // the SRV targets outside the domain fail by themselves
  EXPECT_NE(r.out.find("dns.srv-target-outside-domain"), std::string::npos) << r.out;
  EXPECT_EQ(pool_->log(0).size(), 0U);  // nothing was contacted
  auto c = args("contoso.com");
  c.push_back("--no-probe");
  auto ok = run_uccert(c);
  EXPECT_EQ(ok.exit, 0) << ok.out << ok.err;
}

TEST_F(DiscoverTest, BadArgumentsAndAnUnansweringDnsServer) {
  auto bad = run_uccert({"discover", "contoso", "--dns-server", "127.0.0.1:" + std::to_string(dns_port_)});
  EXPECT_EQ(bad.exit, 3);
  EXPECT_NE(bad.err.find("at least two labels"), std::string::npos) << bad.err;
  auto bad_server = run_uccert({"discover", "contoso.com", "--dns-server", "not an address"});
  EXPECT_EQ(bad_server.exit, 3);
  EXPECT_NE(bad_server.err.find("--dns-server"), std::string::npos) << bad_server.err;
  // A port where nothing answers DNS: every lookup fails within its deadline, exit 3.
  auto silent = run_uccert({"discover", "contoso.com", "--dns-server", "127.0.0.1:" + std::to_string(free_port(SOCK_DGRAM)),
                            "--timeout", "1"});
  EXPECT_EQ(silent.exit, 3) << silent.out;
  EXPECT_NE(silent.err.find("no DNS answer for contoso.com"), std::string::npos) << silent.err;
}

}  // namespace
}  // namespace uccert::testing
