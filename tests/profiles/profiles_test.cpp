// Client profiles: the nine built-ins carry the knobs docs/profiles.md documents, and profiles
// files are read strictly, every bad input giving one located line.
#include "uccert/profiles/client_profile.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace uccert::embedded {
extern const std::string_view profiles_toml;
}

namespace uccert::profiles {
namespace {

using names::CommonName;
using names::Wildcards;
using TS = TrustSource;

constexpr const char* kServerAuth = "1.3.6.1.5.5.7.3.1";

const ClientProfile& builtin(std::string_view id) {
  const ClientProfile* p = builtin_profiles().find(id);
  if (p == nullptr) throw std::runtime_error("no built-in profile " + std::string(id));
  return *p;
}

TEST(BuiltinProfiles, TheNineIdsOfTheDesign) {
  const std::vector<std::string> expected{"lync-desktop",     "phone-edition-legacy", "phone-edition",
                                          "mobile-ios",       "mobile-android",       "exchange-um-peer",
                                          "ocs-interop",      "teams-direct-routing", "browser"};
  EXPECT_EQ(builtin_profiles().ids(), expected);
}

TEST(BuiltinProfiles, EmbeddedBytesAreTheDataFile) {
  std::ifstream in(std::string(UCCERT_SOURCE_DIR) + "/data/profiles.toml", std::ios::binary);
  ASSERT_TRUE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), std::string(embedded::profiles_toml));
}

TEST(BuiltinProfiles, EveryProfileIsDescribedAndSourced) {
  for (const auto& p : builtin_profiles().profiles) {
    SCOPED_TRACE(p.id);
    EXPECT_FALSE(p.name.empty());
    EXPECT_FALSE(p.description.empty());
    EXPECT_GE(p.sources.size(), 3U);
    EXPECT_EQ(p.required_eku.value_or(""), kServerAuth);  // G-01: Server Authentication everywhere
    EXPECT_FALSE(p.trust.empty());
    EXPECT_GE(p.warn_rsa_bits, p.min_rsa_bits);
    EXPECT_EQ(p.eku_chaining, verify::EkuChaining::kIntersect);
  }
}

struct Knobs {
  const char* id;
  Wildcards wildcards;
  WildcardMatch wildcard_match;
  CommonName common_name;
  CnMatch cn_match;
  AiaFetch aia;
  std::vector<TS> trust;
  std::vector<TS> trust_warn;
  verify::AlgorithmPolicy algorithms;
  verify::PssPolicy pss;
  int min_rsa;
  int warn_rsa;
  std::optional<int> max_rsa;
  std::optional<int> max_validity_days;
};

using verify::AlgorithmPolicy;
using verify::PssPolicy;

// The documented knobs (docs/profiles.md), written out by hand from uc-rules.
const Knobs kKnobs[] = {
    {"lync-desktop", Wildcards::kLeftmostLabel, WildcardMatch::kAccept, CommonName::kFallback, CnMatch::kWarn,
     AiaFetch::kFetch, {TS::kPublicRoots, TS::kEnterpriseRoots}, {}, AlgorithmPolicy::kPermissive, PssPolicy::kReject,
     1024, 2048, std::nullopt, std::nullopt},
    {"phone-edition-legacy", Wildcards::kNone, WildcardMatch::kAccept, CommonName::kFallback, CnMatch::kWarn,
     AiaFetch::kNone, {TS::kPoolIssuer, TS::kTrustedCaCerts}, {}, AlgorithmPolicy::kPermissive, PssPolicy::kReject,
     1024, 2048, std::nullopt, std::nullopt},
    {"phone-edition", Wildcards::kLeftmostLabel, WildcardMatch::kWarn, CommonName::kFallback, CnMatch::kWarn,
     AiaFetch::kNone, {TS::kPoolIssuer, TS::kTrustedCaCerts}, {}, AlgorithmPolicy::kPermissive, PssPolicy::kReject,
     1024, 2048, std::nullopt, std::nullopt},
    {"mobile-ios", Wildcards::kLeftmostLabel, WildcardMatch::kAccept, CommonName::kIgnore, CnMatch::kAccept,
     AiaFetch::kNone, {TS::kPublicRoots, TS::kMobileRoots}, {}, AlgorithmPolicy::kModern, PssPolicy::kAllow, 2048,
     2048, std::nullopt, 825},
    {"mobile-android", Wildcards::kLeftmostLabel, WildcardMatch::kAccept, CommonName::kIgnore, CnMatch::kAccept,
     AiaFetch::kNone, {TS::kPublicRoots}, {TS::kMobileRoots}, AlgorithmPolicy::kModern, PssPolicy::kAllow, 2048,
     2048, std::nullopt, std::nullopt},
    {"exchange-um-peer", Wildcards::kNone, WildcardMatch::kAccept, CommonName::kOnly, CnMatch::kAccept,
     AiaFetch::kNone, {TS::kPublicRoots, TS::kEnterpriseRoots}, {}, AlgorithmPolicy::kPermissive, PssPolicy::kReject,
     1024, 2048, std::nullopt, std::nullopt},
    {"ocs-interop", Wildcards::kNone, WildcardMatch::kAccept, CommonName::kAlways, CnMatch::kAccept, AiaFetch::kNone,
     {TS::kPublicRoots, TS::kEnterpriseRoots}, {}, AlgorithmPolicy::kPermissive, PssPolicy::kReject, 1024, 2048,
     4096, std::nullopt},
    {"teams-direct-routing", Wildcards::kLeftmostLabel, WildcardMatch::kAccept, CommonName::kAlways,
     CnMatch::kAccept, AiaFetch::kNone, {TS::kPublicRoots}, {}, AlgorithmPolicy::kModern, PssPolicy::kAllow, 2048,
     2048, std::nullopt, std::nullopt},
    {"browser", Wildcards::kLeftmostLabel, WildcardMatch::kAccept, CommonName::kIgnore, CnMatch::kAccept,
     AiaFetch::kFetch, {TS::kPublicRoots, TS::kEnterpriseRoots}, {}, AlgorithmPolicy::kModern, PssPolicy::kAllow,
     2048, 2048, std::nullopt, std::nullopt},
};

