// name.cn-only-mismatch: Lync names an Exchange UM peer by the Subject CN only (UM-02, UM-07).
#include <gtest/gtest.h>

#include "fixtures/rules_fixtures.h"

namespace uccert::testing {
namespace {

class UmRules : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ca_ = new Ca(make_ca("Contoso", 0)); }
  static void TearDownTestSuite() {
    delete ca_;
    ca_ = nullptr;
  }
  judge::Judgement check(const lab::CertSpec& spec) {
    auto leaf = issue(*ca_, spec);
    evidence::TrustInputs t;
    t.enterprise_roots = {ca_->root.cert};
    return judge_for(evidence({&leaf, &ca_->intermediate}, "exch01.contoso.com"), {"exchange-um-peer"}, t);
  }
  static Ca* ca_;
};
Ca* UmRules::ca_ = nullptr;

// S-05: one public wildcard certificate bound to UM.
TEST_F(UmRules, WildcardCnFailsEvenWithTheFqdnInTheSan) {
  auto j = check(server("*.contoso.com", {"*.contoso.com", "exch01.contoso.com"}));
  const auto* f = find(j, "name.cn-only-mismatch", "exchange-um-peer");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, rules::Severity::kFail);
  EXPECT_NE(f->message.find("wildcard"), std::string::npos);
  EXPECT_NE(f->fix.find("Enable-ExchangeCertificate -Thumbprint"), std::string::npos);
  EXPECT_NE(f->fix.find("-Services UM,UMCallRouter"), std::string::npos);
  EXPECT_NE(f->fix.find("CN=exch01.contoso.com"), std::string::npos);
  EXPECT_EQ(verdict(j, "exchange-um-peer"), rules::Verdict::kFail);
}

// UM-05: the certificate can be enabled for UM only once UMStartupMode is TLS or Dual, so the fix
// sets the mode on the UM service and the call router before Enable-ExchangeCertificate.
TEST_F(UmRules, FixSetsTheStartupModeBeforeEnablingTheCertificate) {
  auto j = check(server("*.contoso.com", {"*.contoso.com"}));
  const auto* f = find(j, "name.cn-only-mismatch", "exchange-um-peer");
  ASSERT_NE(f, nullptr) << describe(j);
  const auto service = f->fix.find("Set-UMService -Identity exch01.contoso.com -UMStartupMode TLS");
  const auto router = f->fix.find("Set-UMCallRouterSettings -Server exch01.contoso.com -UMStartupMode TLS");
  const auto enable = f->fix.find("Enable-ExchangeCertificate -Thumbprint");
  const auto restart = f->fix.find("Restart-Service MSExchangeUM, MSExchangeUMCR");
  ASSERT_NE(service, std::string::npos) << f->fix;
  ASSERT_NE(router, std::string::npos) << f->fix;
  ASSERT_NE(enable, std::string::npos) << f->fix;
  ASSERT_NE(restart, std::string::npos) << f->fix;
  EXPECT_LT(service, enable);
  EXPECT_LT(router, enable);
  EXPECT_LT(enable, restart);
  EXPECT_EQ(f->fix.find("\nRestart-Service", restart + 1), std::string::npos) << "one restart: " << f->fix;
}

// S-06: CN "mail", the UM FQDN only in the SAN.
TEST_F(UmRules, FqdnOnlyInSanFails) {
  auto j = check(server("mail.contoso.com", {"mail.contoso.com", "exch01.contoso.com"}));
  const auto* f = find(j, "name.cn-only-mismatch", "exchange-um-peer");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->details.at("host_in_san"), "true");
  EXPECT_NE(f->message.find("only in the SAN"), std::string::npos) << f->message;
}

TEST_F(UmRules, CnEqualToTheFqdnPasses) {
  auto j = check(server("exch01.contoso.com", {}));
  EXPECT_EQ(find(j, "name.cn-only-mismatch"), nullptr) << describe(j);
  EXPECT_EQ(verdict(j, "exchange-um-peer"), rules::Verdict::kPass) << describe(j);
}

}  // namespace
}  // namespace uccert::testing
