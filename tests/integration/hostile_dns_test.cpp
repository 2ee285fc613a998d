// Hostile DNS servers on 127.0.0.1 (docs/security.md, "hostile server"): one that never answers,
// one that sends a datagram cut inside a record, one with 1,000 SRV records (over TCP after a
// truncated UDP answer). The resolver runs in a child process so its time and peak RSS are
// measured from outside; so does the real `uccert discover` against the same servers (never the
// system resolver: always --dns-server 127.0.0.1:PORT).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>

#include "integration/hostile_server.h"
#include "uccert/net/resolver.h"

namespace uccert::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr std::chrono::milliseconds kDeadline = 2000ms;
constexpr std::chrono::milliseconds kSlack = 1000ms;

long baseline() {
  static const long kb = baseline_child_rss_kb();
  return kb;
}

// "<status>|<records>|<first target>:<priority>:<weight>|<error>"
ChildOutcome srv_in_child(std::uint16_t port) {
  return run_in_child(
      [port] {
        asio::io_context io;
        net::ResolverOptions o;
        o.servers = {"127.0.0.1:" + std::to_string(port)};
        o.query_timeout = kDeadline;
        net::Resolver resolver(io, o);
        net::SrvAnswer answer;
        asio::co_spawn(
            io, [&]() -> asio::awaitable<void> { answer = co_await resolver.srv("_sip._tls.contoso.test"); },
            asio::detached);
        io.run();
        std::string first;
        if (!answer.records.empty()) {
          const auto& r = answer.records.front();
          first = r.target + ":" + std::to_string(r.priority) + ":" + std::to_string(r.weight);
        }
        return std::string(net::to_string(answer.status)) + "|" + std::to_string(answer.records.size()) + "|" + first +
               "|" + answer.error;
      },
      kDeadline + 15s);
}

void expect_bounded(const ChildOutcome& out) {
  expect_ended_within(out, kDeadline + kSlack, baseline());
  EXPECT_EQ(out.exit_code, 0) << out.output;
  EXPECT_EQ(out.output.find('\n'), std::string::npos) << out.output;
}

TEST(HostileDns, NeverAnswers) {
  HostileDnsServer dns(DnsBehaviour::kNeverAnswers);
  auto out = srv_in_child(dns.port());
  expect_bounded(out);
  EXPECT_THAT(out.output, StartsWith("timeout|0|"));
  EXPECT_THAT(out.output, HasSubstr("no answer within"));
}

TEST(HostileDns, TruncatedPacket) {
  HostileDnsServer dns(DnsBehaviour::kTruncated);
  auto out = srv_in_child(dns.port());
  expect_bounded(out);
  // A datagram cut inside a record is malformed: an error, never a half-read record list.
  EXPECT_THAT(out.output, StartsWith("error|0|"));
}

TEST(HostileDns, ThousandSrvRecords) {
  HostileDnsServer dns(DnsBehaviour::kThousandSrv);
  auto out = srv_in_child(dns.port());
  expect_bounded(out);
  // All kept, sorted by priority then weight (highest first): priority 0, weight 990.
  EXPECT_THAT(out.output, StartsWith("ok|1000|sip990.contoso.test:0:990|"));
}

// The probe's one deadline covers name resolution too: a DNS server that never answers cannot
// stretch `uccert check --timeout 2` to the resolver's own per-query timeout. The real binary.
TEST(HostileDns, CheckDeadlineCoversResolution) {
  HostileDnsServer dns(DnsBehaviour::kNeverAnswers);
  auto out = run_program({UCCERT_EXE, "check", "sip.contoso.test:5061", "--proto", "tls", "--timeout", "2",
                          "--dns-server", "127.0.0.1:" + std::to_string(dns.port())},
                         kDeadline + 15s);
  EXPECT_FALSE(out.killed_by_watchdog) << out.err;
  EXPECT_LE(out.wall.count(), (kDeadline + kSlack).count()) << out.err;
  EXPECT_EQ(out.exit_code, 3) << out.err;
  EXPECT_THAT(out.err, HasSubstr("cannot resolve sip.contoso.test"));
  ASSERT_FALSE(out.err.empty());
  EXPECT_EQ(out.err.find('\n'), out.err.size() - 1) << out.err;
}

