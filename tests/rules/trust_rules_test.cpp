// trust.* rules: which roots each client trusts (LPE-01/02, MOB-01/02/06, DR-01, UM-01).
#include <gtest/gtest.h>

#include "fixtures/rules_fixtures.h"

namespace uccert::testing {
namespace {

using rules::Severity;
using rules::Verdict;

class TrustRules : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ent_ = new Ca(make_ca("Contoso Enterprise", 1));
    pub_ = new Ca(make_ca("Public Trust", 2));
  }
  static void TearDownTestSuite() {
    delete ent_;
    delete pub_;
    ent_ = pub_ = nullptr;
  }
  static evidence::TrustInputs trust() {
    evidence::TrustInputs t;
    t.public_roots = {pub_->root.cert};
    t.enterprise_roots = {ent_->root.cert};
    return t;
  }
  static Ca* ent_;
  static Ca* pub_;
};
Ca* TrustRules::ent_ = nullptr;
Ca* TrustRules::pub_ = nullptr;

// S-14: pool certificate from the enterprise CA; Exchange certificate from a public CA.
TEST_F(TrustRules, PhonesDoNotTrustAnExchangeCertificateFromAnotherCa) {
  auto pool = issue(*ent_, server("lyncpool.contoso.com", {"lyncpool.contoso.com"}));
  auto exch = issue(*pub_, server("mail.contoso.com", {"mail.contoso.com"}), 1);
  auto t = trust();
  t.pool_chain = {pool.cert, ent_->intermediate.cert};
  auto j = judge_for(evidence({&exch, &pub_->intermediate}, "mail.contoso.com"), {"phone-edition", "lync-desktop"}, t);
  const auto* f = find(j, "trust.phone-ca-not-trusted", "phone-edition");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kFail);
  const std::string expected = "$ca = New-CsWebTrustedCACertificate -Thumbprint " + pub_->root.cert->sha1_thumbprint +
                               " -CAStore TrustedRootCA";
  EXPECT_NE(f->fix.find(expected), std::string::npos) << f->fix;
  EXPECT_NE(f->fix.find("Set-CsWebServiceConfiguration -TrustedCACerts @{Add=$ca}"), std::string::npos);
  EXPECT_NE(f->message.find("Contoso Enterprise Issuing CA"), std::string::npos) << f->message;
  EXPECT_EQ(verdict(j, "lync-desktop"), Verdict::kPass) << describe(j);
  EXPECT_EQ(find(j, "trust.pool-issuer-assumed"), nullptr);

  t.trusted_ca_certs = {pub_->root.cert};
  auto fixed = judge_for(evidence({&exch, &pub_->intermediate}, "mail.contoso.com"), {"phone-edition"}, t);
  EXPECT_EQ(find(fixed, "trust.phone-ca-not-trusted"), nullptr) << describe(fixed);
  EXPECT_EQ(verdict(fixed, "phone-edition"), Verdict::kPass) << describe(fixed);
}

TEST_F(TrustRules, WithoutPoolCertTheTargetIsThePoolCertificate) {
  auto pool = issue(*ent_, server("lyncpool.contoso.com", {"lyncpool.contoso.com"}));
  auto j = judge_for(evidence({&pool, &ent_->intermediate}, "lyncpool.contoso.com"), {"phone-edition-legacy"}, {});
  EXPECT_EQ(verdict(j, "phone-edition-legacy"), Verdict::kPass) << describe(j);
  const auto* f = find(j, "trust.pool-issuer-assumed", "phone-edition-legacy");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kInfo);
}

// S-09: internal CA; iOS trusts it only when the root is installed on the device.
TEST_F(TrustRules, MobileClientsNeedTheInternalRootInstalled) {
  auto edge = issue(*ent_, server("sip.contoso.com", {"sip.contoso.com"}));
  auto t = trust();
  auto j = judge_for(evidence({&edge, &ent_->intermediate}, "sip.contoso.com"), {"mobile-ios", "lync-desktop"}, t);
  const auto* f = find(j, "trust.mobile-root-missing", "mobile-ios");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_NE(f->fix.find(ent_->root.cert->sha1_thumbprint), std::string::npos) << f->fix;
  EXPECT_NE(f->fix.find("com.apple.security.root"), std::string::npos);
  EXPECT_EQ(verdict(j, "lync-desktop"), Verdict::kPass) << describe(j);

  t.mobile_roots = {ent_->root.cert};
  auto fixed = judge_for(evidence({&edge, &ent_->intermediate}, "sip.contoso.com"), {"mobile-ios"}, t);
  EXPECT_EQ(verdict(fixed, "mobile-ios"), Verdict::kPass) << describe(fixed);
}

TEST_F(TrustRules, AndroidWithAnInstalledRootIsOnlyAWarning) {
  auto edge = issue(*ent_, server("sip.contoso.com", {"sip.contoso.com"}));
  auto t = trust();
  t.mobile_roots = {ent_->root.cert};
  auto j = judge_for(evidence({&edge, &ent_->intermediate}, "sip.contoso.com"), {"mobile-android"}, t);
  const auto* f = find(j, "trust.uncertain-store", "mobile-android");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kWarn);
  auto pub_leaf = issue(*pub_, server("sip.contoso.com", {"sip.contoso.com"}), 1);
  auto ok = judge_for(evidence({&pub_leaf, &pub_->intermediate}, "sip.contoso.com"), {"mobile-android"}, t);
  EXPECT_EQ(find(ok, "trust.uncertain-store"), nullptr) << describe(ok);
  EXPECT_EQ(verdict(ok, "mobile-android"), Verdict::kPass) << describe(ok);
}

