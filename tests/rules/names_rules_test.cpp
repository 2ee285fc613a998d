// name.* rules: each with a failing and a passing fixture (G-11, G-12, W-01, W-11, W-12/W-13).
#include <gtest/gtest.h>

#include "fixtures/rules_fixtures.h"

namespace uccert::testing {
namespace {

using rules::Severity;
using rules::Verdict;

class NamesRules : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ca_ = new Ca(make_ca("Contoso", 0)); }
  static void TearDownTestSuite() {
    delete ca_;
    ca_ = nullptr;
  }
  evidence::TrustInputs trust() const {
    evidence::TrustInputs t;
    t.enterprise_roots = {ca_->root.cert};
    t.public_roots = {ca_->root.cert};
    return t;
  }
  judge::Judgement check(const lab::CertSpec& spec, const std::string& name, std::vector<std::string> profiles = {}) {
    auto leaf = issue(*ca_, spec);
    return judge_for(evidence({&leaf, &ca_->intermediate}, name), profiles, trust());
  }
  static Ca* ca_;
};
Ca* NamesRules::ca_ = nullptr;

// G-14: letters, digits and hyphens, two labels or more.
TEST_F(NamesRules, InvalidFqdnWarnsEveryClient) {
  for (const std::string host : {"lync_pool.contoso.com", "lyncpool", "xn--bcher-kva.contoso.com"}) {
    auto j = check(server(host, {host}), host, {"lync-desktop", "phone-edition"});
    const auto* f = find(j, "name.invalid-fqdn", "lync-desktop");
    ASSERT_NE(f, nullptr) << host << ": " << describe(j);
    EXPECT_EQ(f->severity, Severity::kWarn);
    EXPECT_NE(find(j, "name.invalid-fqdn", "phone-edition"), nullptr) << host;
  }
  auto ok = check(server("pool-01.contoso.com", {"pool-01.contoso.com"}), "pool-01.contoso.com", {"lync-desktop"});
  EXPECT_EQ(find(ok, "name.invalid-fqdn"), nullptr) << describe(ok);
}

// A whole-label wildcard stands for an IDN A-label (RFC 6125 6.4.3 forbids only a wildcard inside
// one), and a U-label name is dialled as its A-label form: the browser, like Chrome, accepts both.
TEST_F(NamesRules, WildcardCoversAnIdnLabelAndAULabelNameIsConverted) {
  // (An xn-- name still gets the G-14 warning name.invalid-fqdn; the name itself matches.)
  auto spec = server("contoso.com", {"contoso.com", "*.contoso.com"});
  for (const std::string host : {"xn--bcher-kva.contoso.com", "b\xc3\xbc" "cher.contoso.com",
                                 "B\xc3\x9c" "CHER.contoso.com."}) {
    auto j = check(spec, host, {"browser", "lync-desktop"});
    EXPECT_EQ(find(j, "name.mismatch"), nullptr) << host << ": " << describe(j);
    EXPECT_NE(verdict(j, "browser"), Verdict::kFail) << host << ": " << describe(j);
    EXPECT_NE(find(j, "name.invalid-fqdn", "browser"), nullptr) << host << ": " << describe(j);
  }
  // A U-label name against its explicit A-label entry.
  auto exact = check(server("xn--bcher-kva.contoso.com", {"xn--bcher-kva.contoso.com"}),
                     "b\xc3\xbc" "cher.contoso.com", {"browser"});
  EXPECT_EQ(find(exact, "name.mismatch"), nullptr) << describe(exact);
  EXPECT_NE(verdict(exact, "browser"), Verdict::kFail) << describe(exact);
  // Without the conversion the same certificate is a mismatch for another U-label name.
  auto other = check(server("xn--bcher-kva.contoso.com", {"xn--bcher-kva.contoso.com"}),
                     "b\xc3\xa4" "cher.contoso.com", {"browser"});
  EXPECT_NE(find(other, "name.mismatch", "browser"), nullptr) << describe(other);
}

