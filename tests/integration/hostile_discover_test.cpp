// One hostile endpoint among several (docs/security.md, "hostile server"): `uccert discover`
// probes every SRV target of a record at once, so a target that never speaks, drips, closes,
// answers garbage or sends an endless SIP answer must cost the run no more than its own probe
// deadline and must leave every other target's evidence and verdicts exactly as they are when
// all targets behave.
//
// The deployment: _sipinternaltls._tcp.contoso.test has three SRV targets (pool1, pool2, pool3),
// plus lyncdiscoverinternal.contoso.test over HTTPS; dnsmasq answers on 127.0.0.1 and
// --connect-to sends each name to a server the test starts. pool2 is the hostile one.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "integration/hostile_server.h"
#include "integration/net_daemons.h"
#include "uccert/lab/mint.h"

namespace uccert::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

constexpr std::chrono::milliseconds kProbeTimeout = 2000ms;
constexpr std::chrono::milliseconds kSlack = 1000ms;

struct Deployment {
  lab::Minted root = lab::mint(lab::root_ca_spec("Contoso Root CA", "Contoso"), lab::KeyPair::cached({}, 10));
  lab::Minted inter = lab::mint(lab::intermediate_ca_spec("Contoso Issuing CA", "Contoso"),
                                lab::KeyPair::cached({}, 11), &root);
  // Every pool front end names itself explicitly (no wildcard): it passes for every client.
  lab::Minted pool = lab::mint(
      enterprise_server_spec("pool.contoso.test", {"pool.contoso.test", "pool1.contoso.test", "pool2.contoso.test",
                                             "pool3.contoso.test"}),
      lab::KeyPair::cached({}, 12), &inter);
  lab::Minted web = lab::mint(enterprise_server_spec("lyncdiscoverinternal.contoso.test",
                                               {"lyncdiscoverinternal.contoso.test"}),
                              lab::KeyPair::cached({}, 14), &inter);
  lab::Minted unrelated = lab::mint(lab::root_ca_spec("Public Root CA", "Public"), lab::KeyPair::cached({}, 15));
};

const Deployment& deployment() {
  static const Deployment d;
  return d;
}

struct Hostile {
  const char* name;
  TcpBehaviour behaviour;
  TlsApp app;         // with kTls: the pool's chain, then this answer
  const char* said;   // what the hostile target's error or SIP answer names
  bool probe_fails;   // false: the answer is cut short but the certificate is judged as usual
};

HostileTcpConfig config(TcpBehaviour behaviour, TlsApp app) {
  HostileTcpConfig c;
  c.behaviour = behaviour;
  c.app = app;
  if (behaviour == TcpBehaviour::kTls || behaviour == TcpBehaviour::kCloseAfterServerHello) {
    c.chain = {deployment().pool, deployment().inter};
  }
  return c;
}

// A well-behaved Lync front end: the pool chain, then 200 OK to OPTIONS.
HostileTcpConfig good_sip() { return config(TcpBehaviour::kTls, TlsApp::kSipOk); }

HostileTcpConfig good_https() {
  HostileTcpConfig c;
  c.behaviour = TcpBehaviour::kTls;
  c.app = TlsApp::kHttpOk;
  c.chain = {deployment().web, deployment().inter};
  return c;
}

