// The field-mistakes scenario's files have the properties each story claims. Files are read back
// with OpenSSL directly, so a scenario whose certificate does not show its mistake fails here.
#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "uccert/lab/check_list.h"
#include "uccert/lab/mint.h"
#include "uccert/lab/scenario.h"
#include "uccert/lab/scenario_mint.h"
#include "uccert/lab/session.h"

namespace uccert::lab {
namespace {

namespace fs = std::filesystem;

constexpr pki::UnixTime kAt = 1800000000;  // 2027-01-15T08:00:00Z: the scenario's "now"

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
std::string subject_cn(X509* x) { return cn_of(X509_get_subject_name(x)); }
std::string issuer_cn(X509* x) { return cn_of(X509_get_issuer_name(x)); }

// DNS names of the SAN; nullopt when there is no SAN extension.
std::optional<std::vector<std::string>> san_dns(X509* x) {
  pki::GeneralNamesPtr names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(x, NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return std::nullopt;
  std::vector<std::string> out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    int type = 0;
    auto* v = static_cast<ASN1_STRING*>(GENERAL_NAME_get0_value(sk_GENERAL_NAME_value(names.get(), i), &type));
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

bool has(const std::vector<std::string>& v, std::string_view s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// The value after `flag` in the options (first occurrence), "" when absent.
std::string option(const LabCheck& s, std::string_view flag) {
  for (std::size_t i = 0; i + 1 < s.options.size(); ++i)
    if (s.options[i] == flag) return s.options[i + 1];
  return "";
}
std::vector<std::string> profiles(const LabCheck& s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i + 1 < s.options.size(); ++i)
    if (s.options[i] == "--profile") out.push_back(s.options[i + 1]);
  return out;
}

class ScenarioFilesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string tmpl = (fs::temp_directory_path() / "uccert-scenario-XXXXXX").string();
    dir_ = new fs::path(mkdtemp(tmpl.data()));
    auto s = load_scenario("field-mistakes");
    ASSERT_TRUE(s) << s.error().message;
    scenario_ = new Scenario(std::move(*s));
    auto m = mint_scenario(*scenario_, *dir_, kAt, 1, LabKeys::kCached);
    ASSERT_TRUE(m) << m.error().message;
    minted_ = new MintedScenario(std::move(*m));
    checks_ = new std::vector<LabCheck>(file_checks(*scenario_, *minted_));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete checks_;
    delete minted_;
    delete scenario_;
    delete dir_;
  }

  static const LabCheck& check(std::string_view id) {
    for (const auto& s : *checks_)
      if (s.id == id) return s;
    throw std::runtime_error("no check " + std::string(id));
  }
  static std::vector<pki::X509Ptr> chain_of(std::string_view id) { return read_chain(check(id).target); }
  static pki::X509Ptr ca(const std::string& id) {
    auto c = read_chain(minted_->ca_file(id));
    EXPECT_EQ(c.size(), 1U) << id;
    return c.empty() ? nullptr : std::move(c[0]);
  }

  static fs::path* dir_;
  static Scenario* scenario_;
  static MintedScenario* minted_;
  static std::vector<LabCheck>* checks_;
};

fs::path* ScenarioFilesTest::dir_ = nullptr;
Scenario* ScenarioFilesTest::scenario_ = nullptr;
MintedScenario* ScenarioFilesTest::minted_ = nullptr;
std::vector<LabCheck>* ScenarioFilesTest::checks_ = nullptr;

TEST_F(ScenarioFilesTest, EveryCheckNamesFilesThatExist) {
  std::map<std::string, int> seen;
  for (const auto& s : *checks_) {
    EXPECT_EQ(++seen[s.id], 1) << "duplicate id " << s.id;
    EXPECT_TRUE(fs::path(s.target).is_absolute()) << s.id;
    EXPECT_FALSE(read_chain(s.target).empty()) << s.id << ": " << s.target;
    for (const char* flag :
         {"--enterprise-root", "--public-roots", "--pool-cert", "--trusted-ca-cert", "--mobile-root"}) {
      const std::string p = option(s, flag);
      if (!p.empty()) {
        EXPECT_FALSE(read_chain(p).empty()) << s.id << " " << flag << " " << p;
      }
    }
    std::vector<std::string> expected_profiles;
    for (const auto& [profile, verdict] : s.expect) expected_profiles.push_back(profile);
    EXPECT_EQ(profiles(s), expected_profiles) << s.id;
    EXPECT_FALSE(s.description.empty()) << s.id;
  }
}

TEST_F(ScenarioFilesTest, ChecksFileRoundTrips) {
  const std::string text = format_checks_tsv(*checks_);
  auto parsed = parse_checks_tsv(text);
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->size(), checks_->size());
  for (std::size_t i = 0; i < parsed->size(); ++i) {
    const auto& a = (*parsed)[i];
    const auto& b = (*checks_)[i];
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.description, b.description);
    EXPECT_EQ(a.target, b.target);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.options, b.options);
    EXPECT_EQ(a.expect, b.expect);
  }
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), static_cast<long>(checks_->size()) + 1);
}