// A trailing dot on the dialled name (an absolute name) is matched without it, wildcard or not.
TEST_F(NamesRules, TrailingDotOnTheDialledNameIsIgnored) {
  for (const std::string entry : {"sip.contoso.com", "*.contoso.com"}) {
    const std::string cn = entry == "sip.contoso.com" ? entry : "contoso.com";
    auto j = check(server(cn, {cn, entry}), "sip.contoso.com.", {"browser", "lync-desktop"});
    EXPECT_EQ(find(j, "name.mismatch"), nullptr) << entry << ": " << describe(j);
    EXPECT_EQ(verdict(j, "browser"), Verdict::kPass) << entry << ": " << describe(j);
  }
}

// A wildcard over a registry-controlled suffix of the Public Suffix List never matches (Chrome).
TEST_F(NamesRules, WildcardOverAPublicSuffixIsAMismatch) {
  auto j = check(server("co.uk", {"co.uk", "*.co.uk"}), "contoso.co.uk", {"browser", "lync-desktop"});
  const auto* f = find(j, "name.mismatch", "browser");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kFail);
  EXPECT_EQ(verdict(j, "browser"), Verdict::kFail);
  EXPECT_NE(find(j, "name.mismatch", "lync-desktop"), nullptr) << describe(j);
  // One label further down is a registered domain: the wildcard matches there.
  auto ok = check(server("contoso.co.uk", {"contoso.co.uk", "*.contoso.co.uk"}), "sip.contoso.co.uk", {"browser"});
  EXPECT_EQ(verdict(ok, "browser"), Verdict::kPass) << describe(ok);
}

// DR-02: Direct Routing pairs an SBC only by an FQDN in a verified tenant domain.
TEST_F(NamesRules, SbcUnderOnMicrosoftComFailsDirectRoutingOnly) {
  const std::string sbc = "sbc1.contoso.onmicrosoft.com";
  auto j = check(server(sbc, {sbc}), sbc, {"teams-direct-routing", "lync-desktop"});
  const auto* f = find(j, "name.forbidden-domain", "teams-direct-routing");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kFail);
  EXPECT_EQ(f->details.at("domain"), "onmicrosoft.com");
  EXPECT_NE(f->message.find(sbc), std::string::npos) << f->message;
  EXPECT_NE(f->fix.find("New-CsOnlinePSTNGateway -Fqdn"), std::string::npos) << f->fix;
  EXPECT_EQ(verdict(j, "teams-direct-routing"), Verdict::kFail);
  EXPECT_EQ(find(j, "name.forbidden-domain", "lync-desktop"), nullptr);
  EXPECT_EQ(verdict(j, "lync-desktop"), Verdict::kPass) << describe(j);
}

TEST_F(NamesRules, ForbiddenDomainComparesWholeLabels) {
  for (const std::string sbc : {"sbc1.contoso.com", "sbc1.notonmicrosoft.com", "SBC1.CONTOSO.ONMICROSOFT.COM."}) {
    auto j = check(server("sbc1.contoso.com", {"sbc1.contoso.com", "sbc1.notonmicrosoft.com",
                                               "sbc1.contoso.onmicrosoft.com"}),
                   sbc, {"teams-direct-routing"});
    const bool forbidden = sbc.starts_with("SBC1.CONTOSO.ONMICROSOFT");
    EXPECT_EQ(find(j, "name.forbidden-domain") != nullptr, forbidden) << sbc << ": " << describe(j);
  }
}

