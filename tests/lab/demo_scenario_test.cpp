// The demo deployment has the properties each scenario's story claims. Files are read back with
// OpenSSL directly, so a scenario whose certificate does not show its mistake fails here.
#include "uccert/lab/demo_scenario.h"

#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "uccert/lab/mint.h"

namespace uccert::lab {
namespace {

namespace fs = std::filesystem;

constexpr pki::UnixTime kAt = 1800000000;  // 2027-01-15T08:00:00Z: the demo's "now"

std::vector<pki::X509Ptr> read_chain(const fs::path& p) {
  std::vector<pki::X509Ptr> out;
  pki::BioPtr bio(BIO_new_file(p.c_str(), "r"));
  if (!bio) return out;
  while (X509* x = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) out.emplace_back(x);
  ERR_clear_error();
  return out;
}

std::string cn_of(const X509_NAME* n) {
  const int idx = X509_NAME_get_index_by_NID(n, NID_commonName, -1);
  if (idx < 0) return "";
  const ASN1_STRING* s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, idx));
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<std::size_t>(ASN1_STRING_length(s)));
}
std::string subject_cn(X509* x) {
  return cn_of(X509_get_subject_name(x));
}
std::string issuer_cn(X509* x) {
  return cn_of(X509_get_issuer_name(x));
}

// DNS names of the SAN; nullopt when there is no SAN extension.
std::optional<std::vector<std::string>> san_dns(X509* x) {
  pki::GeneralNamesPtr names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(x, NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return std::nullopt;
  std::vector<std::string> out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    int type = 0;
    auto* v =
        static_cast<ASN1_STRING*>(GENERAL_NAME_get0_value(sk_GENERAL_NAME_value(names.get(), i), &type));
    if (type == GEN_DNS)
      out.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(v)),
                       static_cast<std::size_t>(ASN1_STRING_length(v)));
  }
  return out;
}

pki::UnixTime unix_of(const ASN1_TIME* t) {
  struct tm tm {};
  EXPECT_EQ(ASN1_TIME_to_tm(t, &tm), 1);
  return static_cast<pki::UnixTime>(timegm(&tm));
}

bool valid_at(X509* x, pki::UnixTime t) {
  return unix_of(X509_get0_notBefore(x)) <= t && t <= unix_of(X509_get0_notAfter(x));
}

bool signed_by(X509* subject, X509* issuer) {
  const bool ok =
      X509_check_issued(issuer, subject) == X509_V_OK && X509_verify(subject, X509_get0_pubkey(issuer)) == 1;
  ERR_clear_error();
  return ok;
}

bool der_equal(X509* a, X509* b) {
  return X509_cmp(a, b) == 0;
}

bool has(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// The value after `flag` in the options (first occurrence), "" when absent.
std::string option(const DemoScenario& s, std::string_view flag) {
  for (std::size_t i = 0; i + 1 < s.options.size(); ++i)
    if (s.options[i] == flag) return s.options[i + 1];
  return "";
}
std::vector<std::string> profiles(const DemoScenario& s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i + 1 < s.options.size(); ++i)
    if (s.options[i] == "--profile") out.push_back(s.options[i + 1]);
  return out;
}

class DemoScenarioTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string tmpl = (fs::temp_directory_path() / "uccert-demo-XXXXXX").string();
    dir_ = new fs::path(mkdtemp(tmpl.data()));
    auto d = mint_demo(*dir_ / "out", kAt, DemoKeys::kCached);
    ASSERT_TRUE(d) << d.error().message;
    deployment_ = new DemoDeployment(std::move(*d));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete deployment_;
    delete dir_;
  }

  static const DemoScenario& scenario(std::string_view id) {
    for (const auto& s : deployment_->scenarios)
      if (s.id == id) return s;
    throw std::runtime_error("no scenario " + std::string(id));
  }
  static fs::path file(std::string_view name) { return deployment_->dir / name; }
  static std::vector<pki::X509Ptr> chain_of(std::string_view id) { return read_chain(scenario(id).file); }
  static pki::X509Ptr one(std::string_view name) {
    auto c = read_chain(file(name));
    EXPECT_EQ(c.size(), 1U) << name;
    return c.empty() ? nullptr : std::move(c[0]);
  }

  static fs::path* dir_;
  static DemoDeployment* deployment_;
};

fs::path* DemoScenarioTest::dir_ = nullptr;
DemoDeployment* DemoScenarioTest::deployment_ = nullptr;

