// `uccert scan` end to end, in-process, against a fleet of endpoints on 127.0.0.1 (good, slow,
// expired, for another name, self-signed, down, silent, answering garbage, dripping one byte a
// second) and certificate files: exactly one result per target with the right verdict, bad lines
// reported with their numbers and skipped, shards disjoint and complete, and the monitoring
// formats read back by their consumers' parsers (promtool for prometheus).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "cli/inspect_helpers.h"
#include "integration/hostile_server.h"
#include "integration/net_daemons.h"
#include "integration/scan_fleet.h"
#include "uccert/lab/mint.h"

namespace uccert::testing {
namespace {

constexpr pki::UnixTime kDay = 86400;

struct FleetPki {
  lab::Minted root = lab::mint(lab::root_ca_spec("Fleet Root CA", "Contoso"), lab::KeyPair::cached({}, 30));
  lab::Minted inter = lab::mint(lab::intermediate_ca_spec("Fleet Issuing CA", "Contoso"),
                                lab::KeyPair::cached({}, 31), &root);
  lab::Minted good = lab::mint(enterprise_server_spec("sip.contoso.com", {"sip.contoso.com"}),
                               lab::KeyPair::cached({}, 32), &inter);
  lab::Minted expired = [this] {
    auto spec = enterprise_server_spec("sip.contoso.com", {"sip.contoso.com"});
    spec.not_before = lab::now() - 400 * kDay;
    spec.not_after = lab::now() - 10 * kDay;
    return lab::mint(spec, lab::KeyPair::cached({}, 33), &inter);
  }();
  lab::Minted self_signed =
      lab::mint(enterprise_server_spec("sip.contoso.com", {"sip.contoso.com"}), lab::KeyPair::cached({}, 34));
};

const FleetPki& pki() {
  static const FleetPki p;
  return p;
}

enum Chain : std::size_t { kGoodChain, kExpiredChain, kSelfSignedChain };

struct Expected {
  int exit = 0;
  int attempts = 0;  // 0: not checked
};

class Scan : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = scratch_dir("scan");
    root_ = (dir_ / "root.pem").string();
    ASSERT_TRUE(lab::write_pem_chain(root_, {pki().root}).ok());
    ASSERT_TRUE(lab::write_pem_chain(dir_ / "good.pem", {pki().good, pki().inter}).ok());
    ASSERT_TRUE(lab::write_pem_chain(dir_ / "expired.pem", {pki().expired, pki().inter}).ok());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::vector<std::string> scan_args(const std::filesystem::path& targets, const std::string& format) const {
    return {"scan", targets.string(), "--format", format, "--public-roots", root_, "--enterprise-root", root_,
            "--profile", "browser", "--profile", "lync-desktop", "--timeout", "3", "--retries", "1"};
  }
  // Writes the targets file; `expected` gets each target's line and outcome.
  std::filesystem::path write_targets(const std::vector<std::string>& lines) const {
    auto path = dir_ / "targets.txt";
    std::ofstream out(path);
    for (const auto& l : lines) out << l << "\n";
    return path;
  }