// A certificate's names are chosen by whoever made it. In the PowerShell of a fix they are quoted
// so that PowerShell takes them as text: $(...) is not run, a quote does not end the string.
TEST(NamesRulesHostile, NamesInFixCommandsCannotBreakOutOfTheirQuotes) {
  Ca evil = make_ca("Evil\"; Start-Process calc; \"", 7);
  auto leaf = issue(evil, server("pool.contoso.com", {"pool.contoso.com", "x$(Start-Process calc).contoso.com"}));
  evidence::TrustInputs t;
  t.public_roots = {evil.root.cert};
  auto j = judge_for(evidence({&leaf, &evil.intermediate}, "sip.contoso.com"), {"browser"}, t);
  const auto* f = find(j, "name.mismatch", "browser");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_NE(f->fix.find("-CA \"<CA server FQDN>\\Evil`\"; Start-Process calc; `\" Issuing CA\""), std::string::npos)
      << f->fix;
  EXPECT_NE(f->fix.find("x`$(Start-Process calc).contoso.com"), std::string::npos) << f->fix;
  EXPECT_EQ(f->fix.find(" $("), std::string::npos) << f->fix;
  EXPECT_EQ(f->fix.find(",x$("), std::string::npos) << f->fix;
}

TEST_F(NamesRules, MismatchFailsEveryClientAndNamesTheNearestEntries) {
  auto j = check(server("pool.contoso.com", {"pool.contoso.com", "meet.contoso.com"}), "sip.contoso.com");
  const auto* f = find(j, "name.mismatch", "browser");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kFail);
  EXPECT_NE(f->message.find("sip.contoso.com"), std::string::npos);
  EXPECT_NE(f->message.find("pool.contoso.com"), std::string::npos);
  EXPECT_NE(f->fix.find("Request-CsCertificate -New"), std::string::npos);
  EXPECT_NE(f->fix.find("sip.contoso.com,pool.contoso.com"), std::string::npos) << f->fix;
  EXPECT_NE(f->fix.find("Restart-Service RTCSRV"), std::string::npos);
  EXPECT_EQ(verdict(j, "lync-desktop"), Verdict::kFail);
  EXPECT_NE(find(j, "name.mismatch", "lync-desktop"), nullptr);
  // The UM peer gets its own CN-only finding instead.
  EXPECT_EQ(find(j, "name.mismatch", "exchange-um-peer"), nullptr);
  EXPECT_NE(find(j, "name.cn-only-mismatch", "exchange-um-peer"), nullptr);
}

TEST_F(NamesRules, MismatchAbsentWhenTheNameIsInTheSan) {
  auto j = check(server("sip.contoso.com", {"sip.contoso.com", "pool.contoso.com"}), "sip.contoso.com");
  EXPECT_EQ(find(j, "name.mismatch"), nullptr) << describe(j);
  EXPECT_EQ(verdict(j, "browser"), Verdict::kPass) << describe(j);
  EXPECT_EQ(verdict(j, "lync-desktop"), Verdict::kPass) << describe(j);
}

// S-01: the SRV target sip.contoso.com is covered only by *.contoso.com.
TEST_F(NamesRules, WildcardOnlyFailsLegacyPhonesWarnsCurrentPhonesPassesDesktop) {
  auto j = check(server("pool.fabrikam.com", {"pool.fabrikam.com", "*.contoso.com"}), "sip.contoso.com");
  const auto* legacy = find(j, "name.wildcard-only", "phone-edition-legacy");
  ASSERT_NE(legacy, nullptr) << describe(j);
  EXPECT_EQ(legacy->severity, Severity::kFail);
  EXPECT_EQ(legacy->details.at("wildcard"), "*.contoso.com");
  EXPECT_NE(legacy->fix.find("sip.contoso.com"), std::string::npos);
  EXPECT_NE(legacy->fix.find("Restart-Service RTCSRV"), std::string::npos);
  EXPECT_EQ(find(j, "name.mismatch", "phone-edition-legacy"), nullptr) << "reported twice";
  const auto* current = find(j, "name.wildcard-only", "phone-edition");
  ASSERT_NE(current, nullptr) << describe(j);
  EXPECT_EQ(current->severity, Severity::kWarn);
  EXPECT_EQ(find(j, "name.wildcard-only", "lync-desktop"), nullptr);
  EXPECT_EQ(verdict(j, "lync-desktop"), Verdict::kPass) << describe(j);
  EXPECT_EQ(verdict(j, "phone-edition-legacy"), Verdict::kFail);
  EXPECT_EQ(verdict(j, "phone-edition"), Verdict::kWarn) << describe(j);
}

