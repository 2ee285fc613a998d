// key.* and sig.* rules (G-04, G-05, G-07, G-17) and eku / ext rules (G-01, G-02).
#include <gtest/gtest.h>

#include "fixtures/rules_fixtures.h"

namespace uccert::testing {
namespace {

using rules::Severity;
using rules::Verdict;

class KeyRules : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ca_ = new Ca(make_ca("Public Trust", 2)); }
  static void TearDownTestSuite() {
    delete ca_;
    ca_ = nullptr;
  }
  judge::Judgement check(const lab::CertSpec& spec, const lab::KeySpec& key = lab::KeySpec::rsa(2048),
                         std::vector<std::string> profiles = {}) {
    auto leaf = lab::mint(spec, lab::KeyPair::cached(key, 0), &ca_->intermediate);
    evidence::TrustInputs t;
    t.public_roots = {ca_->root.cert};
    return judge_for(evidence({&leaf, &ca_->intermediate}, "sip.contoso.com"), profiles, t);
  }
  static lab::CertSpec good() { return server("sip.contoso.com", {"sip.contoso.com"}); }
  static Ca* ca_;
};
Ca* KeyRules::ca_ = nullptr;

TEST_F(KeyRules, GoodCertificatePassesEveryClient) {
  auto j = check(good());
  EXPECT_EQ(j.profiles.size(), 9U);
  for (const auto& pj : j.profiles) EXPECT_EQ(pj.verdict, Verdict::kPass) << pj.profile_id << "\n" << describe(j);
  EXPECT_EQ(find(j, "key.rsa-too-small"), nullptr);
  EXPECT_EQ(find(j, "eku.no-server-auth"), nullptr);
  EXPECT_EQ(find(j, "ext.no-crl-distribution-point"), nullptr);
  for (const char* id : {"key.rsa-too-large", "sig.rsassa-pss", "sig.md5", "sig.sha1", "time.validity-too-long"})
    EXPECT_EQ(find(j, id), nullptr) << id;
  for (const auto& f : j.findings) EXPECT_NE(f.id.rfind("path.", 0), 0U) << f.id << ": " << f.message;
}

TEST_F(KeyRules, Rsa1024WarnsDesktopFailsIos) {
  auto j = check(good(), lab::KeySpec::rsa(1024), {"lync-desktop", "mobile-ios"});
  const auto* w = find(j, "key.rsa-too-small", "lync-desktop");
  ASSERT_NE(w, nullptr) << describe(j);
  EXPECT_EQ(w->severity, Severity::kWarn);
  EXPECT_NE(w->fix.find("-KeySize 2048"), std::string::npos);
  const auto* f = find(j, "key.rsa-too-small", "mobile-ios");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::kFail);
  EXPECT_EQ(find(j, "path.key.rsa-weak"), nullptr) << describe(j);
}

TEST_F(KeyRules, RsaOver4096FailsOcsInterop) {
  auto j = check(good(), lab::KeySpec::rsa(4160), {"ocs-interop", "lync-desktop"});
  ASSERT_NE(find(j, "key.rsa-too-large", "ocs-interop"), nullptr) << describe(j);
  EXPECT_EQ(find(j, "key.rsa-too-large", "lync-desktop"), nullptr);
  auto ok = check(good(), lab::KeySpec::rsa(2048), {"ocs-interop"});
  EXPECT_EQ(find(ok, "key.rsa-too-large"), nullptr);
}

TEST_F(KeyRules, RsassaPssFailsLyncNotBrowsers) {
  auto spec = good();
  spec.rsa_pss = true;
  auto j = check(spec, lab::KeySpec::rsa(2048), {"lync-desktop", "browser"});
  const auto* f = find(j, "sig.rsassa-pss", "lync-desktop");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kFail);
  EXPECT_EQ(find(j, "sig.rsassa-pss", "browser"), nullptr);
  EXPECT_EQ(find(j, "path.sig.pss"), nullptr) << describe(j);
}