  std::filesystem::path dir_;
  std::string root_;
};

std::vector<nlohmann::json> json_lines(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

TEST_F(Scan, AFleetGetsExactlyOneResultPerTargetWithTheRightVerdict) {
  // Forked before the fleet's threads start (hostile_server.h).
  HostileTcpServer drip({TcpBehaviour::kDrip, TlsApp::kNone, {}});

  struct Kind {
    FleetBehaviour behaviour;
    std::size_t chain;
    int count;
    std::string options;
    Expected expected;
  };
  const std::vector<Kind> kinds = {
      {FleetBehaviour::kTls, kGoodChain, 120, "--name sip.contoso.com --proto tls", {0, 1}},
      {FleetBehaviour::kSlowTls, kGoodChain, 20, "--name sip.contoso.com --proto tls", {0, 1}},
      {FleetBehaviour::kTls, kExpiredChain, 40, "--name sip.contoso.com --proto tls", {2, 1}},
      {FleetBehaviour::kTls, kGoodChain, 30, "--name other.contoso.com --proto tls", {2, 1}},
      {FleetBehaviour::kTls, kSelfSignedChain, 20, "--name sip.contoso.com --proto tls", {2, 1}},
      {FleetBehaviour::kDown, 0, 30, "--name sip.contoso.com --proto tls", {3, 2}},  // refused, retried once
      {FleetBehaviour::kSilent, 0, 15, "--name sip.contoso.com --proto tls --timeout 1.5", {3, 1}},
      {FleetBehaviour::kGarbage, 0, 15, "--name sip.contoso.com --proto tls", {3, 1}},
  };
  std::vector<FleetEndpoint> endpoints;
  for (const auto& k : kinds)
    for (int i = 0; i < k.count; ++i) endpoints.push_back({k.behaviour, k.chain});
  Fleet fleet({{pki().good, pki().inter}, {pki().expired, pki().inter}, {pki().self_signed}}, endpoints,
              std::chrono::milliseconds(300));

  std::vector<std::string> lines = {"# a fleet", ""};
  std::map<std::size_t, Expected> expected;
  std::set<std::size_t> bad_lines;
  std::size_t e = 0;
  for (const auto& k : kinds) {
    for (int i = 0; i < k.count; ++i, ++e) {
      lines.push_back("127.0.0.1:" + std::to_string(fleet.port(e)) + " " + k.options);
      expected[lines.size()] = k.expected;
      if (e % 50 == 0) {  // malformed lines among the good ones
        lines.push_back("127.0.0.1:1 --no-such-option");
        bad_lines.insert(lines.size());
        lines.push_back("127.0.0.1:1 --name 'unclosed");
        bad_lines.insert(lines.size());
      }
    }
  }
  for (int i = 0; i < 3; ++i) {  // hostile: one byte a second after the ClientHello
    lines.push_back("127.0.0.1:" + std::to_string(drip.port()) + " --name sip.contoso.com --proto tls --timeout 1");
    expected[lines.size()] = {3, 1};
  }
  for (int i = 0; i < 5; ++i) {
    lines.push_back((dir_ / "good.pem").string() + " --name sip.contoso.com");
    expected[lines.size()] = {0, 0};
    lines.push_back((dir_ / "expired.pem").string() + "   # comment after a target");
    expected[lines.size()] = {2, 0};
  }
  auto args = scan_args(write_targets(lines), "json");
  args.insert(args.end(), {"--name", "sip.contoso.com"});  // the default for lines without --name
  const auto started = std::chrono::steady_clock::now();
  auto r = run_uccert(args);
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(r.exit, 2) << r.err;
  EXPECT_LT(took, std::chrono::seconds(60));

  auto results = json_lines(r.out);
  EXPECT_EQ(results.size(), expected.size());
  std::set<std::size_t> seen;
  for (const auto& j : results) {
    const std::size_t line = j["scan"]["line"];
    EXPECT_TRUE(seen.insert(line).second) << "line " << line << " twice";
    auto it = expected.find(line);
    ASSERT_NE(it, expected.end()) << "a result for line " << line << ", which is no target";
    EXPECT_EQ(j["exit_code"], it->second.exit) << lines[line - 1] << "\n" << j.dump();
    EXPECT_EQ(j["schema"], 1);
    EXPECT_EQ(j["command"], "check");
    if (it->second.attempts > 0) {
      EXPECT_EQ(j["scan"]["attempts"], it->second.attempts) << lines[line - 1];
    }
    if (it->second.exit == 3) {
      EXPECT_EQ(j["verdict"], "unknown");
      EXPECT_FALSE(j["error"].get<std::string>().empty());
    } else {
      EXPECT_EQ(j["verdicts"].size(), 2U);
    }
  }
  EXPECT_EQ(seen.size(), expected.size());
  for (auto line : bad_lines)
    EXPECT_NE(r.err.find("uccert: scan: targets line " + std::to_string(line) + ": "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("The following argument was not expected: --no-such-option"), std::string::npos) << r.err;
  // The summary goes to stderr beside JSON Lines; its counts are the results'.
  EXPECT_NE(r.err.find("scan: " + std::to_string(expected.size()) + " targets: 145 pass, 0 warn, 95 fail, 63 could "
                       "not be evaluated"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(std::to_string(bad_lines.size()) + " targets lines refused"), std::string::npos);
}

TEST_F(Scan, ShardsAreDisjointAndCompleteAndABadLineIsSaidByOneShard) {
  std::vector<std::string> lines;
  std::set<std::size_t> targets;
  for (int i = 0; i < 40; ++i) {
    lines.push_back((dir_ / (i % 3 == 0 ? "expired.pem" : "good.pem")).string() + " --name sip.contoso.com --warn-days " +
                    std::to_string(i));
    targets.insert(lines.size());
  }
  lines.push_back("chain.pem --frobnicate");
  const std::size_t bad = lines.size();
  const auto file = write_targets(lines);
  std::multiset<std::size_t> seen;
  int said = 0;
  for (int k = 0; k < 3; ++k) {
    auto args = scan_args(file, "json");
    args.insert(args.end(), {"--shard", std::to_string(k) + "/3"});
    auto r = run_uccert(args);
    for (const auto& j : json_lines(r.out)) seen.insert(j["scan"]["line"].get<std::size_t>());
    if (r.err.find("targets line " + std::to_string(bad) + ":") != std::string::npos) ++said;
  }
  EXPECT_EQ(seen.size(), targets.size());
  EXPECT_EQ(std::set<std::size_t>(seen.begin(), seen.end()), targets);
  EXPECT_EQ(said, 1);
  for (const char* bad_shard : {"3/3", "1", "x/2"}) {
    auto args = scan_args(file, "json");
    args.insert(args.end(), {"--shard", bad_shard});
    auto r = run_uccert(args);
    EXPECT_EQ(r.exit, 3);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("--shard " + std::string(bad_shard) + ": give K/N"), std::string::npos) << r.err;
  }
}

TEST_F(Scan, ConcurrencyAndRateBoundWhatReachesTheServers) {
  // Silent endpoints hold each connection to its timeout: at most --concurrency are open at once.
  std::vector<FleetEndpoint> silent(12, FleetEndpoint{FleetBehaviour::kSilent, 0});
  Fleet quiet({}, silent, std::chrono::milliseconds(0));
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < silent.size(); ++i)
    lines.push_back("127.0.0.1:" + std::to_string(quiet.port(i)) + " --name sip.contoso.com --proto tls --timeout 0.5");
  auto args = scan_args(write_targets(lines), "json");
  args.insert(args.end(), {"--concurrency", "4"});
  auto started = std::chrono::steady_clock::now();
  auto r = run_uccert(args);
  EXPECT_EQ(r.exit, 3) << r.err;
  EXPECT_EQ(json_lines(r.out).size(), 12U);
  // The server notices a close a moment after the client's next connect (on a loaded machine, as
  // late as the round after): up to two rounds of four may overlap there, never all twelve; the
  // time says it exactly (unbounded, all twelve would time out together in 0.5 s).
  EXPECT_LE(quiet.most_open(), 8U);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(1400));  // 3 rounds of 0.5 s

  // --rate 5: six endpoints, two handshakes each (with and without SNI), the first attempts
  // spaced 0.2 s apart: the last starts a second after the first.
  std::vector<FleetEndpoint> good(6, FleetEndpoint{FleetBehaviour::kTls, kGoodChain});
  Fleet fleet({{pki().good, pki().inter}}, good, std::chrono::milliseconds(0));
  lines.clear();
  for (std::size_t i = 0; i < good.size(); ++i)
    lines.push_back("127.0.0.1:" + std::to_string(fleet.port(i)) + " --name sip.contoso.com --proto tls");
  args = scan_args(write_targets(lines), "json");
  args.insert(args.end(), {"--rate", "5"});
  started = std::chrono::steady_clock::now();
  r = run_uccert(args);
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(json_lines(r.out).size(), 6U);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(950));
}

