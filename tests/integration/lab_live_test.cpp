// The lab as a live deployment: `uccert lab up` (the real binary, in its own process) serves the
// built-in scenarios on 127.0.0.1, and uccert's `check HOST:PORT` and `discover` diagnose every
// story as the scenario says; the lab leaves no process, port or folder behind however it ends.
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "integration/live_lab.h"

extern char** environ;

namespace uccert::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// Runs each of the scenario's checks against the live lab and compares with the story.
void expect_checks_as_told(const LiveLab& lab, const std::string& scenario_name) {
  auto scenario = lab::load_scenario(scenario_name);
  ASSERT_TRUE(scenario) << scenario.error().message;
  ASSERT_EQ(lab.checks().size(), scenario->checks.size());
  for (const auto& c : lab.checks()) {
    std::vector<std::string> args = {"check", "--format", "json"};
    for (const auto& a : c.command_args()) args.push_back(a);
    const CommandResult r = run_uccert(args);
    ASSERT_LE(r.exit, 2) << c.id << ": " << r.err;
    const Json doc = Json::parse(r.out);
    for (const auto& [profile, verdict] : c.expect)
      EXPECT_EQ(doc["verdicts"].value(profile, "?"), verdict) << c.id << " for " << profile << "\n" << c.description;
    EXPECT_EQ(r.exit, c.expected_exit()) << c.id;
    std::set<std::string> ids;
    for (const auto& f : doc["findings"]) ids.insert(f["id"].get<std::string>());
    for (const auto& sc : scenario->checks) {
      if (sc.id != c.id) continue;
      for (const auto& id : sc.findings) EXPECT_TRUE(ids.count(id) != 0) << c.id << " lacks " << id;
    }
  }
}

std::set<std::string> discover_finding_ids(const Json& doc) {
  std::set<std::string> ids;
  for (const auto& f : doc["findings"]) ids.insert(f["id"].get<std::string>());
  for (const auto& rec : doc["records"]) {
    if (!rec.contains("targets")) continue;
    for (const auto& t : rec["targets"])
      if (t.contains("check") && !t["check"].is_null())
        for (const auto& f : t["check"]["findings"]) ids.insert(f["id"].get<std::string>());
  }
  return ids;
}

const char* const kRedirectTarget =
    "https://webext2.contoso.com/Autodiscover/AutodiscoverService.svc/root?originalDomain=contoso.com";