class BuiltinKnobs : public ::testing::TestWithParam<Knobs> {};

TEST_P(BuiltinKnobs, AsDocumented) {
  const Knobs& k = GetParam();
  const ClientProfile& p = builtin(k.id);
  EXPECT_EQ(p.name_policy.wildcards, k.wildcards);
  EXPECT_EQ(p.wildcard_match, k.wildcard_match);
  EXPECT_EQ(p.name_policy.common_name, k.common_name);
  EXPECT_EQ(p.cn_match, k.cn_match);
  EXPECT_EQ(p.aia, k.aia);
  EXPECT_EQ(p.trust, k.trust);
  EXPECT_EQ(p.trust_warn, k.trust_warn);
  EXPECT_EQ(p.algorithms, k.algorithms);
  EXPECT_EQ(p.pss, k.pss);
  EXPECT_EQ(p.min_rsa_bits, k.min_rsa);
  EXPECT_EQ(p.warn_rsa_bits, k.warn_rsa);
  EXPECT_EQ(p.max_rsa_bits, k.max_rsa);
  EXPECT_EQ(p.max_validity_days, k.max_validity_days);
}

// The knobs that say which clients some rules concern (once per-profile tables in the rules),
// written out by hand from uc-rules: W-01/W-14 (wildcard CN), OCS-01/02 (CN = dialled name), W-11
// (explicit names first), K-08 (chain order), G-02/K-07 (CRL distribution point), K-03 (SHA-2),
// RP-04/MOB-04 (the mobile apps validate every certificate of the autodiscover walk).
struct RuleKnobs {
  const char* id;
  WildcardCn wildcard_cn;
  bool cn_must_be_dialled;
  bool explicit_names_first;
  ChainReading chain_order;
  bool cdp_expected;
  bool sha2_uncertain;
  bool walks_autodiscover;
};

const RuleKnobs kRuleKnobs[] = {
    {"lync-desktop", WildcardCn::kWarn, false, false, ChainReading::kAnyOrder, true, false, false},
    {"phone-edition-legacy", WildcardCn::kWarn, false, true, ChainReading::kAsSent, true, true, false},
    {"phone-edition", WildcardCn::kWarn, false, true, ChainReading::kAsSent, true, false, false},
    {"mobile-ios", WildcardCn::kAccept, false, false, ChainReading::kAsSent, false, false, true},
    {"mobile-android", WildcardCn::kAccept, false, false, ChainReading::kAsSent, false, false, true},
    {"exchange-um-peer", WildcardCn::kAccept, false, false, ChainReading::kAnyOrder, true, false, false},
    {"ocs-interop", WildcardCn::kReject, true, false, ChainReading::kAsSent, true, false, false},
    {"teams-direct-routing", WildcardCn::kAccept, false, false, ChainReading::kAsSent, false, false, false},
    {"browser", WildcardCn::kAccept, false, false, ChainReading::kAnyOrder, false, false, false},
};

class BuiltinRuleKnobs : public ::testing::TestWithParam<RuleKnobs> {};

TEST_P(BuiltinRuleKnobs, AsDocumented) {
  const RuleKnobs& k = GetParam();
  const ClientProfile& p = builtin(k.id);
  EXPECT_EQ(p.wildcard_cn, k.wildcard_cn);
  EXPECT_EQ(p.cn_must_be_dialled, k.cn_must_be_dialled);
  EXPECT_EQ(p.explicit_names_first, k.explicit_names_first);
  EXPECT_EQ(p.chain_order, k.chain_order);
  EXPECT_EQ(p.cdp_expected, k.cdp_expected);
  EXPECT_EQ(p.sha2_uncertain, k.sha2_uncertain);
  EXPECT_EQ(p.walks_autodiscover, k.walks_autodiscover);
}