TEST_F(DemoScenarioTest, WritesEveryScenarioTheStoryNeeds) {
  std::vector<std::string> ids;
  for (const auto& s : deployment_->scenarios) ids.push_back(s.id);
  for (const char* id :
       {"s01-fe-wildcard-sip", "s01-fe-fixed", "s05-um-wildcard-cn", "s06-um-cn-mail", "s05-um-fixed",
        "s09-edge-internal-ca", "s09-edge-mobile-root", "s10-edge-leaf-only", "s10-edge-full-chain",
        "s07-not-yet-valid", "s14-exchange-web-public", "s14-exchange-web-trustedcacerts"})
    EXPECT_TRUE(has(ids, id)) << id;
  std::map<std::string, int> seen;
  for (const auto& id : ids) EXPECT_EQ(++seen[id], 1) << "duplicate id " << id;
  EXPECT_TRUE(deployment_->dir.is_absolute());
  EXPECT_EQ(deployment_->dir, *dir_ / "out");
}

TEST_F(DemoScenarioTest, EveryReferencedFileExists) {
  for (const auto& f : deployment_->files) EXPECT_TRUE(fs::is_regular_file(f)) << f;
  for (const auto& s : deployment_->scenarios) {
    EXPECT_TRUE(fs::path(s.file).is_absolute()) << s.id;
    EXPECT_FALSE(read_chain(s.file).empty()) << s.id << ": " << s.file;
    for (const char* flag :
         {"--enterprise-root", "--public-roots", "--pool-cert", "--trusted-ca-cert", "--mobile-root"}) {
      const std::string p = option(s, flag);
      if (!p.empty()) {
        EXPECT_FALSE(read_chain(p).empty()) << s.id << " " << flag << " " << p;
      }
    }
    EXPECT_FALSE(profiles(s).empty()) << s.id;
    EXPECT_FALSE(s.description.empty()) << s.id;
  }
}

TEST_F(DemoScenarioTest, ScenariosFileRoundTrips) {
  std::ifstream in(file(demo_file::kScenarios));
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  auto parsed = parse_scenarios_tsv(text);
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->size(), deployment_->scenarios.size());
  for (std::size_t i = 0; i < parsed->size(); ++i) {
    const auto& a = (*parsed)[i];
    const auto& b = deployment_->scenarios[i];
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.description, b.description);
    EXPECT_EQ(a.file, b.file);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.options, b.options);
    EXPECT_EQ(a.expect, b.expect);
  }
  // One line per scenario plus the comment header.
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), static_cast<long>(deployment_->scenarios.size()) + 1);
}

TEST_F(DemoScenarioTest, TsvParserRejectsShortLinesAndKeepsOptions) {
  auto ok = parse_scenarios_tsv("# c\n\na\tb\tc\td\tp1:warn,p2:pass\t--x\ty z\n");
  ASSERT_TRUE(ok) << ok.error().message;
  ASSERT_EQ(ok->size(), 1U);
  EXPECT_EQ((*ok)[0].options, (std::vector<std::string>{"--x", "y z"}));
  EXPECT_EQ((*ok)[0].command_args(), (std::vector<std::string>{"--name", "d", "--x", "y z", "c"}));
  using Expect = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ((*ok)[0].expect, (Expect{{"p1", "warn"}, {"p2", "pass"}}));
  EXPECT_EQ((*ok)[0].expected_exit(), 1);
  auto bad = parse_scenarios_tsv("a\tb\tc\td\n");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("line 1"), std::string::npos) << bad.error().message;
  auto bad_verdict = parse_scenarios_tsv("# c\na\tb\tc\td\tp1:maybe\n");
  ASSERT_FALSE(bad_verdict);
  EXPECT_NE(bad_verdict.error().message.find("line 2"), std::string::npos) << bad_verdict.error().message;
}

