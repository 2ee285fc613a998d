// time.* rules: validity at the time of the check (G-19, S-07, S-13) and expiry thresholds.
#include <gtest/gtest.h>

#include "fixtures/rules_fixtures.h"
#include "uccert/verify/problem_ids.h"

namespace uccert::testing {
namespace {

using rules::Severity;
using rules::Verdict;
constexpr pki::UnixTime kDay = 86400;

class TimeRules : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ca_ = new Ca(make_ca("Public Trust", 2)); }
  static void TearDownTestSuite() {
    delete ca_;
    ca_ = nullptr;
  }
  judge::Judgement check(pki::UnixTime nb, pki::UnixTime na, rules::JudgeOptions o = {}) {
    auto spec = server("sip.contoso.com", {"sip.contoso.com"});
    spec.not_before = nb;
    spec.not_after = na;
    auto leaf = issue(*ca_, spec);
    evidence::TrustInputs t;
    t.public_roots = {ca_->root.cert};
    return judge_for(evidence({&leaf, &ca_->intermediate}, "sip.contoso.com"), {"lync-desktop", "mobile-ios"}, t, o);
  }
  static Ca* ca_;
};
Ca* TimeRules::ca_ = nullptr;

// S-07: the CA's time zone is wrong; the certificate becomes valid in a few hours.
TEST_F(TimeRules, ValidFromTomorrowFailsWithAClockHint) {
  auto j = check(kAt + 6 * 3600, kAt + 365 * kDay);
  const auto* f = find(j, "time.not-yet-valid", "lync-desktop");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kFail);
  EXPECT_EQ(f->details.at("clock_hint"), "true");
  EXPECT_EQ(f->problems, std::vector<std::string>{std::string(verify::problem::kTimeNotYetValid)});
  EXPECT_NE(f->message.find("time zone"), std::string::npos) << f->message;
  EXPECT_NE(f->fix.find("tzutil"), std::string::npos);
  EXPECT_NE(find(j, "time.not-yet-valid", "mobile-ios"), nullptr);
  EXPECT_EQ(find(j, "path.time.not-yet-valid"), nullptr) << "reported twice";
}

TEST_F(TimeRules, ValidFromNextMonthHasNoClockHint) {
  auto j = check(kAt + 30 * kDay, kAt + 365 * kDay);
  const auto* f = find(j, "time.not-yet-valid");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->details.at("clock_hint"), "false");
}

TEST_F(TimeRules, ExpiredFails) {
  auto j = check(kAt - 400 * kDay, kAt - 2 * kDay);
  const auto* f = find(j, "time.expired", "mobile-ios");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->cert_index, 0);
  EXPECT_NE(f->fix.find("Get-CsCertificate | Select-Object Use, Thumbprint, NotBefore, NotAfter"), std::string::npos);
}

TEST_F(TimeRules, ExpiringWithin30DaysWarnsWithin14Fails) {
  auto warn = check(kAt - 300 * kDay, kAt + 20 * kDay);
  const auto* w = find(warn, "time.expiring-soon", "lync-desktop");
  ASSERT_NE(w, nullptr) << describe(warn);
  EXPECT_EQ(w->severity, Severity::kWarn);
  EXPECT_EQ(w->details.at("days_left"), "20");
  EXPECT_EQ(verdict(warn, "lync-desktop"), Verdict::kWarn);
  auto failing = check(kAt - 300 * kDay, kAt + 10 * kDay);
  const auto* f = find(failing, "time.expiring-soon", "lync-desktop");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::kFail);
}

TEST_F(TimeRules, ThresholdsAreConfigurable) {
  rules::JudgeOptions o;
  o.expiry_warn_days = 10;
  o.expiry_fail_days = 5;
  auto j = check(kAt - 300 * kDay, kAt + 20 * kDay, o);
  EXPECT_EQ(find(j, "time.expiring-soon"), nullptr) << describe(j);
  o.expiry_warn_days = 60;
  o.expiry_fail_days = 30;
  auto k = check(kAt - 300 * kDay, kAt + 20 * kDay, o);
  ASSERT_NE(find(k, "time.expiring-soon"), nullptr);
  EXPECT_EQ(find(k, "time.expiring-soon")->severity, Severity::kFail);
}

TEST_F(TimeRules, ValidCertificatePasses) {
  auto j = check(kAt - 10 * kDay, kAt + 300 * kDay);
  EXPECT_EQ(find(j, "time.not-yet-valid"), nullptr);
  EXPECT_EQ(find(j, "time.expired"), nullptr);
  EXPECT_EQ(find(j, "time.expiring-soon"), nullptr);
  EXPECT_EQ(verdict(j, "mobile-ios"), Verdict::kPass) << describe(j);
}

// iOS 13+ (APPLE13): at most 825 days for certificates issued after 2019-07-01.
TEST_F(TimeRules, ValidityOver825DaysFailsIosOnly) {
  auto j = check(kAt - 10 * kDay, kAt + 900 * kDay);
  const auto* f = find(j, "time.validity-too-long", "mobile-ios");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kFail);
  EXPECT_EQ(f->details.at("days"), "910");
  EXPECT_EQ(find(j, "time.validity-too-long", "lync-desktop"), nullptr);
  auto ok = check(kAt - 10 * kDay, kAt + 800 * kDay);
  EXPECT_EQ(find(ok, "time.validity-too-long"), nullptr) << describe(ok);
}

}  // namespace
}  // namespace uccert::testing