INSTANTIATE_TEST_SUITE_P(Profiles, BuiltinRuleKnobs, ::testing::ValuesIn(kRuleKnobs),
                         [](const ::testing::TestParamInfo<RuleKnobs>& param) {
                           std::string s = param.param.id;
                           std::replace(s.begin(), s.end(), '-', '_');
                           return s;
                         });

TEST(BuiltinProfiles, RuleKnobsCoverEveryProfile) {
  EXPECT_EQ(std::size(kRuleKnobs), builtin_profiles().profiles.size());
}

INSTANTIATE_TEST_SUITE_P(Profiles, BuiltinKnobs, ::testing::ValuesIn(kKnobs),
                         [](const ::testing::TestParamInfo<Knobs>& param) {
                           std::string s = param.param.id;
                           std::replace(s.begin(), s.end(), '-', '_');
                           return s;
                         });

TEST(BuiltinProfiles, SeedFacts) {
  // W-12 / S-01: legacy phones take no wildcard and fetch nothing.
  EXPECT_EQ(builtin("phone-edition-legacy").name_policy.wildcards, Wildcards::kNone);
  EXPECT_EQ(builtin("phone-edition-legacy").aia, AiaFetch::kNone);
  // LPE-01: phones trust the pool issuer and TrustedCACerts, not the public store.
  EXPECT_TRUE(builtin("phone-edition").trusts(TS::kPoolIssuer));
  EXPECT_FALSE(builtin("phone-edition").trusts(TS::kPublicRoots));
  // UM-02: CN only.
  EXPECT_EQ(builtin("exchange-um-peer").name_policy.common_name, CommonName::kOnly);
  // G-07 / K-06.
  EXPECT_EQ(builtin("ocs-interop").max_rsa_bits.value_or(0), 4096);
  EXPECT_EQ(builtin("teams-direct-routing").min_rsa_bits, 2048);
  // APPLE13: 825 days for certificates issued on or after 2019-07-01T00:00:00Z (= 1561939200).
  EXPECT_EQ(builtin("mobile-ios").max_validity_issued_after.value_or(0), 1561939200);
  EXPECT_EQ(builtin("mobile-ios").eku_required_from.value_or(0), 1561939200);
  EXPECT_FALSE(builtin("mobile-android").eku_required_from.has_value());  // (?) Android: warn only
  // DR-02: never an SBC under onmicrosoft.com.
  EXPECT_EQ(builtin("teams-direct-routing").forbidden_domains, std::vector<std::string>{"onmicrosoft.com"});
  EXPECT_TRUE(builtin("lync-desktop").forbidden_domains.empty());
  // Which server's commands a fix names.
  EXPECT_EQ(builtin("exchange-um-peer").server, profiles::ServerKind::kExchangeUm);
  EXPECT_EQ(builtin("teams-direct-routing").server, profiles::ServerKind::kSbc);
  EXPECT_EQ(builtin("phone-edition").server, profiles::ServerKind::kLync);
  EXPECT_TRUE(builtin("mobile-android").trusts_with_warning(TS::kMobileRoots));
  EXPECT_FALSE(builtin("mobile-android").trusts(TS::kMobileRoots));
  // Windows fetches missing intermediates; phones and mobiles do not.
  EXPECT_EQ(builtin("lync-desktop").aia, AiaFetch::kFetch);
  EXPECT_EQ(builtin("mobile-ios").aia, AiaFetch::kNone);
  const auto& um = builtin("exchange-um-peer").sources;
  EXPECT_NE(std::find(um.begin(), um.end(), "UM-02"), um.end());
}

// Key algorithms and the TLS key usage each built-in client's stack takes (docs/profiles.md):
// uncertain where Microsoft documents nothing and the stricter reading was taken.
struct KeyKnobs {
  const char* id;
  std::vector<verify::KeyAlgorithm> algorithms;
  bool uncertain;
  verify::TlsKeyUsage key_usage;
};

using KA = verify::KeyAlgorithm;
using verify::TlsKeyUsage;
const std::vector<KA> kRsaAndNistEc{KA::kRsa, KA::kEcP256, KA::kEcP384, KA::kEcP521};

const KeyKnobs kKeyKnobs[] = {
    {"lync-desktop", kRsaAndNistEc, false, TlsKeyUsage::kRsaKeyExchange},
    {"phone-edition-legacy", {KA::kRsa}, true, TlsKeyUsage::kRsaKeyExchange},
    {"phone-edition", {KA::kRsa}, true, TlsKeyUsage::kRsaKeyExchange},
    {"mobile-ios", kRsaAndNistEc, true, TlsKeyUsage::kSignature},
    {"mobile-android", {KA::kRsa, KA::kEcP256, KA::kEcP384}, true, TlsKeyUsage::kSignature},
    {"exchange-um-peer", {KA::kRsa}, true, TlsKeyUsage::kRsaKeyExchange},
    {"ocs-interop", {KA::kRsa}, false, TlsKeyUsage::kRsaKeyExchange},
    {"teams-direct-routing", {KA::kRsa}, true, TlsKeyUsage::kSignature},
    {"browser", kRsaAndNistEc, false, TlsKeyUsage::kSignature},
};