TEST_F(ScenarioFilesTest, TsvParserRejectsShortLinesAndKeepsOptions) {
  auto ok = parse_checks_tsv("# c\n\na\tb\tc\td\tp1:warn,p2:pass\t--x\ty z\n");
  ASSERT_TRUE(ok) << ok.error().message;
  ASSERT_EQ(ok->size(), 1U);
  EXPECT_EQ((*ok)[0].options, (std::vector<std::string>{"--x", "y z"}));
  EXPECT_EQ((*ok)[0].command_args(), (std::vector<std::string>{"--name", "d", "--x", "y z", "c"}));
  using Expect = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ((*ok)[0].expect, (Expect{{"p1", "warn"}, {"p2", "pass"}}));
  EXPECT_EQ((*ok)[0].expected_exit(), 1);
  auto bad = parse_checks_tsv("a\tb\tc\td\n");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("line 1"), std::string::npos) << bad.error().message;
  auto bad_verdict = parse_checks_tsv("# c\na\tb\tc\td\tp1:maybe\n");
  ASSERT_FALSE(bad_verdict);
  EXPECT_NE(bad_verdict.error().message.find("line 2"), std::string::npos) << bad_verdict.error().message;
}

TEST_F(ScenarioFilesTest, TwoSeparatePkis) {
  auto ent_root = ca("contoso-root");
  auto ent_issuing = ca("contoso-issuing");
  auto pub_root = ca("public-root");
  auto pub_inter = ca("public-tls");
  ASSERT_TRUE(ent_root && ent_issuing && pub_root && pub_inter);
  EXPECT_TRUE(signed_by(ent_root.get(), ent_root.get()));
  EXPECT_TRUE(signed_by(pub_root.get(), pub_root.get()));
  EXPECT_TRUE(signed_by(ent_issuing.get(), ent_root.get()));
  EXPECT_TRUE(signed_by(pub_inter.get(), pub_root.get()));
  EXPECT_FALSE(signed_by(ent_issuing.get(), pub_root.get()));
  for (X509* c : {ent_root.get(), ent_issuing.get(), pub_root.get(), pub_inter.get()}) {
    EXPECT_EQ(X509_check_ca(c), 1) << subject_cn(c);
    EXPECT_TRUE(valid_at(c, kAt)) << subject_cn(c);
  }
}

TEST_F(ScenarioFilesTest, S01WildcardDefaultLacksSip) {
  const auto& s = check("s01-fe-wildcard-sip");
  EXPECT_EQ(s.name, "sip.contoso.com");
  auto chain = chain_of(s.id);
  ASSERT_EQ(chain.size(), 2U);
  auto dns = san_dns(chain[0].get());
  ASSERT_TRUE(dns);
  EXPECT_EQ(*dns, (std::vector<std::string>{"pool01.corp.contoso.com", "*.contoso.com"}));
  EXPECT_NE(subject_cn(chain[0].get()), "sip.contoso.com");
  EXPECT_TRUE(signed_by(chain[0].get(), chain[1].get()));
  EXPECT_EQ(option(s, "--enterprise-root"), minted_->ca_file("contoso-root").string());
}

TEST_F(ScenarioFilesTest, S05AndS06UmCommonNames) {
  auto wild = chain_of("s05-um-wildcard-cn");
  ASSERT_EQ(wild.size(), 2U);
  EXPECT_EQ(subject_cn(wild[0].get()), "*.contoso.com");
  EXPECT_EQ(issuer_cn(wild[0].get()), "Example Public TLS CA");
  const auto& s06 = check("s06-um-cn-mail");
  auto san_only = chain_of(s06.id);
  ASSERT_EQ(san_only.size(), 2U);
  EXPECT_EQ(subject_cn(san_only[0].get()), "mail.contoso.com");
  EXPECT_TRUE(has(*san_dns(san_only[0].get()), s06.name));
}

