#include "uccert/net/discover.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>

namespace uccert::net {
namespace {

// A UDP port on 127.0.0.1 that receives queries and never answers (closed with the object).
struct SilentUdpPort {
  SilentUdpPort() {
    fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
      port = ntohs(a.sin_port);
    }
  }
  ~SilentUdpPort() {
    if (fd >= 0) ::close(fd);
  }
  SilentUdpPort(const SilentUdpPort&) = delete;
  SilentUdpPort& operator=(const SilentUdpPort&) = delete;
  int fd = -1;
  std::uint16_t port = 0;
};

TEST(Discover, DomainMembership) {
  EXPECT_TRUE(in_domain("sip.contoso.com", "contoso.com"));
  EXPECT_TRUE(in_domain("SIP.Contoso.com.", "contoso.com"));
  EXPECT_TRUE(in_domain("pool.eu.contoso.com", "contoso.com"));
  EXPECT_TRUE(in_domain("contoso.com", "contoso.com"));
  EXPECT_FALSE(in_domain("sip.notcontoso.com", "contoso.com"));
  EXPECT_FALSE(in_domain("pool01.fabrikam.com", "contoso.com"));
  EXPECT_TRUE(directly_in_domain("sip.contoso.com", "contoso.com"));
  EXPECT_FALSE(directly_in_domain("sip.eu.contoso.com", "contoso.com"));  // DNS-10: no subdomain
  EXPECT_FALSE(directly_in_domain("contoso.com", "contoso.com"));
  EXPECT_FALSE(directly_in_domain("sip.fabrikam.com", "contoso.com"));
}

TEST(Discover, SipDomainValidation) {
  EXPECT_TRUE(validate_sip_domain("contoso.com").ok());
  EXPECT_FALSE(validate_sip_domain("contoso").ok());
  EXPECT_FALSE(validate_sip_domain("").ok());
  EXPECT_FALSE(validate_sip_domain("10.0.0.1").ok());
  EXPECT_FALSE(validate_sip_domain("con_toso.com").ok());
  EXPECT_FALSE(validate_sip_domain("contoso.com;rm").ok());
}

TEST(Discover, RecordsInClientOrder) {
  std::vector<std::string> prefixes;
  for (const auto& r : discovery_records()) prefixes.push_back(r.prefix);
  // DNS-01 (2013/SfB), with DNS-02's _sipinternal._tcp after the TLS one and DNS-05's federation SRV last.
  EXPECT_EQ(prefixes, (std::vector<std::string>{"lyncdiscoverinternal.", "lyncdiscover.", "_sipinternaltls._tcp.",
                                                "_sipinternal._tcp.", "_sip._tls.", "sipinternal.", "sip.",
                                                "sipexternal.", "_sipfederationtls._tcp."}));
  for (const auto& r : discovery_records()) {
    if (r.prefix == "_sipfederationtls._tcp.") {
      EXPECT_TRUE(r.federation);
      EXPECT_EQ(r.profiles, std::vector<std::string>{"ocs-interop"});
    }
    if (r.prefix == "lyncdiscover.") {
      EXPECT_EQ(r.protocol, Protocol::kHttps);
    }
    if (r.prefix == "sip.") {
      EXPECT_EQ(r.ports, (std::vector<std::uint16_t>{5061, 443}));  // DNS-03
    }
    if (r.prefix == "_sipinternal._tcp.") {
      EXPECT_FALSE(r.tls);
    }
  }
}

// The resolver's order, kept on its own: priority ascending, then weight descending, equal pairs
// in the order sent; the cap keeps the first.
TEST(Discover, SrvClientOrderAndCap) {
  std::vector<SrvRecord> answer;
  for (unsigned i = 0; i < 1000; ++i) {
    answer.push_back(SrvRecord{"sip" + std::to_string(i) + ".contoso.com", 5061, static_cast<std::uint16_t>(i % 10),
                               static_cast<std::uint16_t>(i)});
  }
  auto kept = client_order_srv(answer, kMaxSrvTargetsPerAnswer);
  ASSERT_EQ(kept.size(), 16U);
  for (std::size_t k = 0; k < kept.size(); ++k) {
    EXPECT_EQ(kept[k].priority, 0);
    EXPECT_EQ(kept[k].weight, static_cast<std::uint16_t>(990 - 10 * k));
    EXPECT_EQ(kept[k].target, "sip" + std::to_string(990 - 10 * k) + ".contoso.com");
  }
  auto ties = client_order_srv({{"b.contoso.com", 443, 1, 5},
                                {"a.contoso.com", 443, 0, 5},
                                {"c.contoso.com", 443, 1, 5},
                                {"d.contoso.com", 443, 1, 9}},
                               3);
  ASSERT_EQ(ties.size(), 3U);
  EXPECT_EQ(ties[0].target, "a.contoso.com");
  EXPECT_EQ(ties[1].target, "d.contoso.com");
  EXPECT_EQ(ties[2].target, "b.contoso.com");  // before c: the order sent
  EXPECT_EQ(client_order_srv({}, 16).size(), 0U);
}

DiscoveredRecord record_with(std::string name, std::vector<std::pair<std::string, std::uint16_t>> targets) {
  DiscoveredRecord rec;
  rec.name = std::move(name);
  for (auto& [host, port] : targets) {
    ProbedTarget t;
    t.name = host;
    t.port = port;
    rec.targets.push_back(std::move(t));
  }
  return rec;
}

// One probe per distinct (name, port, protocol), in the records' order, at most `cap`.
TEST(Discover, ProbePlanDeduplicatesAndCaps) {
  std::vector<DiscoveredRecord> records;
  records.push_back(record_with("_sip._tls.contoso.com", {{"sip.contoso.com", 443}, {"a.contoso.com", 5061}}));
  records.push_back(record_with("sip.contoso.com", {{"sip.contoso.com", 5061}, {"sip.contoso.com", 443}}));
  records.push_back(record_with("_sipfederationtls._tcp.contoso.com",
                                {{"b.contoso.com", 5061}, {"a.contoso.com", 5061}, {"c.contoso.com", 5061},
                                 {"c.contoso.com", 5061}}));
  records[1].targets[0].not_probed = NotProbed::kNoAddress;  // left out before planning
  auto plan = plan_probes(records, 3);
  ASSERT_EQ(plan.probes.size(), 3U);
  EXPECT_EQ(plan.probes[0].name, "sip.contoso.com");
  EXPECT_EQ(plan.probes[0].port, 443);
  EXPECT_EQ(plan.probes[1].name, "a.contoso.com");
  EXPECT_EQ(plan.probes[2].name, "b.contoso.com");
  const std::size_t none = static_cast<std::size_t>(-1);
  EXPECT_EQ(plan.index[0], (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(plan.index[1], (std::vector<std::size_t>{none, 0}));  // sip:443 shared with the SRV
  EXPECT_EQ(plan.index[2], (std::vector<std::size_t>{2, 1, none, none}));
  EXPECT_EQ(plan.over_cap, 1U);  // c.contoso.com:5061, counted once
  EXPECT_EQ(records[2].targets[2].not_probed, NotProbed::kOverCap);
  EXPECT_EQ(records[2].targets[3].not_probed, NotProbed::kOverCap);
  EXPECT_EQ(records[2].targets[2].error, "not probed: discover probes at most 3 targets");
  EXPECT_EQ(records[1].targets[0].not_probed, NotProbed::kNoAddress);
  EXPECT_EQ(records[0].targets[0].not_probed, NotProbed::kNo);
}

TEST(Discover, DeadlineDefaultAndExitCode) {
  EXPECT_EQ(default_deadline(std::chrono::milliseconds(10000)).count(), 30000);
  DiscoverResult r;
  r.probed = true;
  r.any_record = true;
  r.any_judged = true;
  EXPECT_EQ(r.exit_code(), 0);
  r.deadline_reached = true;  // targets left unprobed: never "pass"
  EXPECT_EQ(r.exit_code(), 3);
  r.worst = rules::Verdict::kWarn;
  EXPECT_EQ(r.exit_code(), 1);
  r.worst = rules::Verdict::kFail;
  EXPECT_EQ(r.exit_code(), 2);
}

// A silent server: all nine lookups run at once and end at the same deadline, which is the
// shorter of the query timeout and discover's deadline; the records stay in client order.
TEST(Discover, DnsPhaseEndsAtOneDeadlineInClientOrder) {
  SilentUdpPort silent;
  ASSERT_NE(silent.port, 0);
  DiscoverOptions o;
  o.domain = "Contoso.com";
  o.dns.servers = {"127.0.0.1:" + std::to_string(silent.port)};
  o.dns.query_timeout = std::chrono::milliseconds(5000);
  o.deadline = std::chrono::milliseconds(300);  // shorter than the query timeout: it wins
  o.probe_targets = false;
  auto r = discover(o, nullptr);
  ASSERT_EQ(r.records.size(), discovery_records().size());
  for (std::size_t i = 0; i < r.records.size(); ++i) {
    EXPECT_EQ(r.records[i].name, discovery_records()[i].prefix + "contoso.com");
    EXPECT_EQ(r.records[i].status, DnsStatus::kTimeout) << r.records[i].name;
    // What was left of the 300 ms when the lookups started (a millisecond may have gone by).
    const std::string prefix = "no answer within ";
    ASSERT_EQ(r.records[i].error.rfind(prefix, 0), 0U) << r.records[i].error;
    const long ms = std::strtol(r.records[i].error.c_str() + prefix.size(), nullptr, 10);
    EXPECT_GT(ms, 250) << r.records[i].error;
    EXPECT_LE(ms, 300) << r.records[i].error;
  }
  EXPECT_FALSE(r.any_record);
  EXPECT_EQ(r.deadline.count(), 300);
}

// A UDP port that receives queries and never answers: each lookup ends at its deadline.
TEST(Resolver, SilentServerEndsAtTheDeadline) {
  SilentUdpPort silent;
  ASSERT_NE(silent.port, 0);
  ResolverOptions o;
  o.servers = {"127.0.0.1:" + std::to_string(silent.port)};
  o.query_timeout = std::chrono::milliseconds(300);
  asio::io_context io;
  Resolver r(io, o);
  SrvAnswer srv;
  AddressAnswer addr;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        srv = co_await r.srv("_sip._tls.contoso.com");
        addr = co_await r.addresses("sip.contoso.com");
      },
      asio::detached);
  io.run();
  EXPECT_EQ(srv.status, DnsStatus::kTimeout) << srv.error;
  EXPECT_EQ(addr.status, DnsStatus::kTimeout) << addr.error;
  EXPECT_EQ(srv.error, "no answer within 300 ms");
}

TEST(Resolver, RejectsBadServers) {
  ResolverOptions o;
  o.servers = {"not an address"};
  auto s = validate_resolver_options(o);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("--dns-server"), std::string::npos);
  o.servers = {"127.0.0.1:5353", "[::1]:53", "::1", "[::1]"};
  EXPECT_TRUE(validate_resolver_options(o).ok());
}

TEST(Resolver, AddressLiteralNeedsNoLookup) {
  asio::io_context io;
  Resolver r(io, {});
  AddressAnswer addr;
  asio::co_spawn(
      io, [&]() -> asio::awaitable<void> { addr = co_await r.addresses("127.0.0.1"); }, asio::detached);
  io.run();
  EXPECT_EQ(addr.status, DnsStatus::kOk);
  EXPECT_EQ(addr.addresses, std::vector<std::string>{"127.0.0.1"});
}

}  // namespace
}  // namespace uccert::net
