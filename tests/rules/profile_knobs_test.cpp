// Rules that concern only some clients read profile knobs, never profile ids: a user-defined
// profile opts in to each (wildcard_cn, cn_must_be_dialled, explicit_names_first, chain_order,
// cdp_expected, sha2_uncertain, tls_key_usage, key_algorithms; docs/profiles.md).
#include <gtest/gtest.h>

#include "fixtures/rules_fixtures.h"

namespace uccert::testing {
namespace {

using rules::Severity;

class ProfileKnobs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ca_ = new Ca(make_ca("Contoso", 0)); }
  static void TearDownTestSuite() {
    delete ca_;
    ca_ = nullptr;
  }

  // A profiles file defining "my-client" from a built-in profile, with `keys` added.
  static profiles::ProfileSet user_profiles(const std::string& keys, const std::string& base = "browser") {
    const std::string toml =
        "[[profile]]\nid = \"my-client\"\nbase = \"" + base + "\"\nname = \"My client\"\n" + keys + "\n";
    auto set = profiles::merge_profiles(profiles::builtin_profiles(), toml, "mine.toml");
    EXPECT_TRUE(set.ok()) << set.error().message;
    return set.ok() ? *set : profiles::ProfileSet{};
  }

  // The severity of finding `id` for "my-client" (nullopt: not reported for it).
  static std::optional<Severity> severity_of(const std::string& id, const std::vector<const lab::Minted*>& chain,
                                             const std::string& keys, const std::string& base = "browser") {
    const auto set = user_profiles(keys, base);
    const auto* mine = set.find("my-client");
    if (mine == nullptr) return std::nullopt;
    evidence::TrustInputs t;
    t.public_roots = {ca_->root.cert};
    t.enterprise_roots = {ca_->root.cert};
    rules::JudgeOptions options;
    options.at = kAt;
    const auto j = judge::judge(evidence(chain, "sip.contoso.com"), {mine}, t, options);
    const auto* f = find(j, id, "my-client");
    if (f == nullptr) return std::nullopt;
    return f->severity;
  }

  static std::optional<Severity> severity_for_leaf(const std::string& id, const lab::CertSpec& spec,
                                                   const std::string& keys) {
    auto leaf = issue(*ca_, spec);
    return severity_of(id, {&leaf, &ca_->intermediate}, keys);
  }

  static Ca* ca_;
};

Ca* ProfileKnobs::ca_ = nullptr;

TEST_F(ProfileKnobs, WildcardCn) {
  const auto spec = server("*.contoso.com", {"*.contoso.com", "sip.contoso.com"});
  EXPECT_EQ(severity_for_leaf("name.wildcard-cn", spec, ""), std::nullopt);
  EXPECT_EQ(severity_for_leaf("name.wildcard-cn", spec, "wildcard_cn = \"accept\""), std::nullopt);
  EXPECT_EQ(severity_for_leaf("name.wildcard-cn", spec, "wildcard_cn = \"warn\""), Severity::kWarn);
  EXPECT_EQ(severity_for_leaf("name.wildcard-cn", spec, "wildcard_cn = \"reject\""), Severity::kFail);
}

TEST_F(ProfileKnobs, CnMustBeDialled) {
  const auto spec = server("edge-int.corp.contoso.com", {"sip.contoso.com"});
  EXPECT_EQ(severity_for_leaf("name.cn-not-dialled", spec, ""), std::nullopt);
  EXPECT_EQ(severity_for_leaf("name.cn-not-dialled", spec, "cn_must_be_dialled = true"), Severity::kFail);
}

TEST_F(ProfileKnobs, ExplicitNamesFirst) {
  const auto spec = server("sip.contoso.com", {"*.contoso.com", "sip.contoso.com"});
  EXPECT_EQ(severity_for_leaf("name.wildcard-before-fqdn", spec, ""), std::nullopt);
  EXPECT_EQ(severity_for_leaf("name.wildcard-before-fqdn", spec, "explicit_names_first = true"), Severity::kWarn);
}

TEST_F(ProfileKnobs, ChainOrder) {
  auto leaf = issue(*ca_, server("sip.contoso.com", {"sip.contoso.com"}));
  const std::vector<const lab::Minted*> misordered{&leaf, &ca_->root, &ca_->intermediate};
  // A copy keeps its base's knob: the browser reads any order, iOS reads the list as sent.
  EXPECT_EQ(severity_of("chain.order", misordered, ""), Severity::kInfo);
  EXPECT_EQ(severity_of("chain.order", misordered, "", "mobile-ios"), Severity::kWarn);
  EXPECT_EQ(severity_of("chain.order", misordered, "chain_order = \"as-sent\""), Severity::kWarn);
  EXPECT_EQ(severity_of("chain.order", misordered, "chain_order = \"any\"", "mobile-ios"), Severity::kInfo);
}

TEST_F(ProfileKnobs, CdpExpected) {
  auto spec = server("sip.contoso.com", {"sip.contoso.com"});
  spec.crl_urls.clear();
  EXPECT_EQ(severity_for_leaf("ext.no-crl-distribution-point", spec, ""), Severity::kInfo);
  EXPECT_EQ(severity_for_leaf("ext.no-crl-distribution-point", spec, "cdp_expected = true"), Severity::kWarn);
}

TEST_F(ProfileKnobs, Sha2Uncertain) {
  const auto spec = server("sip.contoso.com", {"sip.contoso.com"});
  EXPECT_EQ(severity_for_leaf("sig.sha2-legacy-phone", spec, ""), std::nullopt);
  EXPECT_EQ(severity_for_leaf("sig.sha2-legacy-phone", spec, "sha2_uncertain = true"), Severity::kInfo);
}

// Both keyUsage rules read tls_key_usage, as path validation does: a copy of the browser that may
// still negotiate RSA key exchange warns where the browser fails.
TEST_F(ProfileKnobs, TlsKeyUsage) {
  auto encipherment_only = server("sip.contoso.com", {"sip.contoso.com"});
  encipherment_only.key_usage = lab::ku(pki::KeyUsageBit::kKeyEncipherment);
  const std::string id = "ext.key-usage-no-digital-signature";
  EXPECT_EQ(severity_for_leaf(id, encipherment_only, ""), Severity::kFail);
  EXPECT_EQ(severity_for_leaf(id, encipherment_only, "tls_key_usage = \"rsa-key-exchange\""), Severity::kWarn);

  auto cert_sign = server("sip.contoso.com", {"sip.contoso.com"});
  cert_sign.key_usage = lab::ku(pki::KeyUsageBit::kDigitalSignature, pki::KeyUsageBit::kKeyEncipherment,
                                pki::KeyUsageBit::kKeyCertSign);
  EXPECT_EQ(severity_for_leaf("ext.key-usage-cert-sign-on-leaf", cert_sign, ""), Severity::kFail);
  EXPECT_EQ(severity_for_leaf("ext.key-usage-cert-sign-on-leaf", cert_sign, "tls_key_usage = \"rsa-key-exchange\""),
            Severity::kWarn);
}

}  // namespace
}  // namespace uccert::testing
