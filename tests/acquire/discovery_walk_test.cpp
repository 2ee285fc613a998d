#include "uccert/acquire/discovery_walk.h"

#include <cstdint>
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "net/silent_udp_port.h"

namespace uccert::acquire {
namespace {

using evidence::DnsStatus;
using evidence::Protocol;
using evidence::SrvRecord;
using testing::SilentUdpPort;

TEST(DiscoveryWalk, SipDomainValidation) {
  EXPECT_TRUE(validate_sip_domain("contoso.com").ok());
  EXPECT_FALSE(validate_sip_domain("contoso").ok());
  EXPECT_FALSE(validate_sip_domain("").ok());
  EXPECT_FALSE(validate_sip_domain("10.0.0.1").ok());
  EXPECT_FALSE(validate_sip_domain("con_toso.com").ok());
  EXPECT_FALSE(validate_sip_domain("contoso.com;rm").ok());
}

TEST(DiscoveryWalk, RecordsInClientOrder) {
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
TEST(DiscoveryWalk, SrvClientOrderAndCap) {
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
TEST(DiscoveryWalk, ProbePlanDeduplicatesAndCaps) {
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

TEST(DiscoveryWalk, DefaultDeadline) {
  EXPECT_EQ(default_deadline(std::chrono::milliseconds(10000)).count(), 30000);
}

// A silent server: all nine lookups run at once and end at the same deadline, which is the
// shorter of the query timeout and discover's deadline; the records stay in client order.
TEST(DiscoveryWalk, DnsPhaseEndsAtOneDeadlineInClientOrder) {
  SilentUdpPort silent;
  ASSERT_NE(silent.port, 0);
  DiscoverOptions o;
  o.domain = "Contoso.com";
  o.dns.servers = {"127.0.0.1:" + std::to_string(silent.port)};
  o.dns.query_timeout = std::chrono::milliseconds(5000);
  o.probe_targets = false;
  AcquireLimits limits;
  limits.deadline = std::chrono::milliseconds(300);  // shorter than the query timeout: it wins
  AcquireContext context(limits);
  auto r = walk_discovery(context, o);
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

}  // namespace
}  // namespace uccert::acquire
