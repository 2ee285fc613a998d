// trust.non-root-in-root-store: a certificate that is not self-signed given as a root (G-15,
// PS-12). It is still judged as a trust anchor, as Windows takes any certificate in Trusted Root.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "fixtures/rules_fixtures.h"

namespace uccert::testing {
namespace {

using rules::Severity;
using rules::Verdict;

constexpr const char* kRule = "trust.non-root-in-root-store";

class RootStore : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ent_ = new Ca(make_ca("Contoso Enterprise", 1)); }
  static void TearDownTestSuite() {
    delete ent_;
    ent_ = nullptr;
  }
  static Ca* ent_;
};
Ca* RootStore::ent_ = nullptr;

bool not_applicable(const judge::Judgement& j, const std::string& id) {
  return std::find(j.not_applicable.begin(), j.not_applicable.end(), id) != j.not_applicable.end();
}

TEST_F(RootStore, IntermediateGivenAsEnterpriseRootIsAWarningWithTheMoveCommands) {
  auto leaf = issue(*ent_, server("pool.contoso.com", {"pool.contoso.com"}));
  evidence::TrustInputs t;
  t.enterprise_roots = {ent_->intermediate.cert};
  const auto& inter = *ent_->intermediate.cert;
  auto j = judge_for(evidence({&leaf}, "pool.contoso.com"), {"lync-desktop", "exchange-um-peer", "mobile-ios"}, t);

  const auto* f = find(j, kRule, "lync-desktop");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kWarn);
  EXPECT_NE(std::find(f->profiles.begin(), f->profiles.end(), "exchange-um-peer"), f->profiles.end())
      << "one finding for every client trusting the enterprise roots";
  EXPECT_EQ(find(j, kRule, "mobile-ios"), nullptr) << "iOS does not trust --enterprise-root";
  EXPECT_EQ(f->details.at("store"), "enterprise-roots");
  EXPECT_EQ(f->details.at("thumbprint"), inter.sha1_thumbprint);
  EXPECT_EQ(f->details.at("issuer"), ent_->root.cert->subject.text);
  EXPECT_EQ(f->cert_index, -1);  // not sent by the server
  EXPECT_NE(f->message.find("is not self-signed"), std::string::npos) << f->message;
  EXPECT_NE(f->message.find("an intermediate CA"), std::string::npos) << f->message;
  EXPECT_NE(f->fix.find("Get-ChildItem Cert:\\LocalMachine\\Root | Where-Object { $_.Issuer -ne $_.Subject }"),
            std::string::npos)
      << f->fix;
  EXPECT_NE(f->fix.find("Move-Item -Path Cert:\\LocalMachine\\Root\\" + inter.sha1_thumbprint +
                        " -Destination Cert:\\LocalMachine\\CA"),
            std::string::npos)
      << f->fix;
  EXPECT_NE(f->fix.find("certutil -addstore -f CA \"C:\\certs\\" + inter.sha1_thumbprint + ".cer\""),
            std::string::npos)
      << f->fix;
  EXPECT_NE(f->fix.find("certutil -delstore Root " + inter.sha1_thumbprint), std::string::npos) << f->fix;
  EXPECT_NE(f->fix.find("SubCA"), std::string::npos) << f->fix;

  // Judged as Windows does: the intermediate in the root store is a trust anchor, so the path
  // is valid and the client only warns.
  const auto* desktop = j.find("lync-desktop");
  ASSERT_NE(desktop, nullptr);
  EXPECT_TRUE(desktop->path.valid()) << describe(j);
  EXPECT_EQ(verdict(j, "lync-desktop"), Verdict::kWarn) << describe(j);
  EXPECT_EQ(verdict(j, "exchange-um-peer"), Verdict::kWarn) << describe(j);
  EXPECT_EQ(verdict(j, "mobile-ios"), Verdict::kFail) << describe(j);  // its own store lacks the CA

  // The self-signed root instead: no finding, and the rule had nothing to look at.
  t.enterprise_roots = {ent_->root.cert};
  auto ok = judge_for(evidence({&leaf, &ent_->intermediate}, "pool.contoso.com"), {"lync-desktop"}, t);
  EXPECT_EQ(find(ok, kRule), nullptr) << describe(ok);
  EXPECT_TRUE(not_applicable(ok, kRule));
  EXPECT_EQ(verdict(ok, "lync-desktop"), Verdict::kPass) << describe(ok);
}

// A server certificate given as a root belongs in no CA store: removed, not moved.
TEST_F(RootStore, LeafGivenAsRootIsRemovedNotMoved) {
  auto leaf = issue(*ent_, server("pool.contoso.com", {"pool.contoso.com"}));
  evidence::TrustInputs t;
  t.enterprise_roots = {ent_->root.cert, leaf.cert};
  auto j = judge_for(evidence({&leaf, &ent_->intermediate}, "pool.contoso.com"), {"lync-desktop"}, t);
  const auto* f = find(j, kRule, "lync-desktop");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->cert_index, 0);  // the server sends it
  EXPECT_NE(f->message.find("not a CA certificate at all"), std::string::npos) << f->message;
  EXPECT_NE(f->fix.find("certutil -delstore Root " + leaf.cert->sha1_thumbprint), std::string::npos) << f->fix;
  EXPECT_EQ(f->fix.find("Move-Item"), std::string::npos) << f->fix;
  EXPECT_EQ(f->fix.find("-addstore"), std::string::npos) << f->fix;
  EXPECT_EQ(verdict(j, "lync-desktop"), Verdict::kWarn) << describe(j);
}