TEST(BuiltinProfiles, KeyAlgorithmsAndKeyUsageAsDocumented) {
  for (const auto& k : kKeyKnobs) {
    const ClientProfile& p = builtin(k.id);
    EXPECT_EQ(p.key_algorithms, k.algorithms) << k.id;
    EXPECT_EQ(p.key_algorithms_uncertain, k.uncertain) << k.id;
    EXPECT_EQ(p.tls_key_usage, k.key_usage) << k.id;
    const auto o = chain_options(p, 0);
    EXPECT_EQ(o.accepted_key_algorithms, std::optional<std::vector<KA>>(k.algorithms)) << k.id;
    EXPECT_EQ(o.tls_key_usage, k.key_usage) << k.id;
    EXPECT_EQ(o.min_rsa_bits, std::optional<int>(p.min_rsa_bits)) << k.id;
  }
  EXPECT_EQ(std::size(kKeyKnobs), builtin_profiles().profiles.size());
}

TEST(ChainOptions, FollowTheProfile) {
  const auto o = chain_options(builtin("lync-desktop"), 1700000000);
  EXPECT_EQ(o.at, 1700000000);
  EXPECT_EQ(o.required_eku.value_or(""), kServerAuth);
  EXPECT_EQ(o.pss, verify::PssPolicy::kReject);
  EXPECT_EQ(o.algorithms, verify::AlgorithmPolicy::kPermissive);
  EXPECT_EQ(chain_options(builtin("browser"), 0).algorithms, verify::AlgorithmPolicy::kModern);
}

TEST(Spellings, AreTheFileSpellings) {
  EXPECT_EQ(to_string(TS::kTrustedCaCerts), "trusted-ca-certs");
  EXPECT_EQ(to_string(Wildcards::kLeftmostLabel), "leftmost-label");
  EXPECT_EQ(to_string(CommonName::kOnly), "only");
  EXPECT_EQ(to_string(AiaFetch::kFetch), "fetch");
  EXPECT_EQ(to_string(WildcardMatch::kWarn), "warn");
  EXPECT_EQ(to_string(verify::PssPolicy::kReject), "reject");
  EXPECT_EQ(to_string(verify::EkuChaining::kRfc5280), "rfc5280");
  EXPECT_EQ(to_string(WildcardCn::kReject), "reject");
  EXPECT_EQ(to_string(ChainReading::kAnyOrder), "any");
  EXPECT_EQ(to_string(ChainReading::kAsSent), "as-sent");
  EXPECT_EQ(to_string(verify::KeyAlgorithm::kEcP384), "ec-p384");
  EXPECT_EQ(to_string(verify::KeyAlgorithm::kEd25519), "ed25519");
  EXPECT_EQ(to_string(verify::TlsKeyUsage::kRsaKeyExchange), "rsa-key-exchange");
}

// --- profiles files --------------------------------------------------------------------------

// A complete profile; tests append or replace lines.
constexpr const char* kMinimal =
    "[[profile]]\n"                           // line 1
    "id = \"my-phone\"\n"                      // 2
    "name = \"My phone\"\n"                    // 3
    "wildcards = \"none\"\n"                   // 4
    "common_name = \"fallback\"\n"             // 5
    "trust = [\"pool-issuer\"]\n"              // 6
    "aia = \"none\"\n"                         // 7
    "required_eku = \"1.3.6.1.5.5.7.3.1\"\n"   // 8
    "algorithms = \"permissive\"\n"            // 9
    "pss = \"reject\"\n"                       // 10
    "min_rsa_bits = 1024\n";                   // 11

// The TOML library recurses once per dotted part of a key or table name: 40,000 parts overflowed
// the stack (SIGSEGV). They are refused, in one line, before the library sees the text.
TEST(ProfilesFile, DeeplyDottedKeysAreRefusedNotACrash) {
  std::string dotted;
  for (int i = 0; i < 40000; ++i) dotted += i == 0 ? "a" : ".a";
  for (const std::string& text : {dotted + " = 1\n", "[" + dotted + "]\n", "x = 1\n[profile." + dotted + "]\n",
                                  "y = { " + dotted + " = 1 }\n"}) {
    auto r = parse_profiles(text, "deep.toml");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message.find('\n'), std::string::npos);
    EXPECT_EQ(r.error().message.rfind("deep.toml:", 0), 0U) << r.error().message;
    EXPECT_NE(r.error().message.find("more than 128 dotted parts"), std::string::npos) << r.error().message;
  }
  // Dots inside strings are text, not key parts.
  std::string description(5000, '.');
  auto ok = parse_profiles(std::string(kMinimal) + "description = \"" + description + "\"\n", "dots.toml");
  EXPECT_TRUE(ok) << ok.error().message;
}

