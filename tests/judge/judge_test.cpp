// The judge: findings merged across clients, verdict = worst severity, exit codes.
#include <gtest/gtest.h>

#include "fixtures/rules_fixtures.h"

namespace uccert::testing {
namespace {

using rules::Severity;
using rules::Verdict;

TEST(Judge, IdenticalFindingsAreMergedAcrossClients) {
  auto ca = make_ca("Public Trust", 2);
  auto spec = server("sip.contoso.com", {"sip.contoso.com"});
  spec.not_before = kAt - 400 * 86400;
  spec.not_after = kAt - 86400;
  auto leaf = issue(ca, spec);
  evidence::TrustInputs t;
  t.public_roots = {ca.root.cert};
  auto j = judge_for(evidence({&leaf, &ca.intermediate}, "sip.contoso.com"), {"lync-desktop", "mobile-ios", "browser"}, t);
  int expired = 0;
  for (const auto& f : j.findings)
    if (f.id == "time.expired") {
      ++expired;
      EXPECT_EQ(f.profiles, (std::vector<std::string>{"lync-desktop", "mobile-ios", "browser"}));
    }
  EXPECT_EQ(expired, 1) << describe(j);
  EXPECT_EQ(j.worst(), Verdict::kFail);
  EXPECT_EQ(j.worst(), Verdict::kFail);
}

TEST(Judge, VerdictIsTheWorstSeverityConcerningTheClient) {
  auto ca = make_ca("Public Trust", 2);
  auto leaf = issue(ca, server("pool.fabrikam.com", {"pool.fabrikam.com", "*.contoso.com"}));
  evidence::TrustInputs t;
  t.public_roots = {ca.root.cert};
  auto j = judge_for(evidence({&leaf, &ca.intermediate}, "sip.contoso.com"),
                 {"lync-desktop", "phone-edition", "phone-edition-legacy"}, t);
  EXPECT_EQ(verdict(j, "lync-desktop"), Verdict::kPass) << describe(j);
  EXPECT_EQ(verdict(j, "phone-edition"), Verdict::kWarn) << describe(j);
  EXPECT_EQ(verdict(j, "phone-edition-legacy"), Verdict::kFail) << describe(j);
  // Findings are listed worst first.
  for (std::size_t i = 1; i < j.findings.size(); ++i)
    EXPECT_GE(static_cast<int>(j.findings[i - 1].severity), static_cast<int>(j.findings[i].severity));
  auto only_desktop = judge_for(evidence({&leaf, &ca.intermediate}, "sip.contoso.com"), {"lync-desktop"}, t);
  EXPECT_EQ(only_desktop.worst(), Verdict::kPass) << describe(only_desktop);
  auto current = judge_for(evidence({&leaf, &ca.intermediate}, "sip.contoso.com"), {"phone-edition"}, t);
  EXPECT_EQ(current.worst(), Verdict::kWarn) << describe(current);
}

TEST(Judge, EveryFindingNamesItsSourceTitleAndFix) {
  auto ca = make_ca("Public Trust", 2);
  auto spec = server("*.contoso.com", {"*.contoso.com"});
  spec.crl_urls.clear();
  auto leaf = issue(ca, spec);
  auto j = judge_for(evidence({&leaf}, "sip.contoso.com"), {}, {});
  ASSERT_FALSE(j.findings.empty());
  for (const auto& f : j.findings) {
    EXPECT_FALSE(f.source.empty()) << f.id;
    EXPECT_FALSE(f.title.empty()) << f.id;
    EXPECT_FALSE(f.fix.empty()) << f.id;
    EXPECT_FALSE(f.message.empty()) << f.id;
    EXPECT_FALSE(f.profiles.empty()) << f.id;
  }
}

}  // namespace
}  // namespace uccert::testing

namespace uccert::testing {
namespace {

// The trust sets a run indexes once (rules::JudgeOptions::anchor_sets) give what each judgement
// building its own gives, and the clients trusting the same sources share one index.
TEST(Judge, TrustSetsIndexedOncePerRunJudgeAsOwnOnes) {
  auto ca = make_ca("Public Trust", 2);
  auto other = make_ca("Contoso Enterprise", 2);
  auto leaf = issue(ca, server("sip.contoso.com", {"sip.contoso.com"}));
  evidence::TrustInputs t;
  t.public_roots = {other.root.cert, ca.root.cert};
  t.enterprise_roots = {other.root.cert};
  const std::vector<std::string> all{"lync-desktop",     "phone-edition-legacy", "phone-edition",
                                     "mobile-ios",       "mobile-android",       "exchange-um-peer",
                                     "ocs-interop",      "teams-direct-routing", "browser"};
  const auto ev = evidence({&leaf, &ca.intermediate}, "sip.contoso.com");
  const auto own = judge_for(ev, all, t);
  verify::AnchorSetCache cache;
  rules::JudgeOptions options;
  options.anchor_sets = &cache;
  const auto first = judge_for(ev, all, t, options);
  const auto second = judge_for(ev, all, t, options);
  EXPECT_GT(cache.hits(), 0U);
  for (const auto* j : {&first, &second}) {
    ASSERT_EQ(j->profiles.size(), own.profiles.size());
    EXPECT_EQ(describe(*j), describe(own));
    for (std::size_t i = 0; i < own.profiles.size(); ++i) {
      const auto& a = own.profiles[i];
      const auto& b = j->profiles[i];
      EXPECT_EQ(a.verdict, b.verdict) << a.profile_id;
      EXPECT_EQ(a.path.best.certificates, b.path.best.certificates) << a.profile_id;
      EXPECT_EQ(a.path.best.anchor_source, b.path.best.anchor_source) << a.profile_id;
      ASSERT_EQ(a.anchors.size(), b.anchors.size()) << a.profile_id;
      for (std::size_t k = 0; k < a.anchors.size(); ++k) {
        EXPECT_EQ(a.anchors[k].certificate, b.anchors[k].certificate) << a.profile_id;
        EXPECT_EQ(a.anchors[k].source, b.anchors[k].source) << a.profile_id;
      }
    }
  }
  // The root held by two stores is one anchor, named by the store the client lists first.
  const auto* desktop = own.find("lync-desktop");
  ASSERT_NE(desktop, nullptr);
  std::size_t copies = 0;
  for (const auto& a : desktop->anchors) copies += a.certificate == other.root.cert ? 1 : 0;
  EXPECT_EQ(copies, 1U);
}

}  // namespace
}  // namespace uccert::testing
