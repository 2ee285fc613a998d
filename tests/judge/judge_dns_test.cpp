// The DNS rules as the judge runs them: per record in client order, then domain-wide, then (after
// probing) each target that did not answer.
#include "uccert/judge/judge_dns.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "uccert/rules/dns_rule.h"

namespace uccert::judge {
namespace {

using evidence::DiscoveredRecord;
using evidence::DiscoveryFacts;
using evidence::DnsStatus;
using evidence::NotProbed;
using evidence::ProbedTarget;
using evidence::Protocol;
using evidence::RecordKind;

DiscoveredRecord srv(std::string prefix, std::vector<std::string> targets, bool federation = false) {
  DiscoveredRecord r;
  r.spec.prefix = std::move(prefix);
  r.spec.kind = RecordKind::kSrv;
  r.spec.protocol = Protocol::kSip;
  r.spec.federation = federation;
  r.spec.profiles = federation ? std::vector<std::string>{"ocs-interop"}
                               : std::vector<std::string>{"lync-desktop", "phone-edition"};
  r.spec.rules = "DNS-01";
  r.name = r.spec.prefix + "contoso.com";
  r.status = DnsStatus::kOk;
  for (auto& t : targets) r.srv.push_back({t, 5061, 0, 0});
  return r;
}

std::vector<std::string> ids(const rules::Findings& f) {
  std::vector<std::string> out;
  for (const auto& x : f) out.push_back(x.id);
  return out;
}

TEST(JudgeDns, FindingsInRecordOrderThenDomainWide) {
  DiscoveryFacts facts;
  facts.domain = "contoso.com";
  DiscoveredRecord failed = srv("_sipinternaltls._tcp.", {});
  failed.status = DnsStatus::kTimeout;
  failed.error = "no answer within 300 ms";
  facts.records = {failed, srv("_sip._tls.", {"sip.fabrikam.com"}),
                   srv("_sipfederationtls._tcp.", {"sip.eu.contoso.com"}, true)};
  auto f = judge_dns(facts);
  EXPECT_EQ(ids(f), (std::vector<std::string>{"dns.lookup-failed", "dns.srv-target-outside-domain",
                                              "dns.federation-target-not-in-domain"}));
  EXPECT_EQ(f[0].source, "DNS-01");  // the record's own sources
  EXPECT_EQ(f[1].severity, rules::Severity::kFail);
  EXPECT_EQ(f[2].profiles, std::vector<std::string>{"ocs-interop"});
  EXPECT_NE(f[1].message.find("sip.fabrikam.com"), std::string::npos);
}

TEST(JudgeDns, NoSipRecordAtAllFailsDesktopAndPhones) {
  DiscoveryFacts facts;
  facts.domain = "contoso.com";
  auto f = judge_dns(facts);
  ASSERT_EQ(ids(f), std::vector<std::string>{"dns.no-sip-records"});
  EXPECT_EQ(f[0].profiles, (std::vector<std::string>{"lync-desktop", "phone-edition-legacy", "phone-edition"}));
}

TEST(JudgeDns, UnreachableTargetsOnlyAfterProbing) {
  DiscoveryFacts facts;
  facts.domain = "contoso.com";
  auto rec = srv("_sip._tls.", {"sip.contoso.com"});
  ProbedTarget down;
  down.name = "sip.contoso.com";
  down.port = 5061;
  down.profiles = rec.spec.profiles;
  down.error = "connection refused";
  ProbedTarget capped = down;
  capped.name = "pool2.contoso.com";
  capped.not_probed = NotProbed::kOverCap;  // left out by a cap: says nothing about the deployment
  rec.targets = {down, capped};
  facts.records = {rec};
  EXPECT_TRUE(judge_dns(facts).empty());  // --no-probe: nothing was tried
  facts.probed = true;
  auto f = judge_dns(facts);
  ASSERT_EQ(ids(f), std::vector<std::string>{"net.target-unreachable"});
  EXPECT_NE(f[0].message.find("connection refused"), std::string::npos);
}

TEST(JudgeDns, EveryDnsRuleIsDescribed) {
  for (const auto& r : rules::dns_rules()) {
    EXPECT_FALSE(r.descriptor.id.empty());
    EXPECT_FALSE(r.descriptor.title.empty()) << r.descriptor.id;
    EXPECT_FALSE(r.descriptor.source.empty()) << r.descriptor.id;
    EXPECT_FALSE(r.descriptor.fix.empty()) << r.descriptor.id;
    EXPECT_NE(r.check, nullptr) << r.descriptor.id;
    if (r.scope == rules::DnsRuleScope::kDomain) {
      EXPECT_FALSE(r.clients.empty()) << r.descriptor.id;
    }
  }
}

}  // namespace
}  // namespace uccert::judge