TEST(ProfilesFile, EkuRequiredFromNeedsRequiredEku) {
  std::string text = std::string(kMinimal) + "eku_required_from = 2019-07-01\n";
  auto ok = parse_profiles(text, "my.toml");
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->profiles.at(0).eku_required_from.value_or(0), 1561939200);
  text.replace(text.find("\"1.3.6.1.5.5.7.3.1\""), 19, "\"none\"");
  auto refused = parse_profiles(text, "my.toml");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "my.toml:12: eku_required_from needs required_eku in profile \"my-phone\"");
}

TEST(ProfilesFile, KeyAlgorithmsAndKeyUsage) {
  auto set = parse_profiles(std::string(kMinimal) + "key_algorithms = [\"rsa\", \"ed25519\"]\n"
                                                    "key_algorithms_uncertain = true\n"
                                                    "tls_key_usage = \"rsa-key-exchange\"\n",
                            "my.toml");
  ASSERT_TRUE(set.ok()) << set.error().message;
  const auto& p = set->profiles[0];
  EXPECT_EQ(p.key_algorithms, (std::vector<KA>{KA::kRsa, KA::kEd25519}));
  EXPECT_TRUE(p.key_algorithms_uncertain);
  EXPECT_EQ(p.tls_key_usage, TlsKeyUsage::kRsaKeyExchange);
}

TEST(ProfilesFile, UncertainNamesKnobs) {
  auto set = parse_profiles(std::string(kMinimal) + "uncertain = [\"aia\", \"min_rsa_bits\"]\n", "my.toml");
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_TRUE(set->profiles[0].uncertain_about("aia"));
  EXPECT_TRUE(set->profiles[0].uncertain_about("min_rsa_bits"));
  EXPECT_FALSE(set->profiles[0].uncertain_about("pss"));
  auto refused = parse_profiles(std::string(kMinimal) + "uncertain = [\"colour\"]\n", "my.toml");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("uncertain"), std::string::npos) << refused.error().message;
  EXPECT_NE(refused.error().message.find("is not a knob a finding is drawn from"), std::string::npos)
      << refused.error().message;
  EXPECT_EQ(refused.error().message.find('\n'), std::string::npos);
}

TEST(ProfilesFile, WalksAutodiscoverIsABoolean) {
  auto set = parse_profiles(std::string(kMinimal) + "walks_autodiscover = true\n", "my.toml");
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_TRUE(set->profiles[0].walks_autodiscover);
  auto refused = parse_profiles(std::string(kMinimal) + "walks_autodiscover = \"yes\"\n", "my.toml");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("walks_autodiscover"), std::string::npos) << refused.error().message;
}

TEST(ProfilesFile, MinimalProfileDefaults) {
  auto set = parse_profiles(kMinimal, "my.toml");
  ASSERT_TRUE(set.ok()) << set.error().message;
  ASSERT_EQ(set->profiles.size(), 1U);
  const auto& p = set->profiles[0];
  EXPECT_EQ(p.id, "my-phone");
  EXPECT_EQ(p.wildcard_match, WildcardMatch::kAccept);
  EXPECT_EQ(p.cn_match, CnMatch::kAccept);
  EXPECT_EQ(p.wildcard_cn, WildcardCn::kAccept);
  EXPECT_FALSE(p.cn_must_be_dialled);
  EXPECT_FALSE(p.walks_autodiscover);
  EXPECT_FALSE(p.explicit_names_first);
  EXPECT_EQ(p.chain_order, ChainReading::kAsSent);
  EXPECT_FALSE(p.cdp_expected);
  EXPECT_FALSE(p.sha2_uncertain);
  EXPECT_EQ(p.eku_chaining, verify::EkuChaining::kIntersect);
  EXPECT_EQ(p.warn_rsa_bits, 2048);
  EXPECT_FALSE(p.max_rsa_bits.has_value());
  EXPECT_TRUE(p.sources.empty());
  // Unsaid, a profile takes what Chrome takes: the stricter reading.
  EXPECT_EQ(p.key_algorithms, kRsaAndNistEc);
  EXPECT_FALSE(p.key_algorithms_uncertain);
  EXPECT_EQ(p.tls_key_usage, TlsKeyUsage::kSignature);
}

struct BadInput {
  const char* what;
  std::string toml;
  std::string error;  // exact
};

std::string replace_line(std::string text, int line, const std::string& with) {
  std::istringstream in(text);
  std::string out, l;
  for (int n = 1; std::getline(in, l); ++n) out += (n == line ? with : l) + "\n";
  return out;
}