// The verdicts each story predicts (uc-rules "Seed scenarios" and client profiles).
TEST_F(DemoScenarioTest, ExpectationsFollowTheStories) {
  using Expect = std::vector<std::pair<std::string, std::string>>;
  for (const auto& s : deployment_->scenarios) {
    std::vector<std::string> expected_profiles;
    for (const auto& [profile, verdict] : s.expect) expected_profiles.push_back(profile);
    EXPECT_EQ(profiles(s), expected_profiles) << s.id;
  }
  EXPECT_EQ(scenario("s01-fe-wildcard-sip").expect,
            (Expect{{"lync-desktop", "pass"}, {"phone-edition-legacy", "fail"}, {"phone-edition", "warn"}}));
  EXPECT_EQ(scenario("s01-fe-wildcard-sip").expected_exit(), 2);
  EXPECT_EQ(scenario("s01-fe-fixed").expected_exit(), 0);
  EXPECT_EQ(scenario("s05-um-wildcard-cn").expect, (Expect{{"exchange-um-peer", "fail"}}));
  EXPECT_EQ(scenario("s06-um-cn-mail").expect, (Expect{{"exchange-um-peer", "fail"}}));
  EXPECT_EQ(scenario("s05-um-fixed").expect, (Expect{{"exchange-um-peer", "pass"}}));
  EXPECT_EQ(scenario("s09-edge-internal-ca").expect,
            (Expect{{"lync-desktop", "pass"}, {"mobile-ios", "fail"}, {"mobile-android", "fail"}}));
  EXPECT_EQ(scenario("s09-edge-mobile-root").expect, (Expect{{"mobile-ios", "pass"}}));
  EXPECT_EQ(scenario("s10-edge-leaf-only").expected_exit(), 2);
  EXPECT_EQ(scenario("s10-edge-full-chain").expected_exit(), 0);
  EXPECT_EQ(scenario("s07-not-yet-valid").expect, (Expect{{"lync-desktop", "fail"}}));
  EXPECT_EQ(scenario("s14-exchange-web-public").expect,
            (Expect{{"lync-desktop", "pass"}, {"phone-edition-legacy", "fail"}, {"phone-edition", "fail"}}));
  EXPECT_EQ(scenario("s14-exchange-web-trustedcacerts").expected_exit(), 0);
}

TEST_F(DemoScenarioTest, TwoSeparatePkis) {
  pki::X509Ptr ent_root = one(demo_file::kEnterpriseRoot);
  pki::X509Ptr ent_issuing = one(demo_file::kEnterpriseIssuing);
  pki::X509Ptr pub_root = one(demo_file::kPublicRoot);
  pki::X509Ptr pub_inter = one(demo_file::kPublicIntermediate);
  ASSERT_TRUE(ent_root && ent_issuing && pub_root && pub_inter);
  EXPECT_EQ(subject_cn(ent_root.get()), "Contoso Enterprise Root CA");
  EXPECT_EQ(subject_cn(ent_issuing.get()), "Contoso Issuing CA");
  EXPECT_EQ(subject_cn(pub_root.get()), "Example Public Root CA");
  EXPECT_TRUE(signed_by(ent_root.get(), ent_root.get()));
  EXPECT_TRUE(signed_by(pub_root.get(), pub_root.get()));
  EXPECT_TRUE(signed_by(ent_issuing.get(), ent_root.get()));
  EXPECT_TRUE(signed_by(pub_inter.get(), pub_root.get()));
  EXPECT_FALSE(signed_by(ent_issuing.get(), pub_root.get()));
  EXPECT_NE(EVP_PKEY_eq(X509_get0_pubkey(ent_root.get()), X509_get0_pubkey(pub_root.get())), 1);
  for (X509* ca : {ent_root.get(), ent_issuing.get(), pub_root.get(), pub_inter.get()}) {
    EXPECT_EQ(X509_check_ca(ca), 1) << subject_cn(ca);
    EXPECT_TRUE(valid_at(ca, kAt)) << subject_cn(ca);
  }
}

TEST_F(DemoScenarioTest, S01WildcardDefaultLacksSip) {
  const auto& s = scenario("s01-fe-wildcard-sip");
  EXPECT_EQ(s.name, "sip.contoso.com");
  auto chain = chain_of(s.id);
  ASSERT_EQ(chain.size(), 2U);
  auto dns = san_dns(chain[0].get());
  ASSERT_TRUE(dns);
  EXPECT_EQ(*dns, (std::vector<std::string>{"pool01.corp.contoso.com", "*.contoso.com"}));
  EXPECT_FALSE(has(*dns, "sip.contoso.com"));
  EXPECT_NE(subject_cn(chain[0].get()), "sip.contoso.com");
  EXPECT_TRUE(signed_by(chain[0].get(), chain[1].get()));
  EXPECT_EQ(subject_cn(chain[1].get()), "Contoso Issuing CA");
  EXPECT_EQ(option(s, "--enterprise-root"), file(demo_file::kEnterpriseRoot).string());
  EXPECT_TRUE(has(profiles(s), "phone-edition-legacy"));
}