// W-14, OCS-03: OCS 2007 R2 / LCS 2005 accept no wildcard either, for their own reason, and the
// names suggested to them carry none; the phones keep theirs after the explicit names (W-11).
TEST_F(NamesRules, WildcardOnlyForOcsInteropSaysWhyAndSuggestsNoWildcard) {
  auto j = check(server("pool.fabrikam.com", {"pool.fabrikam.com", "*.contoso.com"}), "sip.contoso.com",
                 {"ocs-interop", "phone-edition-legacy"});
  const auto* ocs = find(j, "name.wildcard-only", "ocs-interop");
  ASSERT_NE(ocs, nullptr) << describe(j);
  EXPECT_EQ(ocs->severity, Severity::kFail);
  EXPECT_NE(ocs->message.find("OCS 2007 R2 and LCS 2005"), std::string::npos) << ocs->message;
  EXPECT_EQ(ocs->message.find("Phone Edition"), std::string::npos) << ocs->message;
  EXPECT_NE(ocs->fix.find("-DomainName \"sip.contoso.com,pool.fabrikam.com\""), std::string::npos) << ocs->fix;
  EXPECT_EQ(ocs->fix.find("*.contoso.com"), std::string::npos) << ocs->fix;
  const auto* phone = find(j, "name.wildcard-only", "phone-edition-legacy");
  ASSERT_NE(phone, nullptr) << describe(j);
  EXPECT_NE(phone->message.find("Cannot connect to the server. Retrying."), std::string::npos) << phone->message;
  EXPECT_NE(phone->fix.find("-DomainName \"sip.contoso.com,pool.fabrikam.com,*.contoso.com\""), std::string::npos)
      << phone->fix;
}

// OCS-01 / OCS-02: the dialled name in the SAN is not enough for OCS 2007 R2; the CN must be it.
TEST_F(NamesRules, OcsInteropNeedsTheDialledNameAsSubjectCn) {
  auto j = check(server("edge-int.corp.contoso.com", {"sip.contoso.com", "webconf.contoso.com"}), "sip.contoso.com",
                 {"ocs-interop", "lync-desktop"});
  const auto* f = find(j, "name.cn-not-dialled", "ocs-interop");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kFail);
  EXPECT_EQ(f->details.at("cn"), "edge-int.corp.contoso.com");
  EXPECT_NE(f->message.find("Access Edge FQDN"), std::string::npos) << f->message;
  EXPECT_NE(f->fix.find("Subject CN = sip.contoso.com"), std::string::npos) << f->fix;
  EXPECT_EQ(verdict(j, "ocs-interop"), Verdict::kFail);
  EXPECT_EQ(find(j, "name.cn-not-dialled", "lync-desktop"), nullptr);  // Lync 2010+ alone does not need it

  // The CN is the dialled name (any case): nothing to say. A wildcard CN is name.wildcard-cn's.
  auto ok = check(server("SIP.contoso.com", {"sip.contoso.com"}), "sip.contoso.com", {"ocs-interop"});
  EXPECT_EQ(find(ok, "name.cn-not-dialled"), nullptr) << describe(ok);
  EXPECT_EQ(verdict(ok, "ocs-interop"), Verdict::kPass) << describe(ok);
  auto wild = check(server("*.contoso.com", {"sip.contoso.com"}), "sip.contoso.com", {"ocs-interop"});
  EXPECT_EQ(find(wild, "name.cn-not-dialled"), nullptr) << describe(wild);
  EXPECT_NE(find(wild, "name.wildcard-cn", "ocs-interop"), nullptr) << describe(wild);
}

TEST_F(NamesRules, WildcardOnlyAbsentWhenTheHostIsListedExplicitly) {
  auto j = check(server("pool.fabrikam.com", {"pool.fabrikam.com", "sip.contoso.com", "*.contoso.com"}),
                 "sip.contoso.com");
  EXPECT_EQ(find(j, "name.wildcard-only"), nullptr) << describe(j);
  EXPECT_EQ(verdict(j, "phone-edition-legacy"), Verdict::kPass) << describe(j);
}