TEST_F(KeyRules, Sha1WarnsPermissiveFailsModern) {
  auto spec = good();
  spec.digest = "sha1";
  auto j = check(spec, lab::KeySpec::rsa(2048), {"lync-desktop", "browser"});
  const auto* w = find(j, "sig.sha1", "lync-desktop");
  ASSERT_NE(w, nullptr) << describe(j);
  EXPECT_EQ(w->severity, Severity::kWarn);
  const auto* f = find(j, "sig.sha1", "browser");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::kFail);
}

TEST_F(KeyRules, Md5FailsEveryone) {
  auto spec = good();
  spec.digest = "md5";
  auto j = check(spec, lab::KeySpec::rsa(2048), {"lync-desktop", "ocs-interop"});
  const auto* f = find(j, "sig.md5", "lync-desktop");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kFail);
  EXPECT_NE(find(j, "sig.md5", "ocs-interop"), nullptr);
}

TEST_F(KeyRules, ClientAuthOnlyEkuFails) {
  auto spec = good();
  spec.eku = std::vector<std::string>{"clientAuth"};
  auto j = check(spec, lab::KeySpec::rsa(2048), {"lync-desktop"});
  const auto* f = find(j, "eku.no-server-auth", "lync-desktop");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kFail);
  EXPECT_EQ(find(j, "path.eku.leaf-missing"), nullptr) << describe(j);
}

TEST_F(KeyRules, MissingEkuWarns) {
  auto spec = good();
  spec.eku = std::vector<std::string>{};
  auto j = check(spec, lab::KeySpec::rsa(2048), {"lync-desktop"});
  const auto* f = find(j, "eku.no-server-auth", "lync-desktop");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kWarn);
}

// APPLE13: iOS 13+ rejects a TLS server certificate issued from 2019-07-01 without an EKU
// extension holding Server Authentication; other clients, and older certificates, get the warning.
TEST_F(KeyRules, MissingEkuFailsIosForCertificatesIssuedFromJuly2019) {
  auto spec = good();
  spec.eku = std::vector<std::string>{};
  auto j = check(spec, lab::KeySpec::rsa(2048), {"mobile-ios", "lync-desktop"});
  const auto* ios = find(j, "eku.no-server-auth", "mobile-ios");
  ASSERT_NE(ios, nullptr) << describe(j);
  EXPECT_EQ(ios->severity, Severity::kFail);
  EXPECT_NE(ios->message.find("issued from 2019-07-01"), std::string::npos) << ios->message;
  EXPECT_EQ(verdict(j, "mobile-ios"), Verdict::kFail);
  const auto* desktop = find(j, "eku.no-server-auth", "lync-desktop");
  ASSERT_NE(desktop, nullptr) << describe(j);
  EXPECT_EQ(desktop->severity, Severity::kWarn);
}

// A UM certificate is re-issued with Exchange's cmdlets, under its CN only (UM-02).
TEST_F(KeyRules, ReissueOnExchangeUmUsesExchangeCmdlets) {
  auto spec = server("exch01.contoso.com", {"exch01.contoso.com", "mail.contoso.com"});
  spec.eku = std::vector<std::string>{"1.3.6.1.5.5.7.3.2"};  // Client Authentication only
  auto leaf = lab::mint(spec, lab::KeyPair::cached(lab::KeySpec::rsa(2048), 0), &ca_->intermediate);
  evidence::TrustInputs t;
  t.enterprise_roots = {ca_->root.cert};
  auto j = judge_for(evidence({&leaf, &ca_->intermediate}, "exch01.contoso.com"), {"exchange-um-peer"}, t);
  const auto* f = find(j, "eku.no-server-auth", "exchange-um-peer");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_NE(f->fix.find("New-ExchangeCertificate -GenerateRequest -SubjectName \"CN=exch01.contoso.com\""),
            std::string::npos)
      << f->fix;
  EXPECT_NE(f->fix.find("Enable-ExchangeCertificate -Thumbprint"), std::string::npos) << f->fix;
  EXPECT_EQ(f->fix.find("Request-CsCertificate"), std::string::npos) << f->fix;
  EXPECT_EQ(f->fix.find("Set-CsCertificate"), std::string::npos) << f->fix;
}