// A mobile root that is not self-signed: the fix deploys the real root by profile.
TEST_F(RootStore, IntermediateGivenAsMobileRoot) {
  auto leaf = issue(*ent_, server("lyncdiscover.contoso.com", {"lyncdiscover.contoso.com"}));
  evidence::TrustInputs t;
  t.mobile_roots = {ent_->intermediate.cert};
  auto j = judge_for(evidence({&leaf, &ent_->intermediate}, "lyncdiscover.contoso.com"),
                     {"mobile-ios", "mobile-android", "lync-desktop"}, t);
  const auto* f = find(j, kRule, "mobile-ios");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->details.at("store"), "mobile-roots");
  EXPECT_NE(f->fix.find("com.apple.security.root"), std::string::npos) << f->fix;
  EXPECT_NE(find(j, kRule, "mobile-android"), nullptr) << "Android's warned store holds it too";
  EXPECT_EQ(find(j, kRule, "lync-desktop"), nullptr) << describe(j);
  EXPECT_EQ(verdict(j, "mobile-ios"), Verdict::kWarn) << describe(j);
}

// TrustedCACerts may hold intermediates (New-CsWebTrustedCACertificate -CAStore IntermediateCA,
// PS-07): no finding, and phones trust the CA it names.
TEST_F(RootStore, IntermediateInTrustedCaCertsIsDocumentedAndTrusted) {
  Ca pool_ca = make_ca("Pool", 4);
  auto pool = issue(pool_ca, server("pool.contoso.com", {"pool.contoso.com"}), 1);
  auto mail = issue(*ent_, server("mail.contoso.com", {"mail.contoso.com"}));
  evidence::TrustInputs t;
  t.pool_chain = {pool.cert, pool_ca.intermediate.cert};
  t.trusted_ca_certs = {ent_->intermediate.cert};
  auto j = judge_for(evidence({&mail, &ent_->intermediate}, "mail.contoso.com"), {"phone-edition"}, t);
  EXPECT_EQ(find(j, kRule), nullptr) << describe(j);
  EXPECT_TRUE(not_applicable(j, kRule));
  EXPECT_EQ(find(j, "trust.phone-ca-not-trusted"), nullptr) << describe(j);
  const auto* phone = j.find("phone-edition");
  ASSERT_NE(phone, nullptr);
  EXPECT_TRUE(phone->path.valid()) << describe(j);
}

// The machine's own bundle (no --public-roots) is the distribution's store: a certificate in it
// that is not even self-issued is reported, but a self-issued one's self-signature is checked only
// when a client's path reaches it (checking ~144 of them was most of a `check`'s CPU).
TEST_F(RootStore, TheMachinesOwnBundleIsReadWhereAPathReachesIt) {
  auto broken_spec = lab::root_ca_spec("Broken Bundle Root CA", "Bundle");
  broken_spec.not_before = kAt - 3650 * lab::kDay;
  broken_spec.not_after = kAt + 3650 * lab::kDay;
  broken_spec.corrupt_signature = true;
  const auto broken = lab::mint(broken_spec, lab::KeyPair::cached(lab::KeySpec::rsa(2048), 41));
  ASSERT_TRUE(broken.cert->self_issued);
  ASSERT_FALSE(broken.cert->self_signed());

  auto leaf = issue(*ent_, server("pool.contoso.com", {"pool.contoso.com"}));
  const auto ev = evidence({&leaf, &ent_->intermediate}, "pool.contoso.com");
  evidence::TrustInputs t;
  t.public_roots = {broken.cert, ent_->root.cert};
  t.public_roots_are_system_store = true;
  auto j = judge_for(ev, {"browser"}, t);
  EXPECT_EQ(find(j, kRule), nullptr) << describe(j);
  EXPECT_TRUE(not_applicable(j, kRule));
  EXPECT_EQ(verdict(j, "browser"), Verdict::kPass) << describe(j);

  // The same certificates given with --public-roots: the administrator's own store, read whole.
  t.public_roots_are_system_store = false;
  j = judge_for(ev, {"browser"}, t);
  const auto* f = find(j, kRule, "browser");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->details.at("thumbprint"), broken.cert->sha1_thumbprint);

  // In the bundle, a certificate that is not self-issued is reported though no path reaches it.
  const Ca other = make_ca("Fabrikam Bundle", 42);
  t.public_roots = {other.intermediate.cert, ent_->root.cert};
  t.public_roots_are_system_store = true;
  j = judge_for(ev, {"browser"}, t);
  f = find(j, kRule, "browser");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->details.at("thumbprint"), other.intermediate.cert->sha1_thumbprint);

  // And the broken self-issued one is reported once a client's path ends on it.
  auto under_broken_spec = server("meet.contoso.com", {"meet.contoso.com"});
  const auto under_broken = lab::mint(under_broken_spec, lab::KeyPair::cached(lab::KeySpec::rsa(2048), 0), &broken);
  t.public_roots = {broken.cert, ent_->root.cert};
  j = judge_for(evidence({&under_broken}, "meet.contoso.com"), {"browser"}, t);
  f = find(j, kRule, "browser");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->details.at("thumbprint"), broken.cert->sha1_thumbprint);
}

}  // namespace
}  // namespace uccert::testing