TEST_F(NamesRules, WildcardCnWarnsLyncClientsFailsOcsNotDirectRouting) {
  auto j = check(server("*.contoso.com", {"*.contoso.com", "sip.contoso.com"}), "sip.contoso.com");
  const auto* ocs = find(j, "name.wildcard-cn", "ocs-interop");
  ASSERT_NE(ocs, nullptr) << describe(j);
  EXPECT_EQ(ocs->severity, Severity::kFail);
  const auto* desk = find(j, "name.wildcard-cn", "lync-desktop");
  ASSERT_NE(desk, nullptr);
  EXPECT_EQ(desk->severity, Severity::kWarn);
  EXPECT_NE(desk->fix.find("Subject CN = sip.contoso.com"), std::string::npos) << desk->fix;
  EXPECT_EQ(find(j, "name.wildcard-cn", "teams-direct-routing"), nullptr);  // W-15
  EXPECT_EQ(find(j, "name.wildcard-cn", "browser"), nullptr);
}

TEST_F(NamesRules, WildcardCnAbsentForAnExplicitCn) {
  auto j = check(server("sip.contoso.com", {"sip.contoso.com", "*.contoso.com"}), "sip.contoso.com");
  EXPECT_EQ(find(j, "name.wildcard-cn"), nullptr) << describe(j);
}

TEST_F(NamesRules, WildcardBeforeExplicitNameWarnsPhones) {
  auto j = check(server("sip.contoso.com", {"*.contoso.com", "sip.contoso.com"}), "sip.contoso.com");
  const auto* f = find(j, "name.wildcard-before-fqdn", "phone-edition-legacy");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kWarn);
  EXPECT_NE(find(j, "name.wildcard-before-fqdn", "phone-edition"), nullptr);
  EXPECT_EQ(find(j, "name.wildcard-before-fqdn", "lync-desktop"), nullptr);
  // The fix lists the explicit name first.
  EXPECT_NE(f->fix.find("\"sip.contoso.com,*.contoso.com\""), std::string::npos) << f->fix;
}

TEST_F(NamesRules, WildcardAfterExplicitNamesIsFine) {
  auto j = check(server("sip.contoso.com", {"sip.contoso.com", "*.contoso.com"}), "sip.contoso.com");
  EXPECT_EQ(find(j, "name.wildcard-before-fqdn"), nullptr) << describe(j);
}

TEST_F(NamesRules, CnNotInSanWarnsClientsThatReadOnlyTheSan) {
  auto j = check(server("pool.contoso.com", {"sip.contoso.com"}), "sip.contoso.com");
  const auto* f = find(j, "name.cn-not-in-san", "browser");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kWarn);
  EXPECT_EQ(f->details.at("cn"), "pool.contoso.com");
  EXPECT_EQ(find(j, "name.cn-not-in-san", "ocs-interop"), nullptr);  // reads the CN as well
}

TEST_F(NamesRules, CnRepeatedInSanIsFine) {
  auto j = check(server("pool.contoso.com", {"pool.contoso.com", "sip.contoso.com"}), "sip.contoso.com");
  EXPECT_EQ(find(j, "name.cn-not-in-san"), nullptr) << describe(j);
}

TEST_F(NamesRules, CnFallbackMatchWarnsWhereTheClientsUseOfTheCnIsUncertain) {
  auto j = check(server("sip.contoso.com", {}), "sip.contoso.com", {"lync-desktop", "browser"});
  const auto* f = find(j, "name.cn-fallback", "lync-desktop");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kWarn);
  EXPECT_NE(find(j, "name.mismatch", "browser"), nullptr);  // the browser ignores the CN
}

TEST_F(NamesRules, SanMatchNeedsNoCnFallback) {
  auto j = check(server("sip.contoso.com", {"sip.contoso.com"}), "sip.contoso.com", {"lync-desktop"});
  EXPECT_EQ(find(j, "name.cn-fallback"), nullptr) << describe(j);
}

}  // namespace
}  // namespace uccert::testing
