// Hostile DNS servers on 127.0.0.1 (docs/security.md, "hostile server"): one that never answers,
// one that sends a datagram cut inside a record, one with 1,000 SRV records (over TCP after a
// truncated UDP answer). The resolver runs in a child process so its time and peak RSS are
// measured from outside.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <string>

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
constexpr long kRssBudgetKb = 64L * 1024L;

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
  std::cout << "      " << out.wall.count() << " ms, peak RSS " << out.max_rss_kb << " KiB (idle child: " << baseline()
            << " KiB): " << out.output << "\n";
  EXPECT_FALSE(out.killed_by_watchdog) << out.output;
  EXPECT_EQ(out.exit_code, 0) << out.output;
  EXPECT_LE(out.wall.count(), (kDeadline + kSlack).count()) << out.output;
  EXPECT_LT(out.max_rss_kb - baseline(), kRssBudgetKb)
      << "peak RSS " << out.max_rss_kb << " KiB, idle child " << baseline() << " KiB: " << out.output;
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

}  // namespace
}  // namespace uccert::testing