const BadInput kBad[] = {
    {"unknown key", std::string(kMinimal) + "wildcard = \"none\"\n",
     "my.toml:12: unknown key \"wildcard\" in profile \"my-phone\""},
    {"unknown enum value", replace_line(kMinimal, 4, "wildcards = \"leftmost\""),
     "my.toml:4: wildcards = \"leftmost\": unknown value in profile \"my-phone\" (expected one of: none, "
     "leftmost-label, partial-label)"},
    {"unknown common_name", replace_line(kMinimal, 5, "common_name = \"cn\""),
     "my.toml:5: common_name = \"cn\": unknown value in profile \"my-phone\" (expected one of: ignore, fallback, "
     "always, only)"},
    {"unknown trust source", replace_line(kMinimal, 6, "trust = [\"pool-issuer\", \"windows\"]"),
     "my.toml:6: trust: unknown trust source \"windows\" in profile \"my-phone\" (expected one of: public-roots, "
     "enterprise-roots, pool-issuer, trusted-ca-certs, mobile-roots)"},
    {"trust source twice", replace_line(kMinimal, 6, "trust = [\"pool-issuer\", \"pool-issuer\"]"),
     "my.toml:6: trust: \"pool-issuer\" listed twice in profile \"my-phone\""},
    {"empty trust", replace_line(kMinimal, 6, "trust = []"),
     "my.toml:6: trust is empty in profile \"my-phone\": the profile would trust no root"},
    {"trust and trust_warn overlap", std::string(kMinimal) + "trust_warn = [\"pool-issuer\"]\n",
     "my.toml:12: trust_warn: \"pool-issuer\" is also in trust in profile \"my-phone\""},
    {"missing required key", replace_line(kMinimal, 7, ""),
     "my.toml:1: missing required key aia in profile \"my-phone\""},
    {"missing id", replace_line(kMinimal, 2, ""), "my.toml:1: missing required key id"},
    {"bad id", replace_line(kMinimal, 2, "id = \"My Phone\""),
     "my.toml:2: id = \"My Phone\": use lower-case letters, digits and single hyphens (e.g. \"my-phone\")"},
    {"duplicate id", std::string(kMinimal) + "\n" + kMinimal,
     "my.toml:14: duplicate profile id \"my-phone\" (first defined on line 1)"},
    {"unknown wildcard_cn", std::string(kMinimal) + "wildcard_cn = \"fail\"\n",
     "my.toml:12: wildcard_cn = \"fail\": unknown value in profile \"my-phone\" (expected one of: accept, warn, "
     "reject)"},
    {"unknown chain_order", std::string(kMinimal) + "chain_order = \"sorted\"\n",
     "my.toml:12: chain_order = \"sorted\": unknown value in profile \"my-phone\" (expected one of: any, as-sent)"},
    {"knob not a boolean", std::string(kMinimal) + "cdp_expected = \"yes\"\n",
     "my.toml:12: cdp_expected must be true or false in profile \"my-phone\""},
    {"wrong type", replace_line(kMinimal, 11, "min_rsa_bits = \"1024\""),
     "my.toml:11: min_rsa_bits must be an integer in profile \"my-phone\""},
    {"out of range", replace_line(kMinimal, 11, "min_rsa_bits = -1"),
     "my.toml:11: min_rsa_bits = -1 is out of range (0..16384) in profile \"my-phone\""},
    {"warn below min", std::string(kMinimal) + "warn_rsa_bits = 512\n",
     "my.toml:12: warn_rsa_bits (512) is below min_rsa_bits (1024) in profile \"my-phone\""},
    {"bad EKU", replace_line(kMinimal, 8, "required_eku = \"serverAuth\""),
     "my.toml:8: required_eku = \"serverAuth\": not a dotted OID in profile \"my-phone\" (e.g. "
     "\"1.3.6.1.5.5.7.3.1\" for Server Authentication, or \"none\")"},
    {"date-time without offset", std::string(kMinimal) + "max_validity_days = 825\nmax_validity_issued_after = "
                                                         "2019-07-01T00:00:00\n",
     "my.toml:13: max_validity_issued_after: a date-time needs an offset (Z or +hh:mm) in profile \"my-phone\"; or "
     "give a date such as 2019-07-01"},
    {"validity date without days", std::string(kMinimal) + "max_validity_issued_after = 2019-07-01\n",
     "my.toml:12: max_validity_issued_after needs max_validity_days in profile \"my-phone\""},
    {"forbidden domain not a name", std::string(kMinimal) + "forbidden_domains = [\"*.onmicrosoft.com\"]\n",
     "my.toml:12: forbidden_domains: \"*.onmicrosoft.com\" is not a DNS name in profile \"my-phone\""},
    {"unknown server kind", std::string(kMinimal) + "server = \"exchange\"\n",
     "my.toml:12: server = \"exchange\": unknown value in profile \"my-phone\" (expected one of: lync, exchange-um, "
     "sbc)"},
    {"forbidden domain an address", std::string(kMinimal) + "forbidden_domains = [\"10.0.0.1\"]\n",
     "my.toml:12: forbidden_domains: \"10.0.0.1\" is not a DNS name in profile \"my-phone\""},
    {"bad source id", std::string(kMinimal) + "sources = [\"G 04\"]\n",
     "my.toml:12: sources: \"G 04\" is not a rule or source id (letters, digits, '-', ':', '_', '.') in profile "
     "\"my-phone\""},
    {"override of nothing", std::string(kMinimal) + "override = true\n",
     "my.toml:12: override = true, but there is no profile \"my-phone\" to override"},
    {"unknown base", "[[profile]]\nid = \"x\"\nname = \"X\"\nbase = \"nokia\"\n",
     "my.toml:4: base = \"nokia\": no such profile in profile \"x\""},
    {"base without name", std::string(kMinimal) + "[[profile]]\nid = \"x\"\nbase = \"my-phone\"\n",
     "my.toml:12: missing required key name in profile \"x\""},
    {"single table", "[profile]\nid = \"x\"\n",
     "my.toml:1: profile must be an array of tables: write [[profile]], not [profile] or profile = ..."},
    {"top-level key", "schema = 1\n" + std::string(kMinimal),
     "my.toml:1: unknown top-level key \"schema\" (a profiles file holds only [[profile]] tables)"},
    {"empty file", "", "my.toml:1: no [[profile]] tables"},
    {"unknown key algorithm", std::string(kMinimal) + "key_algorithms = [\"rsa\", \"ec-p192\"]\n",
     "my.toml:12: key_algorithms: unknown key algorithm \"ec-p192\" in profile \"my-phone\" (expected one of: rsa, "
     "ec-p256, ec-p384, ec-p521, ed25519, ed448)"},
    {"no key algorithm", std::string(kMinimal) + "key_algorithms = []\n",
     "my.toml:12: key_algorithms is empty in profile \"my-phone\": the profile would accept no key"},
    {"unknown key usage", std::string(kMinimal) + "tls_key_usage = \"none\"\n",
     "my.toml:12: tls_key_usage = \"none\": unknown value in profile \"my-phone\" (expected one of: signature, "
     "rsa-key-exchange)"},
    {"not TOML", "[[profile]]\nid = \"x\nname = 1\n", ""},  // toml++'s own description; checked by prefix
};

