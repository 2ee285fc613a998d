// Hostile and well-behaved lyncdiscover (HTTPS) endpoints on 127.0.0.1 (docs/security.md,
// "hostile server"): uccert follows the autodiscover redirects a mobile client follows (DNS-01,
// MOB-04) and, whatever the servers do, `uccert check` ends within its deadline plus one second,
// says in one line how the redirects ended, and its peak memory stays within a fixed budget.
// Each check is the real binary in a child process; names (lyncdiscover.contoso.test,
// pool.contoso.test) are routed to the loopback servers with --connect-to, so SNI and Host carry
// names as a client sends them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "integration/hostile_server.h"
#include "uccert/lab/mint.h"

namespace uccert::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

constexpr std::chrono::milliseconds kDeadline = 2000ms;
constexpr std::chrono::milliseconds kSlack = 1000ms;  // "ends within its deadline plus one second"
constexpr const char* kDiscover = "lyncdiscover.contoso.test";

struct Chains {
  std::vector<lab::Minted> discover;
  std::vector<lab::Minted> pool;
};

const Chains& chains() {
  static const Chains c = [] {
    auto key = lab::KeyPair::cached(lab::KeySpec::ec());
    auto root = lab::mint(lab::root_ca_spec("Hostile HTTP Root"), key);
    auto discover = lab::mint(lab::server_spec(kDiscover, {kDiscover}), key, &root);
    auto pool = lab::mint(lab::server_spec("pool.contoso.test", {"pool.contoso.test"}), key, &root);
    return Chains{{discover, root}, {pool, root}};
  }();
  return c;
}

// `uccert check lyncdiscover.contoso.test:443 --proto https --timeout 2`, the name routed to
// `port`, pool.contoso.test:4443 (kPoolRedirectLocation) to `pool_port` when given.
ChildOutcome check(std::uint16_t port, std::uint16_t pool_port = 0, const std::string& format = "text") {
  std::vector<std::string> argv = {UCCERT_EXE,
                                   "check",
                                   std::string(kDiscover) + ":443",
                                   "--proto",
                                   "https",
                                   "--timeout",
                                   std::to_string(kDeadline.count() / 1000),
                                   "--connect-to",
                                   std::string(kDiscover) + ":443:127.0.0.1:" + std::to_string(port),
                                   "--format",
                                   format};
  if (pool_port != 0) {
    argv.push_back("--connect-to");
    argv.push_back("pool.contoso.test:4443:127.0.0.1:" + std::to_string(pool_port));
  }
  return run_program(argv, kDeadline + 15s);
}

// Peak RSS of the same check against a server that answers 200 at once: the floor.
long baseline() {
  static const long kb = [] {
    HostileTcpServer good({TcpBehaviour::kTls, TlsApp::kHttpOk, chains().discover});
    return check(good.port()).max_rss_kb;
  }();
  return kb;
}

// Ended in time, no signal, memory bounded; the chain was judged (exit 0, 1 or 2).
void expect_bounded_and_judged(const ChildOutcome& out) {
  const std::string all = out.output + out.err;
  expect_ended_within(out, kDeadline + kSlack, baseline());
  EXPECT_EQ(out.signal, 0) << all;
  EXPECT_GE(out.exit_code, 0) << all;
  EXPECT_LE(out.exit_code, 2) << all;
  EXPECT_THAT(out.output, HasSubstr(kDiscover));  // the dialled endpoint's chain is what is judged
}

// The report's line starting with `start` (printed for the record), or a placeholder.
std::string line_of(const std::string& output, const std::string& start) {
  auto at = output.find(start);
  if (at == std::string::npos) return "(no line starting " + start + ")";
  auto line = output.substr(at, output.find('\n', at) - at);
  std::cout << "      " << line << "\n";
  return line;
}

// The report's line about the application's answer: "note: https answer: ...".
std::string answer_line(const std::string& output) { return line_of(output, "https answer: "); }