// Prometheus' own parser and linter, when the machine has it (scripts/install-deps.sh installs it).
std::optional<ChildOutcome> promtool_check(const std::filesystem::path& metrics) {
  if (!std::filesystem::exists("/usr/bin/promtool")) return std::nullopt;
  return run_program({"/bin/sh", "-c", "/usr/bin/promtool check metrics < '" + metrics.string() + "'"},
                     std::chrono::seconds(60));
}

TEST_F(Scan, MonitoringFormatsAreReadBack) {
  std::vector<FleetEndpoint> endpoints = {{FleetBehaviour::kTls, kGoodChain},
                                          {FleetBehaviour::kTls, kExpiredChain},
                                          {FleetBehaviour::kDown, 0}};
  Fleet fleet({{pki().good, pki().inter}, {pki().expired, pki().inter}}, endpoints, std::chrono::milliseconds(0));
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < endpoints.size(); ++i)
    lines.push_back("127.0.0.1:" + std::to_string(fleet.port(i)) + " --name sip.contoso.com --proto tls");
  lines.push_back((dir_ / "good.pem").string() + " --name \"sip.contoso.com\"");
  const auto file = write_targets(lines);

  // nagios: one line for the scan, its counts as perfdata; the plugin's exit code.
  auto n = run_uccert(scan_args(file, "nagios"));
  EXPECT_EQ(n.exit, 2) << n.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_match(n.out, m, std::regex(R"(UCCERT (\w+) - (\d+) targets: [^|\n]*\| ([^\n]*)\n)"))) << n.out;
  EXPECT_EQ(m[1], "CRITICAL");
  EXPECT_EQ(m[2], "4");
  EXPECT_NE(m[3].str().find("'pass'=2 'warn'=0 'fail'=1 'unknown'=1"), std::string::npos) << n.out;

  // check --format nagios: days left per certificate as perfdata with the thresholds, probe time.
  auto c = run_uccert({"check", "127.0.0.1:" + std::to_string(fleet.port(0)), "--name", "sip.contoso.com", "--proto",
                       "tls", "--public-roots", root_, "--enterprise-root", root_, "--profile", "browser",
                       "--format", "nagios"});
  EXPECT_EQ(c.exit, 0) << c.out << c.err;
  ASSERT_TRUE(std::regex_match(
      c.out, m, std::regex(R"(UCCERT OK - 127\.0\.0\.1:\d+ as sip\.contoso\.com: [^|]*\| 'cert0_days'=(\d+);30:;14: )"
                           R"('cert1_days'=(\d+);30:;14: 'probe_time'=([0-9.]+)s\n)")))
      << c.out;
  EXPECT_GT(std::stol(m[1]), 300);
  auto down = run_uccert({"check", "127.0.0.1:" + std::to_string(fleet.port(2)), "--name", "sip.contoso.com",
                          "--format", "nagios", "--public-roots", root_});
  EXPECT_EQ(down.exit, 3);
  EXPECT_EQ(down.out.rfind("UCCERT UNKNOWN - sip.contoso.com:", 0), 0U) << down.out;  // as check says it
  EXPECT_NE(down.out.find("connection refused"), std::string::npos) << down.out;

  // prometheus: parsed and linted by promtool; every target once in uccert_up and uccert_exit_code.
  auto p = run_uccert(scan_args(file, "prometheus"));
  EXPECT_EQ(p.exit, 2) << p.err;
  std::size_t up = 0;
  std::size_t exit_samples = 0;
  std::istringstream in(p.out);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("uccert_up{", 0) == 0) ++up;
    if (line.rfind("uccert_exit_code{", 0) == 0) ++exit_samples;
  }
  EXPECT_EQ(up, 4U);
  EXPECT_EQ(exit_samples, 4U);
  EXPECT_EQ(p.out.find("# TYPE uccert_up gauge"), p.out.rfind("# TYPE uccert_up gauge"));  // one family, once
  const auto metrics = dir_ / "scan.prom";
  { std::ofstream(metrics) << p.out; }
  auto one = run_uccert({"check", (dir_ / "good.pem").string(), "--name", "sip.contoso.com", "--public-roots", root_,
                         "--format", "prometheus"});
  EXPECT_EQ(one.exit, 0) << one.err;
  const auto check_metrics = dir_ / "check.prom";
  { std::ofstream(check_metrics) << one.out; }
  for (const auto& f : {metrics, check_metrics}) {
    auto checked = promtool_check(f);
    if (!checked) GTEST_SKIP() << "promtool is not installed (scripts/install-deps.sh installs it)";
    EXPECT_EQ(checked->exit_code, 0) << checked->output << checked->err << read_text(f);
  }
}

}  // namespace
}  // namespace uccert::testing