TEST_F(DemoScenarioTest, S01FixedListsSipExplicitlyWithoutWildcards) {
  const auto& s = scenario("s01-fe-fixed");
  auto chain = chain_of(s.id);
  ASSERT_EQ(chain.size(), 2U);
  auto dns = san_dns(chain[0].get());
  ASSERT_TRUE(dns);
  EXPECT_TRUE(has(*dns, "sip.contoso.com"));
  EXPECT_TRUE(has(*dns, "pool01.corp.contoso.com"));
  for (const auto& d : *dns) EXPECT_EQ(d.find('*'), std::string::npos) << d;
  EXPECT_TRUE(signed_by(chain[0].get(), chain[1].get()));
  EXPECT_EQ(issuer_cn(chain[0].get()), "Contoso Issuing CA");
}

TEST_F(DemoScenarioTest, S05UmWildcardCommonName) {
  const auto& s = scenario("s05-um-wildcard-cn");
  EXPECT_EQ(s.name, "exch01.contoso.com");
  auto chain = chain_of(s.id);
  ASSERT_EQ(chain.size(), 2U);
  EXPECT_EQ(subject_cn(chain[0].get()), "*.contoso.com");
  EXPECT_EQ(issuer_cn(chain[0].get()), "Example Public TLS CA");
  EXPECT_TRUE(signed_by(chain[0].get(), chain[1].get()));
  EXPECT_EQ(profiles(s), (std::vector<std::string>{"exchange-um-peer"}));
}

TEST_F(DemoScenarioTest, S06UmNameOnlyInSan) {
  const auto& s = scenario("s06-um-cn-mail");
  EXPECT_EQ(s.name, "exch01.contoso.com");
  auto chain = chain_of(s.id);
  ASSERT_EQ(chain.size(), 2U);
  EXPECT_EQ(subject_cn(chain[0].get()), "mail.contoso.com");
  auto dns = san_dns(chain[0].get());
  ASSERT_TRUE(dns);
  EXPECT_TRUE(has(*dns, "exch01.contoso.com"));
  EXPECT_EQ(issuer_cn(chain[0].get()), "Contoso Issuing CA");
}

TEST_F(DemoScenarioTest, UmFixedHasCnAndNoSan) {
  auto chain = chain_of("s05-um-fixed");
  ASSERT_EQ(chain.size(), 2U);
  EXPECT_EQ(subject_cn(chain[0].get()), "exch01.contoso.com");
  EXPECT_FALSE(san_dns(chain[0].get()).has_value());
  EXPECT_TRUE(signed_by(chain[0].get(), chain[1].get()));
  EXPECT_EQ(subject_cn(chain[1].get()), "Contoso Issuing CA");
}

TEST_F(DemoScenarioTest, S09EdgeFromInternalCa) {
  const auto& s = scenario("s09-edge-internal-ca");
  EXPECT_EQ(s.name, "sip.contoso.com");
  auto chain = chain_of(s.id);
  ASSERT_EQ(chain.size(), 2U);
  EXPECT_EQ(issuer_cn(chain[0].get()), "Contoso Issuing CA");
  auto dns = san_dns(chain[0].get());
  ASSERT_TRUE(dns);
  EXPECT_TRUE(has(*dns, "sip.contoso.com"));
  EXPECT_TRUE(has(profiles(s), "mobile-ios"));
  EXPECT_EQ(option(s, "--mobile-root"), "");

  const auto& fixed = scenario("s09-edge-mobile-root");
  EXPECT_EQ(fixed.file, s.file);
  EXPECT_EQ(option(fixed, "--mobile-root"), file(demo_file::kEnterpriseRoot).string());
}

TEST_F(DemoScenarioTest, S10PublicEdgeWithoutAndWithIntermediate) {
  auto leaf_only = chain_of("s10-edge-leaf-only");
  auto full = chain_of("s10-edge-full-chain");
  ASSERT_EQ(leaf_only.size(), 1U);
  ASSERT_EQ(full.size(), 2U);
  EXPECT_TRUE(der_equal(leaf_only[0].get(), full[0].get()));
  EXPECT_EQ(issuer_cn(leaf_only[0].get()), "Example Public TLS CA");
  pki::X509Ptr pub_inter = one(demo_file::kPublicIntermediate);
  pki::X509Ptr pub_root = one(demo_file::kPublicRoot);
  EXPECT_TRUE(der_equal(full[1].get(), pub_inter.get()));
  EXPECT_TRUE(signed_by(full[0].get(), full[1].get()));
  EXPECT_FALSE(signed_by(leaf_only[0].get(), pub_root.get()));  // the root alone cannot finish the chain
  const auto& s = scenario("s10-edge-leaf-only");
  EXPECT_EQ(option(s, "--public-roots"), file(demo_file::kPublicRoot).string());
  EXPECT_EQ(option(s, "--enterprise-root"), "");
  // Public CAs issue for less than 398 days.
  EXPECT_LT(unix_of(X509_get0_notAfter(full[0].get())) - unix_of(X509_get0_notBefore(full[0].get())),
            398 * kDay);
}