class BadProfiles : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadProfiles, OneLocatedLine) {
  const BadInput& b = GetParam();
  auto set = parse_profiles(b.toml, "my.toml");
  ASSERT_FALSE(set.ok());
  const std::string& msg = set.error().message;
  EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
  if (b.error.empty()) {
    EXPECT_EQ(msg.rfind("my.toml:2: TOML syntax: ", 0), 0U) << msg;
  } else {
    EXPECT_EQ(msg, b.error);
  }
}

INSTANTIATE_TEST_SUITE_P(Profiles, BadProfiles, ::testing::ValuesIn(kBad),
                         [](const ::testing::TestParamInfo<BadInput>& param) {
                           std::string s = std::to_string(param.index) + "_";
                           for (const char* c = param.param.what; *c; ++c)
                             s.push_back(std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_');
                           return s;
                         });

// --- user files on top of the built-ins ------------------------------------------------------

TEST(UserProfiles, BuiltinIdNeedsOverride) {
  auto set = merge_profiles(builtin_profiles(), replace_line(kMinimal, 2, "id = \"lync-desktop\""), "site.toml");
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().message,
            "site.toml:2: profile \"lync-desktop\" already exists (built in): set override = true to change it, or "
            "choose another id");
}

TEST(UserProfiles, OverrideChangesOnlyTheKeysGiven) {
  auto set = merge_profiles(builtin_profiles(),
                            "[[profile]]\nid = \"lync-desktop\"\noverride = true\naia = \"none\"\n", "site.toml");
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(set->ids(), builtin_profiles().ids());  // same order, nothing added
  const auto* p = set->find("lync-desktop");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->aia, AiaFetch::kNone);
  EXPECT_EQ(p->name_policy.wildcards, Wildcards::kLeftmostLabel);  // inherited
  EXPECT_EQ(p->pss, verify::PssPolicy::kReject);
  EXPECT_EQ(p->name, builtin("lync-desktop").name);
  // The built-in set itself is untouched.
  EXPECT_EQ(builtin("lync-desktop").aia, AiaFetch::kFetch);
}

TEST(UserProfiles, OverrideIsStillValidated) {
  auto set = merge_profiles(builtin_profiles(),
                            "[[profile]]\nid = \"ocs-interop\"\noverride = true\nmax_rsa_bits = 1024\n", "site.toml");
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().message,
            "site.toml:4: max_rsa_bits (1024) is below min_rsa_bits/warn_rsa_bits in profile \"ocs-interop\"");
}