TEST_F(ScenarioFilesTest, S09EdgeFromInternalCaAndItsFix) {
  const auto& s = check("s09-edge-internal-ca");
  auto chain = chain_of(s.id);
  ASSERT_EQ(chain.size(), 2U);
  EXPECT_EQ(issuer_cn(chain[0].get()), "Contoso Issuing CA");
  EXPECT_EQ(option(s, "--mobile-root"), "");
  const auto& fixed = check("s09-fixed-mobile-root");
  EXPECT_EQ(fixed.target, s.target);
  EXPECT_EQ(option(fixed, "--mobile-root"), minted_->ca_file("contoso-root").string());
}

TEST_F(ScenarioFilesTest, S10ReverseProxySendsTheLeafAlone) {
  auto sent = chain_of("s10-rp-leaf-only");
  auto full = read_chain(minted_->cert_file("reverse-proxy"));
  ASSERT_EQ(sent.size(), 1U);
  ASSERT_EQ(full.size(), 2U);
  EXPECT_EQ(X509_cmp(sent[0].get(), full[0].get()), 0);
  EXPECT_TRUE(signed_by(full[0].get(), full[1].get()));
  EXPECT_FALSE(signed_by(sent[0].get(), ca("public-root").get()));  // the root alone cannot finish the chain
}

TEST_F(ScenarioFilesTest, S07ValidFromTomorrowS13Expired) {
  auto nyv = chain_of("s07-director-not-yet-valid");
  ASSERT_FALSE(nyv.empty());
  EXPECT_EQ(unix_of(X509_get0_notBefore(nyv[0].get())), kAt + kDay);
  EXPECT_TRUE(has(*san_dns(nyv[0].get()), check("s07-director-not-yet-valid").name));  // only the date is wrong
  auto expired = chain_of("s13-webconf-expired");
  ASSERT_FALSE(expired.empty());
  EXPECT_LT(unix_of(X509_get0_notAfter(expired[0].get())), kAt);
}

TEST_F(ScenarioFilesTest, S14ExchangeWebFromPublicCaWhilePoolIsEnterprise) {
  const auto& s = check("s14-exchange-web-public");
  auto chain = chain_of(s.id);
  ASSERT_EQ(chain.size(), 2U);
  EXPECT_EQ(issuer_cn(chain[0].get()), "Example Public TLS CA");
  auto pool = read_chain(option(s, "--pool-cert"));
  ASSERT_FALSE(pool.empty());
  EXPECT_EQ(issuer_cn(pool[0].get()), "Contoso Issuing CA");
  EXPECT_EQ(option(check("s14-fixed-trustedcacerts"), "--trusted-ca-cert"), minted_->ca_file("public-root").string());
}

TEST_F(ScenarioFilesTest, EveryLeafButTheDatedOnesIsValidNow) {
  for (const auto& s : *checks_) {
    auto chain = read_chain(s.target);
    ASSERT_FALSE(chain.empty()) << s.id;
    const bool dated = s.id == "s07-director-not-yet-valid" || s.id == "s13-webconf-expired";
    EXPECT_EQ(valid_at(chain[0].get(), kAt), !dated) << s.id;
  }
}

TEST_F(ScenarioFilesTest, UrlsStayOnLoopback) {
  for (const auto& [id, m] : minted_->certs) {
    pki::OpenSslPtr<AUTHORITY_INFO_ACCESS, AUTHORITY_INFO_ACCESS_free> aia(
        static_cast<AUTHORITY_INFO_ACCESS*>(X509_get_ext_d2i(m.x509.get(), NID_info_access, nullptr, nullptr)));
    for (int i = 0; aia && i < sk_ACCESS_DESCRIPTION_num(aia.get()); ++i) {
      const GENERAL_NAME* gn = sk_ACCESS_DESCRIPTION_value(aia.get(), i)->location;
      ASSERT_EQ(gn->type, GEN_URI);
      const std::string uri(reinterpret_cast<const char*>(ASN1_STRING_get0_data(gn->d.uniformResourceIdentifier)),
                            static_cast<std::size_t>(ASN1_STRING_length(gn->d.uniformResourceIdentifier)));
      EXPECT_EQ(uri.rfind("http://127.0.0.1:1/", 0), 0U) << id << ": " << uri;
    }
  }
}

TEST(ScenarioFilesErrorTest, UnwritableFolderIsAnErrorNamingIt) {
  std::string tmpl = (fs::temp_directory_path() / "uccert-scenario-XXXXXX").string();
  const fs::path dir = mkdtemp(tmpl.data());
  const fs::path blocker = dir / "a-file";
  std::ofstream(blocker) << "x";
  auto s = load_scenario("healthy");
  ASSERT_TRUE(s) << s.error().message;
  auto m = mint_scenario(*s, blocker / "sub", kAt, 1, LabKeys::kCached);
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().message.find(blocker.string()), std::string::npos) << m.error().message;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace uccert::lab