// The mobile walk of field-mistakes: lyncdiscover.contoso.com redirects to webext2.contoso.com,
// whose certificate is from the internal CA. discover's lyncdiscover target fails the mobile
// clients on that hop (naming its URL), not the desktop; check --proto https says the same in
// JSON and in text.
void expect_walk_judged(const Json& discover, const LiveLab& lab) {
  const Json* target = nullptr;
  for (const auto& rec : discover["records"]) {
    if (rec.value("name", "") != "lyncdiscover.contoso.com" || !rec.contains("targets")) continue;
    for (const auto& t : rec["targets"])
      if (t.contains("check") && !t["check"].is_null()) target = &t;
  }
  ASSERT_NE(target, nullptr) << "discover judged no lyncdiscover.contoso.com target";
  bool named = false;
  for (const auto& f : (*target)["check"]["findings"]) {
    if (f["id"] != "autodiscover.hop-certificate") continue;
    named = f["details"].value("url", "") == kRedirectTarget && f["details"].value("hop", "") == "redirect 1";
    EXPECT_EQ(f["severity"], "fail");
    EXPECT_NE(f["details"].value("hop_findings", "").find("trust.mobile-root-missing"), std::string::npos) << f.dump();
    for (const auto& p : f["profiles"]) EXPECT_TRUE(p == "mobile-ios" || p == "mobile-android") << f.dump();
  }
  EXPECT_TRUE(named) << (*target)["check"]["findings"].dump();
  const Json& hops = (*target)["check"]["endpoint"]["hops"];
  ASSERT_EQ(hops.size(), 1U) << hops.dump();
  EXPECT_EQ(hops[0]["url"], kRedirectTarget);
  EXPECT_EQ(hops[0]["subject"], "CN=webext2.contoso.com, O=Contoso");

  // check --proto https on the same endpoint, as text: the finding names the hop's URL.
  std::vector<std::string> args = {"check", "--proto", "https", "--dns-server",
                                   "127.0.0.1:" + std::to_string(lab.state().dns_port)};
  for (const auto& c : lab.state().connect_to_options()) args.insert(args.end(), {"--connect-to", c});
  for (const auto& t : lab.trust_args()) args.push_back(t);
  args.emplace_back("lyncdiscover.contoso.com:443");
  const CommandResult text = run_uccert(args);
  EXPECT_EQ(text.exit, 2) << text.err;
  EXPECT_NE(text.out.find("autodiscover.hop-certificate"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(kRedirectTarget), std::string::npos) << text.out;
}

TEST(LabLive, FieldMistakesEveryStoryDiagnosedThroughCheckAndDiscover) {
  LiveLab lab("field-mistakes");
  ASSERT_TRUE(lab.up()) << lab.why();
  expect_checks_as_told(lab, "field-mistakes");

  const CommandResult d = lab.discover("contoso.com");
  ASSERT_EQ(d.exit, 2) << d.err;
  const auto ids = discover_finding_ids(Json::parse(d.out));
  for (const char* id : {"name.wildcard-only", "chain.incomplete", "trust.mobile-root-missing",
                         "autodiscover.hop-certificate"})
    EXPECT_TRUE(ids.count(id) != 0) << "discover lacks " << id;
  expect_walk_judged(Json::parse(d.out), lab);

  // audit of the lab's own topology: every assignment probed live, each judged with its role.
  const CommandResult a = lab.audit();
  ASSERT_EQ(a.exit, 2) << a.err << a.out.substr(0, 2000);
  const Json audit = Json::parse(a.out);
  std::map<std::string, std::set<std::string>> by_certificate;  // finding id -> certificate keys
  for (const auto& f : audit["findings"])
    by_certificate[f["id"].get<std::string>()].insert(f["certificate"].is_null() ? ""
                                                                                 : f["certificate"].get<std::string>());
  // S-08: the dial-in Simple URL missing from the web services certificate.
  EXPECT_TRUE(by_certificate["role.missing-name"].count("fe-web-internal pool01.corp.contoso.com") != 0)
      << a.out.substr(0, 3000);
  // S-01: sip.contoso.com only through the wildcard: missing for the old phones, which take none.
  EXPECT_TRUE(by_certificate["role.missing-name"].count("fe-default pool01.corp.contoso.com") != 0);
  // S-05 / S-06: both UM servers named by a CN that is not theirs.
  EXPECT_EQ(by_certificate["name.cn-only-mismatch"].size(), 2U);
  // S-14: Exchange's web certificate from the public CA, which phones do not trust.
  EXPECT_TRUE(by_certificate["trust.phone-ca-not-trusted"].count("exchange-web mail.contoso.com") != 0);
  // S-07: the Director's certificate is not valid yet.
  EXPECT_TRUE(by_certificate["time.not-yet-valid"].count("director dir01.contoso.com") != 0);

  // The audit's fixes as one script: a block per finding that has a fix, in the report's order.
  const std::string script_path = (lab.dir().parent_path() / (lab.dir().filename().string() + "-fix.ps1")).string();
  const CommandResult fixed = lab.audit({"--fix-script", script_path});
  ASSERT_EQ(fixed.exit, 2) << fixed.err;
  const std::string script = read_all(script_path);
  fs::remove(script_path);
  EXPECT_NE(script.find("$ErrorActionPreference = 'Stop'"), std::string::npos);
  std::vector<std::string> blocks;
  for (std::size_t at = script.find("\n# ---- "); at != std::string::npos; at = script.find("\n# ---- ", at + 1))
    blocks.push_back(script.substr(at + 8, script.find(' ', at + 8) - at - 8));
  std::vector<std::string> with_fix;
  for (const auto& f : audit["findings"])
    if (f["severity"] != "info" && !f["fix"].get<std::string>().empty()) with_fix.push_back(f["id"].get<std::string>());
  EXPECT_FALSE(with_fix.empty());
  EXPECT_EQ(blocks, with_fix);
}

TEST(LabLive, HealthyHasNoFailureForAnyClient) {
  LiveLab lab("healthy");
  ASSERT_TRUE(lab.up()) << lab.why();
  expect_checks_as_told(lab, "healthy");
  for (const char* domain : {"contoso.com", "fabrikam.com"}) {
    const CommandResult d = lab.discover(domain, {"--mobile-root", (lab.dir() / "ca" / "contoso-root.pem").string()});
    ASSERT_LE(d.exit, 1) << domain << "\n" << d.out.substr(0, 4000) << d.err;
    const Json doc = Json::parse(d.out);
    for (const auto& rec : doc["records"]) {
      if (!rec.contains("targets")) continue;
      for (const auto& t : rec["targets"]) {
        if (!t.contains("verdicts")) continue;
        for (const auto& [profile, verdict] : t["verdicts"].items())
          EXPECT_NE(verdict, "fail") << domain << " " << rec.value("name", "") << " " << profile;
      }
    }
  }
  const CommandResult a = lab.audit();
  ASSERT_LE(a.exit, 1) << a.err << a.out.substr(0, 3000);
  const Json audit = Json::parse(a.out);
  std::size_t judged = 0;
  for (const auto& row : audit["verdicts"]) {
    ++judged;
    for (const auto& [client, verdict] : row["verdicts"].items())
      EXPECT_NE(verdict, "fail") << row.value("certificate", "") << " " << client;
  }
  EXPECT_GE(judged, 7U);
}

TEST(LabLive, DownLeavesNoProcessPortOrFolder) {
  const fs::path dir = scratch("down");
  const auto up = run_binary({"lab", "up", "healthy", "--detach", "--dir", dir.string()}, dir.string() + "-up");
  ASSERT_EQ(up.exit, 0) << up.out << up.err;
  auto state = lab::read_lab_state(dir);
  ASSERT_TRUE(state) << state.error().message;
  for (auto port : lab_ports(*state)) EXPECT_TRUE(listening(port)) << port;
  EXPECT_TRUE(process_alive(state->pid));

  const auto down = run_binary({"lab", "down", "--dir", dir.string()}, dir.string() + "-down");
  EXPECT_EQ(down.exit, 0) << down.err;
  EXPECT_FALSE(process_alive(state->pid));
  for (auto port : lab_ports(*state)) EXPECT_FALSE(listening(port)) << port;
  EXPECT_FALSE(fs::exists(dir));
  // A second down says there is no lab there.
  const auto again = run_binary({"lab", "down", "--dir", dir.string()}, dir.string() + "-down");
  EXPECT_EQ(again.exit, 3);
  EXPECT_NE(again.err.find("no lab here"), std::string::npos) << again.err;
  for (const char* suffix : {"-up.out", "-up.err", "-down.out", "-down.err"}) fs::remove(dir.string() + suffix);
}

TEST(LabLive, SigtermStopsAForegroundLabAndItCleansUp) {
  const fs::path dir = scratch("sigterm");
  Process p = spawn({"lab", "up", "healthy", "--dir", dir.string()}, dir.string() + "-fg");
  ASSERT_GT(p.pid, 0);
  Result<lab::LabState> state = Error{"not yet"};
  for (int i = 0; i < 600 && !state; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    state = lab::read_lab_state(dir);
  }
  ASSERT_TRUE(state) << read_all(p.err);
  for (auto port : lab_ports(*state)) EXPECT_TRUE(listening(port)) << port;
  ::kill(p.pid, SIGTERM);
  EXPECT_EQ(wait_exit(p.pid, 20), 0) << read_all(p.err);
  for (auto port : lab_ports(*state)) EXPECT_FALSE(listening(port)) << port;
  EXPECT_FALSE(fs::exists(dir));
  EXPECT_NE(read_all(p.out).find("Lab stopped."), std::string::npos);
  fs::remove(p.out);
  fs::remove(p.err);
}

// A base port whose DNS port (base + 1) is taken: the servers were bound before the DNS failed,
// and everything started must be gone again.
bool tcp_port_free(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

TEST(LabLive, AScenarioThatFailsHalfwayLeavesNothingBehind) {
  auto scenario = lab::load_scenario("healthy");
  ASSERT_TRUE(scenario) << scenario.error().message;
  const int span = 2 + static_cast<int>(scenario->endpoints.size());
  for (bool detach : {false, true}) {
    // Other tests take ports meanwhile: a start that failed on another port than the DNS's is
    // tried again on another base.
    bool said_dnsmasq = false;
    for (int attempt = 0; attempt < 5 && !said_dnsmasq; ++attempt) {
      int taken = ::socket(AF_INET, SOCK_DGRAM, 0);
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      std::uint16_t base = 0;
      for (int candidate = 20000 + (::getpid() % 500) * 20 + attempt * 1000; candidate < 31000; candidate += 37) {
        bool free = true;
        for (int p = candidate; p < candidate + span && free; ++p)
          free = p == candidate + 1 || tcp_port_free(static_cast<std::uint16_t>(p));
        a.sin_port = htons(static_cast<std::uint16_t>(candidate + 1));
        if (free && ::bind(taken, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
          base = static_cast<std::uint16_t>(candidate);
          break;
        }
      }
      ASSERT_NE(base, 0);
      const fs::path dir = scratch("halfway");
      std::vector<std::string> args = {"lab",        "up",          "healthy",           "--dir",
                                       dir.string(), "--base-port", std::to_string(base)};
      if (detach) args.push_back("--detach");
      const auto r = run_binary(args, dir.string() + "-up");
      ::close(taken);
      EXPECT_EQ(r.exit, 3) << r.out << r.err;
      EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
      EXPECT_FALSE(fs::exists(dir)) << "detach=" << detach;
      EXPECT_FALSE(listening(base));
      EXPECT_FALSE(listening(static_cast<std::uint16_t>(base + 2)));
      said_dnsmasq = r.err.find("dnsmasq") != std::string::npos;
    }
    EXPECT_TRUE(said_dnsmasq) << "detach=" << detach << ": the start never reached the DNS server";
  }
}

TEST(LabLive, MalformedScenarioFileIsOneLineNamingFileLineAndKey) {
  const fs::path dir = scratch("bad");
  fs::create_directories(dir);
  const fs::path file = dir / "mine.toml";
  std::ofstream(file) << "name = \"mine\"\n[[endpoint]]\nid = \"e\"\nhost = \"a.contoso.com\"\nport = \"443\"\n";
  const auto r = run_binary({"lab", "up", file.string(), "--dir", (dir / "lab").string()}, dir / "up");
  EXPECT_EQ(r.exit, 3);
  EXPECT_NE(r.err.find(file.string() + ":5: [[endpoint]] #1: port: must be an integer"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(fs::exists(dir / "lab"));
  fs::remove_all(dir);
  fs::remove(dir.string() + "/up.out");
}

TEST(LabLive, UpRefusesAFolderThatIsNotItsOwn) {
  const fs::path dir = scratch("notempty");
  fs::create_directories(dir);
  std::ofstream(dir / "precious.txt") << "mine\n";
  const auto r = run_binary({"lab", "up", "healthy", "--dir", dir.string()}, dir.string() + "-up");
  EXPECT_EQ(r.exit, 3);
  EXPECT_NE(r.err.find("not empty"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(dir / "precious.txt"));
  fs::remove_all(dir);
  for (const char* suffix : {"-up.out", "-up.err"}) fs::remove(dir.string() + suffix);
}

}  // namespace
}  // namespace uccert::testing