// ---- uccert discover -------------------------------------------------------------------------
// One run: nine lookups at once, SRV targets' addresses after their answer, all of it within one
// query timeout (min(--timeout, 5 s)); probes within what is left of --deadline (default
// 3 x --timeout). Each case asserts the wall time against the bound the docs state, plus 1 s.

// Peak RSS of a discover that stops at argument checking: the floor.
long discover_baseline() {
  static const long kb = run_program({UCCERT_EXE, "discover", "contoso"}, 15s).max_rss_kb;
  return kb;
}

ChildOutcome discover(std::uint16_t dns_port, std::vector<std::string> extra, std::chrono::milliseconds bound) {
  std::vector<std::string> argv = {UCCERT_EXE, "discover", "contoso.test", "--dns-server",
                                   "127.0.0.1:" + std::to_string(dns_port)};
  argv.insert(argv.end(), extra.begin(), extra.end());
  auto out = run_program(argv, bound + 15s);
  expect_ended_within(out, bound + kSlack, discover_baseline());
  return out;
}

HostileTcpConfig silent_config() {
  HostileTcpConfig c;
  c.behaviour = TcpBehaviour::kSilent;
  return c;
}

// stderr is exactly one line.
void expect_one_line(const std::string& err) {
  ASSERT_FALSE(err.empty());
  EXPECT_EQ(err.find('\n'), err.size() - 1) << err;
}

// Nine lookups that never get an answer end together at the query timeout, not nine timeouts.
TEST(HostileDnsDiscover, NeverAnswersEndsWithinOneQueryTimeout) {
  HostileDnsServer dns(DnsBehaviour::kNeverAnswers);
  auto out = discover(dns.port(), {"--timeout", "2"}, kDeadline);
  EXPECT_EQ(out.exit_code, 3) << out.output;
  EXPECT_EQ(out.err,
            "uccert: discover: no DNS answer for contoso.test: all 9 lookups failed "
            "(lyncdiscoverinternal.contoso.test: no answer within 2000 ms)\n");
  expect_one_line(out.err);
}

// The DNS phase never outlives --deadline either, when that is shorter than the query timeout:
// the lookups get what is left of it once the command has started.
TEST(HostileDnsDiscover, NeverAnswersWithinAShorterDeadline) {
  HostileDnsServer dns(DnsBehaviour::kNeverAnswers);
  auto out = discover(dns.port(), {"--timeout", "5", "--deadline", "1.5"}, 1500ms);
  EXPECT_EQ(out.exit_code, 3) << out.output;
  const std::string prefix = "(lyncdiscoverinternal.contoso.test: no answer within ";
  auto at = out.err.find(prefix);
  ASSERT_NE(at, std::string::npos) << out.err;
  const long ms = std::strtol(out.err.c_str() + at + prefix.size(), nullptr, 10);
  EXPECT_GT(ms, 0) << out.err;
  EXPECT_LE(ms, 1500) << out.err;  // not the 5 s query timeout
  EXPECT_THAT(out.err, HasSubstr(" ms)\n"));
  expect_one_line(out.err);
}

TEST(HostileDnsDiscover, TruncatedAnswers) {
  HostileDnsServer dns(DnsBehaviour::kTruncated);
  auto out = discover(dns.port(), {"--timeout", "2"}, kDeadline);
  EXPECT_EQ(out.exit_code, 3) << out.output;
  EXPECT_THAT(out.err, StartsWith("uccert: discover: no DNS answer for contoso.test: all 9 lookups failed ("));
  expect_one_line(out.err);
}