TEST_F(DemoScenarioTest, S07ValidFromTomorrowOnly) {
  auto chain = chain_of("s07-not-yet-valid");
  ASSERT_EQ(chain.size(), 2U);
  EXPECT_EQ(unix_of(X509_get0_notBefore(chain[0].get())), kAt + kDay);
  EXPECT_FALSE(valid_at(chain[0].get(), kAt));
  EXPECT_TRUE(valid_at(chain[0].get(), kAt + 2 * kDay));
  auto dns = san_dns(chain[0].get());
  ASSERT_TRUE(dns);
  EXPECT_TRUE(has(*dns, scenario("s07-not-yet-valid").name));  // only the date is wrong
}

TEST_F(DemoScenarioTest, S14ExchangeWebFromPublicCaJudgedWithAndWithoutTrustedCaCerts) {
  const auto& s = scenario("s14-exchange-web-public");
  const auto& fixed = scenario("s14-exchange-web-trustedcacerts");
  EXPECT_EQ(s.name, "mail.contoso.com");
  EXPECT_EQ(s.file, fixed.file);
  auto chain = chain_of(s.id);
  ASSERT_EQ(chain.size(), 2U);
  EXPECT_EQ(subject_cn(chain[0].get()), "mail.contoso.com");
  EXPECT_EQ(issuer_cn(chain[0].get()), "Example Public TLS CA");
  // The pool certificate comes from the other (enterprise) CA.
  const std::string pool = option(s, "--pool-cert");
  EXPECT_EQ(pool, file(demo_file::kFrontEndGood).string());
  auto pool_chain = read_chain(pool);
  ASSERT_FALSE(pool_chain.empty());
  EXPECT_EQ(issuer_cn(pool_chain[0].get()), "Contoso Issuing CA");
  EXPECT_EQ(option(s, "--trusted-ca-cert"), "");
  EXPECT_EQ(option(fixed, "--trusted-ca-cert"), file(demo_file::kPublicRoot).string());
  for (const auto* sc : {&s, &fixed}) {
    EXPECT_TRUE(has(profiles(*sc), "phone-edition-legacy"));
    EXPECT_TRUE(has(profiles(*sc), "phone-edition"));
  }
}

TEST_F(DemoScenarioTest, EveryLeafButS07IsValidNow) {
  for (const auto& s : deployment_->scenarios) {
    auto chain = read_chain(s.file);
    ASSERT_FALSE(chain.empty()) << s.id;
    EXPECT_EQ(valid_at(chain[0].get(), kAt), s.id != "s07-not-yet-valid") << s.id;
  }
}

TEST_F(DemoScenarioTest, UrlsStayOnLoopback) {
  for (const auto& s : deployment_->scenarios) {
    for (const auto& c : read_chain(s.file)) {
      pki::OpenSslPtr<AUTHORITY_INFO_ACCESS, AUTHORITY_INFO_ACCESS_free> aia(
          static_cast<AUTHORITY_INFO_ACCESS*>(X509_get_ext_d2i(c.get(), NID_info_access, nullptr, nullptr)));
      for (int i = 0; aia && i < sk_ACCESS_DESCRIPTION_num(aia.get()); ++i) {
        const GENERAL_NAME* gn = sk_ACCESS_DESCRIPTION_value(aia.get(), i)->location;
        ASSERT_EQ(gn->type, GEN_URI);
        const std::string url(
            reinterpret_cast<const char*>(ASN1_STRING_get0_data(gn->d.uniformResourceIdentifier)),
            static_cast<std::size_t>(ASN1_STRING_length(gn->d.uniformResourceIdentifier)));
        EXPECT_EQ(url.rfind("http://127.0.0.1:", 0), 0U) << s.id << ": " << url;
      }
    }
  }
}

TEST(DemoScenarioErrorTest, UnwritableFolderIsAnErrorNamingIt) {
  std::string tmpl = (fs::temp_directory_path() / "uccert-demo-XXXXXX").string();
  const fs::path dir = mkdtemp(tmpl.data());
  const fs::path blocker = dir / "a-file";
  std::ofstream(blocker) << "x";
  auto d = mint_demo(blocker / "sub", kAt, DemoKeys::kCached);
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().message.find(blocker.string()), std::string::npos) << d.error().message;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace uccert::lab
