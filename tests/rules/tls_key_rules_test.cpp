// What a TLS server leaf's key may be and do, per client: its keyUsage (ext.key-usage-no-digital-signature,
// ext.key-usage-cert-sign-on-leaf; RP-06, DR-06) and its key algorithm (key.algorithm-not-accepted; G-06,
// G-07, DR-06). Both are profile data (tls_key_usage, key_algorithms); the verdict follows path validation.
#include <gtest/gtest.h>

#include <map>

#include "fixtures/rules_fixtures.h"

namespace uccert::testing {
namespace {

using pki::KeyUsageBit;
using rules::Severity;
using rules::Verdict;

// Clients that may still negotiate TLS 1.0-1.2 RSA key exchange (tls_key_usage = "rsa-key-exchange").
const std::vector<std::string> kRsaKeyExchange{"lync-desktop", "phone-edition-legacy", "phone-edition",
                                               "exchange-um-peer", "ocs-interop"};
// Clients that sign every handshake with the key (tls_key_usage = "signature").
const std::vector<std::string> kSigning{"mobile-ios", "mobile-android", "teams-direct-routing", "browser"};

class TlsKeyRules : public ::testing::Test {
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
    t.enterprise_roots = {ca_->root.cert};
    return judge_for(evidence({&leaf, &ca_->intermediate}, "sip.contoso.com"), profiles, t);
  }
  static lab::CertSpec with_key_usage(std::uint16_t bits) {
    auto spec = server("sip.contoso.com", {"sip.contoso.com"});
    spec.key_usage = bits;
    return spec;
  }
  static Ca* ca_;
};
Ca* TlsKeyRules::ca_ = nullptr;

// Class 2: an RSA leaf with keyEncipherment only. TLS 1.3 and ECDHE need digitalSignature; only
// TLS 1.0-1.2 RSA key exchange does without it, so old stacks warn and the rest fail.
TEST_F(TlsKeyRules, KeyEnciphermentOnlyWarnsOldStacksFailsSigningClients) {
  auto j = check(with_key_usage(lab::ku(KeyUsageBit::kKeyEncipherment)));
  for (const auto& id : kRsaKeyExchange) {
    const auto* f = find(j, "ext.key-usage-no-digital-signature", id);
    ASSERT_NE(f, nullptr) << id << "\n" << describe(j);
    EXPECT_EQ(f->severity, Severity::kWarn) << id;
    EXPECT_NE(f->message.find("TLS 1.0-1.2 RSA key exchange"), std::string::npos) << f->message;
    EXPECT_EQ(f->problems, std::vector<std::string>{"ext.key-usage-no-digital-signature"});
    EXPECT_EQ(verdict(j, id), Verdict::kWarn) << id << "\n" << describe(j);
    EXPECT_TRUE(j.find(id)->path.valid()) << id;
  }
  for (const auto& id : kSigning) {
    const auto* f = find(j, "ext.key-usage-no-digital-signature", id);
    ASSERT_NE(f, nullptr) << id << "\n" << describe(j);
    EXPECT_EQ(f->severity, Severity::kFail) << id;
    EXPECT_NE(f->message.find("TLS 1.3"), std::string::npos) << f->message;
    EXPECT_NE(f->fix.find("Digital Signature and Key Encipherment"), std::string::npos) << f->fix;
    EXPECT_EQ(verdict(j, id), Verdict::kFail) << id;
    EXPECT_FALSE(j.find(id)->path.valid()) << id;
  }
  EXPECT_EQ(find(j, "path.ext.key-usage-no-digital-signature"), nullptr) << describe(j);
}

// Without keyEncipherment either (dataEncipherment; or a CA's keyCertSign and cRLSign), no TLS
// version can use the key: every client fails.
TEST_F(TlsKeyRules, NeitherSigningNorKeyEnciphermentFailsEveryClient) {
  for (auto bits :
       {lab::ku(KeyUsageBit::kDataEncipherment), lab::ku(KeyUsageBit::kKeyCertSign, KeyUsageBit::kCrlSign)}) {
    auto j = check(with_key_usage(bits));
    for (const auto& pj : j.profiles) {
      const auto* f = find(j, "ext.key-usage-no-digital-signature", pj.profile_id);
      ASSERT_NE(f, nullptr) << pj.profile_id << "\n" << describe(j);
      EXPECT_EQ(f->severity, Severity::kFail) << pj.profile_id;
      EXPECT_EQ(pj.verdict, Verdict::kFail) << pj.profile_id;
    }
  }
}

// keyCertSign on a server certificate that is not a CA: Chrome refuses a target that "looks like a
// CA" (as do the other signing clients, read strictly); the Windows chain engine accepts it, a
// CA/Browser Forum violation all the same.
TEST_F(TlsKeyRules, KeyCertSignOnALeafFailsSigningClientsWarnsTheRest) {
  auto j = check(with_key_usage(
      lab::ku(KeyUsageBit::kDigitalSignature, KeyUsageBit::kKeyEncipherment, KeyUsageBit::kKeyCertSign)));
  EXPECT_EQ(find(j, "ext.key-usage-no-digital-signature"), nullptr) << describe(j);
  for (const auto& id : kRsaKeyExchange) {
    const auto* f = find(j, "ext.key-usage-cert-sign-on-leaf", id);
    ASSERT_NE(f, nullptr) << id << "\n" << describe(j);
    EXPECT_EQ(f->severity, Severity::kWarn) << id;
    EXPECT_EQ(verdict(j, id), Verdict::kWarn) << id << "\n" << describe(j);
  }
  for (const auto& id : kSigning) {
    const auto* f = find(j, "ext.key-usage-cert-sign-on-leaf", id);
    ASSERT_NE(f, nullptr) << id << "\n" << describe(j);
    EXPECT_EQ(f->severity, Severity::kFail) << id;
    EXPECT_EQ(f->problems, std::vector<std::string>{"ext.key-cert-sign-without-ca"});
    EXPECT_EQ(verdict(j, id), Verdict::kFail) << id;
  }
  EXPECT_EQ(find(j, "path.ext.key-cert-sign-without-ca"), nullptr) << describe(j);
}

// An ECDSA leaf cannot do RSA key exchange: without digitalSignature it fails everywhere.
TEST_F(TlsKeyRules, EcLeafWithoutDigitalSignatureFailsEvenOldStacks) {
  auto j = check(with_key_usage(lab::ku(KeyUsageBit::kKeyAgreement)), lab::KeySpec::ec("P-256"),
                 {"lync-desktop", "browser"});
  for (const char* id : {"lync-desktop", "browser"}) {
    const auto* f = find(j, "ext.key-usage-no-digital-signature", id);
    ASSERT_NE(f, nullptr) << id << "\n" << describe(j);
    EXPECT_EQ(f->severity, Severity::kFail) << id;
  }
}

TEST_F(TlsKeyRules, DigitalSignatureAndKeyEnciphermentPassEveryClient) {
  auto j = check(with_key_usage(lab::ku(KeyUsageBit::kDigitalSignature, KeyUsageBit::kKeyEncipherment)));
  for (const auto& pj : j.profiles) EXPECT_EQ(pj.verdict, Verdict::kPass) << pj.profile_id << "\n" << describe(j);
}

// Class 5: an Ed25519 leaf. No built-in client lists Ed25519 (Chrome refuses it); where Microsoft
// documents nothing the finding says the stricter reading was taken and is marked uncertain.
TEST_F(TlsKeyRules, Ed25519LeafIsRefusedByEveryBuiltinClient) {
  auto j = check(server("sip.contoso.com", {"sip.contoso.com"}), lab::KeySpec::ed25519());
  const auto& set = profiles::builtin_profiles();
  for (const auto& pj : j.profiles) {
    const auto* f = find(j, "key.algorithm-not-accepted", pj.profile_id);
    ASSERT_NE(f, nullptr) << pj.profile_id << "\n" << describe(j);
    EXPECT_EQ(f->severity, Severity::kFail);
    EXPECT_EQ(f->cert_index, 0);
    EXPECT_EQ(f->details.at("algorithm"), "Ed25519");
    EXPECT_EQ(f->problems, std::vector<std::string>{"key.algorithm-not-accepted"});
    const bool uncertain = set.find(pj.profile_id)->key_algorithms_uncertain;
    EXPECT_EQ(f->uncertain, uncertain) << pj.profile_id;
    EXPECT_EQ(f->message.find("Microsoft does not document") != std::string::npos, uncertain) << f->message;
    EXPECT_EQ(pj.verdict, Verdict::kFail) << pj.profile_id;
    EXPECT_FALSE(pj.path.valid()) << pj.profile_id;
  }
  EXPECT_FALSE(find(j, "key.algorithm-not-accepted", "browser")->uncertain);
  EXPECT_TRUE(find(j, "key.algorithm-not-accepted", "phone-edition")->uncertain);
  EXPECT_EQ(find(j, "path.key.algorithm-not-accepted"), nullptr) << describe(j);
}

// ECDSA keys: the browser, Windows and iOS take the NIST curves; OCS 2007 R2 takes RSA only
// (G-07); phones, the UM peer and Direct Routing are read strictly (RSA only, uncertain); Android
// strictly takes P-256 and P-384.
TEST_F(TlsKeyRules, EcdsaLeavesPerClient) {
  const std::map<std::string, bool> p256_accepted{
      {"lync-desktop", true},      {"phone-edition-legacy", false}, {"phone-edition", false},
      {"mobile-ios", true},        {"mobile-android", true},        {"exchange-um-peer", false},
      {"ocs-interop", false},      {"teams-direct-routing", false}, {"browser", true}};
  auto j = check(server("sip.contoso.com", {"sip.contoso.com"}), lab::KeySpec::ec("P-256"));
  for (const auto& [id, accepted] : p256_accepted) {
    EXPECT_EQ(find(j, "key.algorithm-not-accepted", id) == nullptr, accepted) << id << "\n" << describe(j);
    EXPECT_EQ(verdict(j, id) == Verdict::kFail, !accepted) << id << "\n" << describe(j);
  }
  EXPECT_FALSE(find(j, "key.algorithm-not-accepted", "ocs-interop")->uncertain);
  EXPECT_TRUE(find(j, "key.algorithm-not-accepted", "teams-direct-routing")->uncertain);

  auto p521 = check(server("sip.contoso.com", {"sip.contoso.com"}), lab::KeySpec::ec("P-521"),
                    {"browser", "mobile-android"});
  EXPECT_EQ(verdict(p521, "browser"), Verdict::kPass) << describe(p521);
  ASSERT_NE(find(p521, "key.algorithm-not-accepted", "mobile-android"), nullptr) << describe(p521);
}

// The list is profile data: a profile that lists Ed25519 takes the same leaf.
TEST_F(TlsKeyRules, KeyAlgorithmsAreProfileData) {
  auto set = profiles::merge_profiles(profiles::builtin_profiles(),
                                      "[[profile]]\nid = \"ed-browser\"\nbase = \"browser\"\nname = \"Ed\"\n"
                                      "key_algorithms = [\"rsa\", \"ed25519\"]\n",
                                      "test.toml");
  ASSERT_TRUE(set.ok()) << set.error().message;
  auto leaf = lab::mint(server("sip.contoso.com", {"sip.contoso.com"}),
                        lab::KeyPair::cached(lab::KeySpec::ed25519(), 0), &ca_->intermediate);
  evidence::TrustInputs t;
  t.public_roots = {ca_->root.cert};
  rules::JudgeOptions o;
  o.at = kAt;
  auto j = judge::judge(evidence({&leaf, &ca_->intermediate}, "sip.contoso.com"),
                        {set->find("ed-browser"), set->find("browser")}, t, o);
  EXPECT_EQ(verdict(j, "ed-browser"), Verdict::kPass) << describe(j);
  EXPECT_EQ(verdict(j, "browser"), Verdict::kFail) << describe(j);
}

}  // namespace
}  // namespace uccert::testing