TEST(UserProfiles, BaseStartsFromAnotherProfile) {
  // DR-07: GCC High accepts only DigiCert roots: a site profile trusting only enterprise roots.
  auto set = merge_profiles(builtin_profiles(),
                            "[[profile]]\n"
                            "id = \"teams-dr-gcch\"\n"
                            "base = \"teams-direct-routing\"\n"
                            "name = \"Direct Routing, GCC High\"\n"
                            "trust = [\"enterprise-roots\"]\n"
                            "sources = [\"DR-07\"]\n",
                            "site.toml");
  ASSERT_TRUE(set.ok()) << set.error().message;
  ASSERT_EQ(set->profiles.size(), 10U);
  const auto& p = set->profiles.back();
  EXPECT_EQ(p.id, "teams-dr-gcch");
  EXPECT_EQ(p.trust, std::vector<TS>{TS::kEnterpriseRoots});
  EXPECT_EQ(p.min_rsa_bits, 2048);  // from the base
  EXPECT_EQ(p.name_policy.common_name, CommonName::kAlways);
  EXPECT_EQ(p.sources, std::vector<std::string>{"DR-07"});
  EXPECT_TRUE(p.description.empty());
}

TEST(UserProfiles, OverrideAndBaseTogether) {
  auto set = merge_profiles(builtin_profiles(),
                            "[[profile]]\nid = \"browser\"\noverride = true\nbase = \"lync-desktop\"\n", "site.toml");
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().message,
            "site.toml:4: override = true and base cannot be combined in profile \"browser\" (an override starts "
            "from the profile it replaces)");
}

TEST(UserProfiles, LoadFile) {
  const auto dir = std::filesystem::temp_directory_path() / ("uccert-profiles-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = (dir / "site.toml").string();
  {
    std::ofstream out(path);
    out << kMinimal;
  }
  auto set = load_profiles_file(path);
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(set->profiles.size(), 10U);
  EXPECT_NE(set->find("my-phone"), nullptr);
  EXPECT_NE(set->find("lync-desktop"), nullptr);
  {
    std::ofstream out(path);
    out << kMinimal << "colour = \"blue\"\n";
  }
  set = load_profiles_file(path);
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().message, path + ":12: unknown key \"colour\" in profile \"my-phone\"");
  std::filesystem::remove_all(dir);

  set = load_profiles_file((dir / "missing.toml").string());
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().message, (dir / "missing.toml").string() + ": cannot open the profiles file");
}

TEST(UserProfiles, TheDocumentedExampleParses) {
  // docs/profiles.md shows a profiles file; it must stay valid.
  std::ifstream in(std::string(UCCERT_SOURCE_DIR) + "/docs/profiles.md");
  ASSERT_TRUE(in);
  std::string line, example;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!inside && line == "```toml") {
      inside = true;
    } else if (inside && line == "```") {
      break;
    } else if (inside) {
      example += line + "\n";
    }
  }
  ASSERT_FALSE(example.empty());
  auto set = merge_profiles(builtin_profiles(), example, "docs/profiles.md");
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(set->profiles.size(), 11U);
  EXPECT_EQ(set->find("lync-desktop")->aia, AiaFetch::kNone);
  EXPECT_EQ(set->find("teams-dr-gcch")->min_rsa_bits, 2048);
  EXPECT_EQ(set->find("polycom-vvx")->name_policy.wildcards, Wildcards::kNone);
  EXPECT_TRUE(set->find("polycom-vvx")->explicit_names_first);
}

}  // namespace
}  // namespace uccert::profiles

namespace uccert::profiles {
namespace {

// Hostile files: mutations of the built-in data never crash and always give one located line.
TEST(HostileProfiles, MutationsGiveOneLineErrors) {
  const std::string original(embedded::profiles_toml);
  std::uint32_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 1103515245U + 12345U;
    return (seed >> 8) & 0xffffffU;
  };
  const char noise[] = "=[]\"'#\n.,{}x1-_ \t\\";
  int errors = 0;
  for (int i = 0; i < 400; ++i) {
    std::string text = original;
    const int edits = 1 + static_cast<int>(next() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = next() % text.size();
      switch (next() % 3) {
        case 0: text.erase(at, 1 + next() % 8); break;
        case 1: text.insert(at, 1, noise[next() % (sizeof noise - 1)]); break;
        default: text[at] = noise[next() % (sizeof noise - 1)]; break;
      }
    }
    auto set = parse_profiles(text, "m.toml");
    if (set.ok()) continue;
    ++errors;
    const auto& msg = set.error().message;
    EXPECT_EQ(msg.rfind("m.toml:", 0), 0U) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
  }
  EXPECT_GT(errors, 100);  // the mutations do break the file
}

}  // namespace
}  // namespace uccert::profiles