// 1,000 SRV records in each SRV answer: 16 kept per answer, in client order, the rest noted;
// DNS only (--no-probe), within one query timeout.
TEST(HostileDnsDiscover, ThousandSrvRecordsAreCapped) {
  HostileDnsServer dns(DnsBehaviour::kThousandSrv);
  auto out = discover(dns.port(), {"--timeout", "2", "--no-probe", "--format", "json"}, kDeadline);
  ASSERT_FALSE(out.output.empty()) << out.err;
  auto j = nlohmann::json::parse(out.output);
  int capped = 0;
  for (const auto& rec : j["records"]) {
    if (rec["type"] != "SRV") continue;
    EXPECT_EQ(rec["status"], "ok") << rec.dump();
    EXPECT_EQ(rec["srv_answered"], 1000);
    ASSERT_EQ(rec["srv"].size(), 16U);
    // Client order: priority 0 first, the highest weight first (the server sent weight i, priority i % 10).
    for (std::size_t k = 0; k < 16; ++k) {
      EXPECT_EQ(rec["srv"][k]["priority"], 0);
      EXPECT_EQ(rec["srv"][k]["weight"], 990 - 10 * static_cast<int>(k));
    }
    EXPECT_EQ(rec["srv"][0]["target"], "sip990.contoso.test");
    EXPECT_LE(rec["targets"].size(), 16U);
  }
  std::vector<std::string> noted;
  for (const auto& n : j["notes"]) {
    if (n["id"] == "dns.srv-answer-capped") {
      ++capped;
      noted.push_back(n["message"]);
    }
  }
  EXPECT_EQ(capped, 4);  // _sipinternaltls._tcp, _sipinternal._tcp, _sip._tls, _sipfederationtls._tcp
  ASSERT_FALSE(noted.empty());
  EXPECT_EQ(noted.front(),
            "_sipinternaltls._tcp.contoso.test answered 1000 SRV records: the first 16 in client order (priority, "
            "then weight) were kept, 984 dropped");
}

// 1,000 SRV records and every target sent (--connect-to ::ADDR:PORT) to a server that accepts and
// never speaks: 16 distinct targets, 8 probes at a time, each would take --timeout; --deadline
// ends the run, the unfinished probes say so, and stderr says so in one line.
TEST(HostileDnsDiscover, ThousandSrvRecordsToSilentTargetsEndAtTheDeadline) {
  HostileDnsServer dns(DnsBehaviour::kThousandSrv);
  HostileTcpServer silent(silent_config());
  auto out = discover(dns.port(),
                      {"--timeout", "2", "--deadline", "3", "--connect-to",
                       "::127.0.0.1:" + std::to_string(silent.port())},
                      3000ms);
  EXPECT_NE(out.exit_code, 0) << out.output;  // an unfinished run never passes
  EXPECT_NE(out.exit_code, -1) << out.output;
  EXPECT_THAT(out.err, StartsWith("uccert: discover: discover's deadline (3 s) ran out: "));
  EXPECT_THAT(out.err, HasSubstr(" of 16 targets not probed"));
  expect_one_line(out.err);
  EXPECT_THAT(out.output, HasSubstr("not probed: discover's deadline ran out"));
  EXPECT_THAT(out.output, HasSubstr("(dns.srv-answer-capped)"));
  EXPECT_THAT(out.output, HasSubstr("(discover.deadline)"));
}

// The same with the default deadline, 3 x --timeout.
TEST(HostileDnsDiscover, ThousandSrvRecordsToSilentTargetsEndAtTheDefaultDeadline) {
  HostileDnsServer dns(DnsBehaviour::kThousandSrv);
  HostileTcpServer silent(silent_config());
  auto out = discover(dns.port(),
                      {"--timeout", "1", "--format", "json", "--connect-to",
                       "::127.0.0.1:" + std::to_string(silent.port())},
                      3000ms);
  ASSERT_FALSE(out.output.empty()) << out.err;
  auto j = nlohmann::json::parse(out.output);
  EXPECT_EQ(j["deadline_ms"], 3000);
  EXPECT_EQ(j["exit_code"], out.exit_code);
  EXPECT_NE(out.exit_code, 0);
  std::size_t targets = 0;
  for (const auto& rec : j["records"]) {
    for (const auto& t : rec["targets"]) {
      ++targets;
      EXPECT_TRUE(t["endpoint"].is_null()) << t.dump();
      EXPECT_FALSE(t["error"].get<std::string>().empty()) << t.dump();
    }
  }
  EXPECT_GT(targets, 0U);
  EXPECT_LE(targets, 3U * 16U);
}

}  // namespace
}  // namespace uccert::testing