class HostileDiscover : public ::testing::TestWithParam<Hostile> {
 protected:
  void SetUp() override {
    (void)deployment();  // mint before forking, so every server serves the same certificates
    // Every server is forked before anything in this process starts a thread.
    pool1_ = std::make_unique<HostileTcpServer>(good_sip());
    pool2_good_ = std::make_unique<HostileTcpServer>(good_sip());
    pool2_hostile_ = std::make_unique<HostileTcpServer>(config(GetParam().behaviour, GetParam().app));
    pool3_ = std::make_unique<HostileTcpServer>(good_sip());
    web_ = std::make_unique<HostileTcpServer>(good_https());

    dir_ = scratch_dir("hostile-discover");
    root_pem_ = (dir_ / "root.pem").string();
    ASSERT_TRUE(lab::write_pem_chain(root_pem_, {deployment().root}).ok());
    public_pem_ = (dir_ / "public.pem").string();
    ASSERT_TRUE(lab::write_pem_chain(public_pem_, {deployment().unrelated}).ok());

    if (!std::filesystem::exists(kDnsmasq)) GTEST_SKIP() << "dnsmasq is not installed (scripts/install-deps.sh)";
    dns_port_ = start_dnsmasq(dns_, dir_, {"contoso.test"},
                              {"--srv-host=_sipinternaltls._tcp.contoso.test,pool1.contoso.test,5061,0,300",
                               "--srv-host=_sipinternaltls._tcp.contoso.test,pool2.contoso.test,5061,0,200",
                               "--srv-host=_sipinternaltls._tcp.contoso.test,pool3.contoso.test,5061,0,100",
                               "--host-record=pool1.contoso.test,127.0.0.1", "--host-record=pool2.contoso.test,127.0.0.1",
                               "--host-record=pool3.contoso.test,127.0.0.1",
                               "--host-record=lyncdiscoverinternal.contoso.test,127.0.0.1"});
    ASSERT_NE(dns_port_, 0) << "cannot start dnsmasq: " << dns_.log();
  }

  // The real binary, pool2 sent to `pool2_port`.
  ChildOutcome discover(std::uint16_t pool2_port) {
    auto ct = [](const std::string& host, std::uint16_t to) {
      return "--connect-to=" + host + ":127.0.0.1:" + std::to_string(to);
    };
    std::vector<std::string> argv = {
        UCCERT_EXE, "discover", "contoso.test", "--dns-server", "127.0.0.1:" + std::to_string(dns_port_),
        "--timeout", "2", "--format", "json", "--public-roots", public_pem_, "--enterprise-root", root_pem_,
        "--mobile-root", root_pem_, ct("pool1.contoso.test:5061", pool1_->port()),
        ct("pool2.contoso.test:5061", pool2_port), ct("pool3.contoso.test:5061", pool3_->port()),
        ct("lyncdiscoverinternal.contoso.test:443", web_->port()), "--profile", "lync-desktop", "--profile",
        "phone-edition-legacy", "--profile", "mobile-ios"};
    return run_program(argv, kProbeTimeout + 20s);
  }

  std::filesystem::path dir_;
  std::string root_pem_, public_pem_;
  std::unique_ptr<HostileTcpServer> pool1_, pool2_good_, pool2_hostile_, pool3_, web_;
  Daemon dns_;
  std::uint16_t dns_port_ = 0;
};

// Every probed target of a discover JSON, keyed "name:port".
std::map<std::string, nlohmann::json> targets_of(const nlohmann::json& j) {
  std::map<std::string, nlohmann::json> out;
  for (const auto& rec : j["records"]) {
    for (const auto& t : rec["targets"]) {
      out[rec["name"].get<std::string>() + " -> " + t["name"].get<std::string>() + ":" +
          std::to_string(t["port"].get<int>())] = t;
    }
  }
  return out;
}

// What a target's clients would be told: the verdicts, the application's answer, the certificates
// and every finding (the observation time is the only thing allowed to differ).
nlohmann::json judged_part(const nlohmann::json& t) {
  nlohmann::json check = t["check"];
  nlohmann::json findings = nlohmann::json::array();
  if (check.is_object()) {
    for (const auto& f : check["findings"]) findings.push_back({f["id"], f["severity"], f["profiles"], f["message"]});
  }
  nlohmann::json certificates = nlohmann::json::array();
  if (check.is_object()) {
    for (const auto& c : check["chain"]) certificates.push_back(c["thumbprints"]["sha1"]);
  }
  return {{"error", t["error"]},
          {"verdict", t["verdict"]},
          {"verdicts", t["verdicts"]},
          {"status", t["endpoint"].is_object() ? t["endpoint"]["application_status"] : nlohmann::json()},
          {"sni", t["endpoint"].is_object() ? t["endpoint"]["sni"] : nlohmann::json()},
          {"certificates", certificates},
          {"findings", findings}};
}