TEST_F(KeyRules, MissingEkuOnlyWarnsIosForCertificatesIssuedBeforeJuly2019) {
  auto spec = good();
  spec.eku = std::vector<std::string>{};
  spec.not_before = 1559347200;  // 2019-06-01, still valid at kAt
  spec.not_after = kAt + 365 * 86400;
  auto j = check(spec, lab::KeySpec::rsa(2048), {"mobile-ios"});
  const auto* f = find(j, "eku.no-server-auth", "mobile-ios");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kWarn);
}

// K-03: old Lync Phone Edition builds loop on a SHA-2 pool certificate; current firmware is fine.
// Information, not a warning: the firmware threshold is unsourced, and every CA signs with SHA-2.
TEST_F(KeyRules, Sha2IsNotedForLegacyPhonesOnly) {
  auto j = check(good(), lab::KeySpec::rsa(2048), {"phone-edition-legacy", "phone-edition", "lync-desktop"});
  const auto* f = find(j, "sig.sha2-legacy-phone", "phone-edition-legacy");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kInfo);
  EXPECT_EQ(verdict(j, "phone-edition-legacy"), Verdict::kPass) << describe(j);
  EXPECT_EQ(f->cert_index, 0);
  EXPECT_EQ(f->details.at("digest"), "SHA256");
  EXPECT_NE(f->fix.find("Approve-CsDeviceUpdateRule"), std::string::npos) << f->fix;
  EXPECT_EQ(find(j, "sig.sha2-legacy-phone", "phone-edition"), nullptr);
  EXPECT_EQ(find(j, "sig.sha2-legacy-phone", "lync-desktop"), nullptr);
}

TEST_F(KeyRules, NoCrlDistributionPointWarnsLyncClients) {
  auto spec = good();
  spec.crl_urls.clear();
  auto j = check(spec, lab::KeySpec::rsa(2048), {"lync-desktop", "browser"});
  const auto* w = find(j, "ext.no-crl-distribution-point", "lync-desktop");
  ASSERT_NE(w, nullptr) << describe(j);
  EXPECT_EQ(w->severity, Severity::kWarn);
  const auto* i = find(j, "ext.no-crl-distribution-point", "browser");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->severity, Severity::kInfo);
}

// Anything verify/ finds that no specific rule claims still reaches the report.
TEST_F(KeyRules, UnclaimedPathProblemsAreMappedGenerically) {
  auto not_ca = lab::intermediate_ca_spec("Not A CA", "Public Trust");
  not_ca.is_ca = false;
  not_ca.not_before = kAt - 100 * 86400;
  not_ca.not_after = kAt + 1000 * 86400;
  auto bad_int = lab::mint(not_ca, lab::KeyPair::cached(lab::KeySpec::rsa(2048), 55), &ca_->root);
  auto leaf = lab::mint(good(), lab::KeyPair::cached(lab::KeySpec::rsa(2048), 0), &bad_int);
  evidence::TrustInputs t;
  t.public_roots = {ca_->root.cert};
  auto j = judge_for(evidence({&leaf, &bad_int}, "sip.contoso.com"), {"browser"}, t);
  bool generic = false;
  for (const auto& f : j.findings)
    if (f.id.rfind("path.", 0) == 0 && f.severity == Severity::kFail && !f.problems.empty()) generic = true;
  EXPECT_TRUE(generic) << describe(j);
  EXPECT_EQ(verdict(j, "browser"), Verdict::kFail);
}

}  // namespace
}  // namespace uccert::testing