// DR-01: an SBC certificate from a private CA.
TEST_F(TrustRules, DirectRoutingNeedsAPublicRoot) {
  auto sbc = issue(*ent_, server("sbc.contoso.com", {"sbc.contoso.com"}));
  auto j = judge_for(evidence({&sbc, &ent_->intermediate}, "sbc.contoso.com"), {"teams-direct-routing"}, trust());
  ASSERT_NE(find(j, "trust.not-public-root", "teams-direct-routing"), nullptr) << describe(j);
  auto pub_sbc = issue(*pub_, server("sbc.contoso.com", {"sbc.contoso.com"}), 1);
  auto ok = judge_for(evidence({&pub_sbc, &pub_->intermediate}, "sbc.contoso.com"), {"teams-direct-routing"}, trust());
  EXPECT_EQ(verdict(ok, "teams-direct-routing"), Verdict::kPass) << describe(ok);
}

TEST_F(TrustRules, WindowsNeedsTheEnterpriseRoot) {
  auto fe = issue(*ent_, server("pool.contoso.com", {"pool.contoso.com"}));
  evidence::TrustInputs none;
  none.public_roots = {pub_->root.cert};
  auto j = judge_for(evidence({&fe, &ent_->intermediate}, "pool.contoso.com"), {"lync-desktop"}, none);
  const auto* f = find(j, "trust.untrusted-root", "lync-desktop");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_NE(f->fix.find("--enterprise-root"), std::string::npos);
  auto ok = judge_for(evidence({&fe, &ent_->intermediate}, "pool.contoso.com"), {"lync-desktop"}, trust());
  EXPECT_EQ(find(ok, "trust.untrusted-root"), nullptr) << describe(ok);
}

// UM-01: Exchange's self-signed default certificate.
TEST_F(TrustRules, SelfSignedFailsUnlessTrustedItself) {
  auto spec = server("exch01.contoso.com", {"exch01.contoso.com"});
  auto self = lab::mint(spec, lab::KeyPair::cached(lab::KeySpec::rsa(2048), 7));
  auto j = judge_for(evidence({&self}, "exch01.contoso.com"), {"exchange-um-peer"}, trust());
  const auto* f = find(j, "trust.self-signed", "exchange-um-peer");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(find(j, "trust.untrusted-root"), nullptr) << "reported twice";
  auto t = trust();
  t.enterprise_roots.push_back(self.cert);
  auto ok = judge_for(evidence({&self}, "exch01.contoso.com"), {"exchange-um-peer"}, t);
  EXPECT_EQ(find(ok, "trust.self-signed"), nullptr) << describe(ok);
}

// Without --pool-cert a self-signed target (Exchange's default certificate) is not taken to be the
// pool's own: no Lync pool runs on one, so phones fail it like every other client (UM-01, LPE-01).
TEST_F(TrustRules, SelfSignedTargetIsNeverTrustedByThePoolAssumption) {
  auto spec = server("exch01.contoso.com", {"exch01.contoso.com"});
  auto self = lab::mint(spec, lab::KeyPair::cached(lab::KeySpec::rsa(2048), 7));
  auto j = judge_for(evidence({&self}, "exch01.contoso.com"), {}, trust());
  for (const auto& pj : j.profiles) {
    EXPECT_EQ(pj.verdict, Verdict::kFail) << pj.profile_id << "\n" << describe(j);
    EXPECT_FALSE(pj.path.valid()) << pj.profile_id;
    const auto* f = find(j, "trust.self-signed", pj.profile_id);
    ASSERT_NE(f, nullptr) << pj.profile_id << "\n" << describe(j);
    EXPECT_EQ(f->severity, Severity::kFail);
  }
  for (const char* phone : {"phone-edition-legacy", "phone-edition"}) {
    const auto* pj = j.find(phone);
    ASSERT_NE(pj, nullptr);
    EXPECT_TRUE(pj->pool_issuer_assumed);
    EXPECT_TRUE(pj->anchors.empty()) << phone << ": the self-signed target became a trust anchor";
    const auto* info = find(j, "trust.pool-issuer-assumed", phone);
    ASSERT_NE(info, nullptr) << describe(j);
    EXPECT_NE(info->message.find("no Lync pool runs on a self-signed certificate"), std::string::npos)
        << info->message;
  }

  // Given explicitly as the pool certificate it is the administrator's word: phones trust it.
  auto t = trust();
  t.pool_chain = {self.cert};
  auto given = judge_for(evidence({&self}, "exch01.contoso.com"), {"phone-edition-legacy", "lync-desktop"}, t);
  EXPECT_EQ(find(given, "trust.self-signed", "phone-edition-legacy"), nullptr) << describe(given);
  EXPECT_NE(find(given, "trust.self-signed", "lync-desktop"), nullptr) << describe(given);
}

}  // namespace
}  // namespace uccert::testing