TEST_P(HostileDiscover, OtherTargetsAreUnaffected) {
  // The same deployment with pool2 well-behaved: every target judged, every client passes.
  auto calm = discover(pool2_good_->port());
  ASSERT_FALSE(calm.output.empty()) << calm.err;
  auto calm_json = nlohmann::json::parse(calm.output);
  auto calm_targets = targets_of(calm_json);
  ASSERT_EQ(calm_targets.size(), 4U) << calm.output;
  for (const auto& [where, t] : calm_targets) {
    EXPECT_EQ(t["error"], "") << where;
    EXPECT_EQ(t["verdict"], "pass") << where << ": " << t.dump();
  }

  auto stormy = discover(pool2_hostile_->port());
  // The hostile probe ends at its own deadline at worst; the run adds no more than the slack.
  expect_ended_within(stormy, kProbeTimeout + kSlack, calm.max_rss_kb);
  ASSERT_FALSE(stormy.output.empty()) << stormy.err;
  auto stormy_json = nlohmann::json::parse(stormy.output);
  auto stormy_targets = targets_of(stormy_json);
  ASSERT_EQ(stormy_targets.size(), 4U) << stormy.output;

  const std::string hostile = "_sipinternaltls._tcp.contoso.test -> pool2.contoso.test:5061";
  for (const auto& [where, t] : stormy_targets) {
    if (where == hostile) continue;
    EXPECT_EQ(judged_part(t), judged_part(calm_targets.at(where))) << where;
  }
  // The hostile target says what it did, in one line, and its run is not a pass.
  const auto& bad = stormy_targets.at(hostile);
  std::string said = bad["error"].get<std::string>();
  if (bad["endpoint"].is_object()) said += " " + bad["endpoint"]["application_status"].get<std::string>();
  EXPECT_THAT(said, HasSubstr(GetParam().said)) << bad.dump();
  EXPECT_EQ(said.find('\n'), std::string::npos) << said;
  EXPECT_EQ(stormy_json["exit_code"], stormy.exit_code);
  if (GetParam().probe_fails) {
    EXPECT_TRUE(bad["endpoint"].is_null()) << bad.dump();
    EXPECT_TRUE(bad["verdict"].is_null()) << bad.dump();
    EXPECT_NE(stormy.exit_code, 0) << stormy.output;  // a target that could not be judged is never a pass
  } else {
    // The certificate was received whole: judged as the calm run judged it.
    EXPECT_EQ(bad["verdicts"], calm_targets.at(hostile)["verdicts"]) << bad.dump();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Behaviours, HostileDiscover,
    ::testing::Values(
        Hostile{"AcceptsAndNeverSpeaks", TcpBehaviour::kSilent, TlsApp::kNone, "timed out after 2 s", true},
        Hostile{"OneBytePerSecond", TcpBehaviour::kDrip, TlsApp::kNone, "timed out after 2 s", true},
        Hostile{"ClosesAfterServerHello", TcpBehaviour::kCloseAfterServerHello, TlsApp::kNone,
                "closed the connection", true},
        Hostile{"GarbageInsteadOfTls", TcpBehaviour::kGarbage, TlsApp::kNone, "does not speak TLS", true},
        Hostile{"SipEndlessHeader", TcpBehaviour::kTls, TlsApp::kSipEndlessHeader, "exceeds", false},
        Hostile{"SipNeverEndingBody", TcpBehaviour::kTls, TlsApp::kSipEndlessBody, "200 OK", false}),
    [](const ::testing::TestParamInfo<Hostile>& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace uccert::testing