TEST(HostileHttp, RedirectsForever) {
  HostileTcpServer server({TcpBehaviour::kTls, TlsApp::kHttpRedirectForever, chains().discover});
  auto out = check(server.port());
  expect_bounded_and_judged(out);
  EXPECT_EQ(answer_line(out.output),
            "https answer: no final HTTP response: more than 10 redirects; last Location: "
            "https://lyncdiscover.contoso.test/r11");
  EXPECT_THAT(line_of(out.output, "HTTP redirects followed: "),
              ::testing::StartsWith("HTTP redirects followed: 10: https://lyncdiscover.contoso.test/ 302 -> "
                                    "https://lyncdiscover.contoso.test/r1 302 -> "));
}

TEST(HostileHttp, TwoUrlLoop) {
  HostileTcpServer server({TcpBehaviour::kTls, TlsApp::kHttpRedirectLoop, chains().discover});
  auto out = check(server.port());
  expect_bounded_and_judged(out);
  EXPECT_EQ(answer_line(out.output),
            "https answer: redirect loop: https://lyncdiscover.contoso.test/ came back after 2 redirects");
}

TEST(HostileHttp, RedirectToAServerThatNeverAnswers) {
  HostileTcpServer discover({TcpBehaviour::kTls, TlsApp::kHttpRedirectToPool, chains().discover});
  HostileTcpServer pool({TcpBehaviour::kTls, TlsApp::kNone, chains().pool});  // TLS, then silence
  auto out = check(discover.port(), pool.port());
  expect_bounded_and_judged(out);
  EXPECT_EQ(answer_line(out.output),
            "https answer: no final HTTP response: no answer within 2 s after 1 redirect (waiting for " +
                std::string(kPoolRedirectLocation) + ")");
}

TEST(HostileHttp, RedirectToAServerThatDoesNotSpeakTls) {
  HostileTcpServer discover({TcpBehaviour::kTls, TlsApp::kHttpRedirectToPool, chains().discover});
  HostileTcpServer pool({TcpBehaviour::kGarbage, TlsApp::kNone, {}});
  auto out = check(discover.port(), pool.port());
  expect_bounded_and_judged(out);
  EXPECT_EQ(answer_line(out.output),
            "https answer: redirect 1 to " + std::string(kPoolRedirectLocation) +
                " failed: pool.contoso.test:4443 (127.0.0.1): TLS handshake: the server does not speak TLS here "
                "(wrong version number)");
}

TEST(HostileHttp, GoodRedirectToAnotherPort) {
  HostileTcpServer discover({TcpBehaviour::kTls, TlsApp::kHttpRedirectToPool, chains().discover});
  HostileTcpServer pool({TcpBehaviour::kTls, TlsApp::kHttpOk, chains().pool});
  const std::string hops =
      "https://lyncdiscover.contoso.test/ 302 -> " + std::string(kPoolRedirectLocation) + " 200";
  const std::string pool_cert = "pool.contoso.test:4443 (127.0.0.1): CN=pool.contoso.test, SHA-1 " +
                                chains().pool.front().cert->sha1_thumbprint;

  auto text = check(discover.port(), pool.port());
  expect_bounded_and_judged(text);
  EXPECT_EQ(answer_line(text.output), "https answer: HTTP/1.1 200 OK");
  EXPECT_EQ(line_of(text.output, "HTTP redirects followed: "),
            "HTTP redirects followed: 1: " + hops + "; certificate at " + pool_cert);

  auto json = check(discover.port(), pool.port(), "json");
  expect_bounded_and_judged(json);
  auto j = nlohmann::json::parse(json.output, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << json.output;
  const auto& endpoint = j["endpoint"];
  ASSERT_TRUE(endpoint.is_object()) << json.output;
  EXPECT_EQ(endpoint["application_status"], "HTTP/1.1 200 OK");
  EXPECT_EQ(endpoint["details"]["http.redirects"], "1");
  EXPECT_EQ(endpoint["details"]["http.hops"], hops);
  EXPECT_EQ(endpoint["details"]["http.hop.1.certificate"], pool_cert);
  EXPECT_EQ(endpoint["sni"], kDiscover);
}

}  // namespace
}  // namespace uccert::testing
