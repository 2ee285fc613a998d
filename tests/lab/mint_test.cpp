// Every CertSpec option is read back with OpenSSL directly (not through lab/ or pki/ code), so
// these tests fail if minting writes something other than what the spec says.
#include "uccert/lab/mint.h"

#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

namespace uccert::lab {
namespace {

namespace fs = std::filesystem;

using GeneralNameList = pki::GeneralNamesPtr;

pki::X509Ptr reparse(const Minted& m) {
  const unsigned char* p = m.der.data();
  pki::X509Ptr x(d2i_X509(nullptr, &p, static_cast<long>(m.der.size())));
  EXPECT_TRUE(x) << "minted DER does not decode";
  return x;
}

std::string name_text(const X509_NAME* n) {
  pki::BioPtr bio(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(bio.get(), n, 0, XN_FLAG_RFC2253);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

std::string ia5(const ASN1_STRING* s) {
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<std::size_t>(ASN1_STRING_length(s)));
}

pki::Bytes octets(const ASN1_STRING* s) {
  return pki::Bytes(ASN1_STRING_get0_data(s), ASN1_STRING_get0_data(s) + ASN1_STRING_length(s));
}

// (critical, present) of an extension by NID.
std::pair<bool, bool> ext_flags(X509* x, int nid) {
  const int idx = X509_get_ext_by_NID(x, nid, -1);
  if (idx < 0) return {false, false};
  return {X509_EXTENSION_get_critical(X509_get_ext(x, idx)) == 1, true};
}

bool verifies_with(X509* x, const KeyPair& key) {
  return X509_verify(x, key.get()) == 1;
}

std::string file_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "uccert-mint-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

const KeyPair& rsa_key(int i) {
  static const KeyPair keys[] = {KeyPair::cached(KeySpec::rsa(), 0), KeyPair::cached(KeySpec::rsa(), 1),
                                 KeyPair::cached(KeySpec::rsa(), 2)};
  return keys[i];
}

struct TestCa {
  Minted root;
  Minted inter;
};

const TestCa& ca() {
  static const TestCa c = [] {
    CertSpec rs = root_ca_spec("Mint Test Root", "Contoso");
    Minted root = mint(rs, rsa_key(0));
    CertSpec is = intermediate_ca_spec("Mint Test Issuing", "Contoso");
    is.ca_issuers_urls = {std::string(kLabAiaUrl)};
    Minted inter = mint(is, rsa_key(1), &root);
    return TestCa{root, inter};
  }();
  return c;
}

// --- keys ------------------------------------------------------------------------------------

TEST(KeyPairTest, GeneratesEachKind) {
  auto rsa = KeyPair::generate(KeySpec::rsa(1024));
  ASSERT_TRUE(rsa) << rsa.error().message;
  EXPECT_EQ(EVP_PKEY_get_base_id(rsa->get()), EVP_PKEY_RSA);
  EXPECT_EQ(EVP_PKEY_get_bits(rsa->get()), 1024);

  auto ec = KeyPair::generate(KeySpec::ec("P-384"));
  ASSERT_TRUE(ec) << ec.error().message;
  EXPECT_EQ(EVP_PKEY_get_base_id(ec->get()), EVP_PKEY_EC);
  EXPECT_EQ(EVP_PKEY_get_bits(ec->get()), 384);

  auto ed = KeyPair::generate(KeySpec::ed25519());
  ASSERT_TRUE(ed) << ed.error().message;
  EXPECT_EQ(EVP_PKEY_get_base_id(ed->get()), EVP_PKEY_ED25519);
}

TEST(KeyPairTest, RejectsUnknownCurve) {
  auto k = KeyPair::generate(KeySpec::ec("no-such-curve"));
  ASSERT_FALSE(k);
  EXPECT_NE(k.error().message.find("EC-no-such-curve"), std::string::npos) << k.error().message;
}

TEST(KeyPairTest, CacheReturnsSameKeyPerIndex) {
  const KeySpec spec = KeySpec::ec();
  KeyPair a = KeyPair::cached(spec, 0);
  KeyPair b = KeyPair::cached(spec, 0);
  KeyPair c = KeyPair::cached(spec, 1);
  EXPECT_EQ(EVP_PKEY_eq(a.get(), b.get()), 1);
  EXPECT_NE(EVP_PKEY_eq(a.get(), c.get()), 1);
  EXPECT_TRUE(a.same_key(b));
  EXPECT_FALSE(a.same_key(c));
}

TEST(KeyPairTest, CacheKeepsKeysOnDiskForOtherProcesses) {
  if (std::getenv("UCCERT_KEY_CACHE") != nullptr) GTEST_SKIP() << "UCCERT_KEY_CACHE redirects the cache";
  const KeySpec spec = KeySpec::ec("P-521");
  KeyPair k = KeyPair::cached(spec, 7);
  const fs::path file =
      fs::temp_directory_path() / ("uccert-test-keys-" + std::to_string(getuid())) / "EC-P-521-7.pem";
  ASSERT_TRUE(fs::exists(file));
  EXPECT_EQ(fs::status(fs::path(file).parent_path()).permissions() & fs::perms::all, fs::perms::owner_all);
  EXPECT_EQ(fs::status(file).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  auto back = KeyPair::from_pem(file_text(file));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_TRUE(back->same_key(k));
}

TEST(KeyPairTest, CopiesShareOneKeyAndPemRoundTrips) {
  KeyPair a = KeyPair::cached(KeySpec::rsa(), 0);
  KeyPair copy = a;
  EXPECT_EQ(copy.get(), a.get());
  const std::string pem = a.pem_private();
  EXPECT_NE(pem.find("-----BEGIN PRIVATE KEY-----"), std::string::npos);
  auto back = KeyPair::from_pem(pem);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(EVP_PKEY_eq(back->get(), a.get()), 1);
  EXPECT_FALSE(KeyPair::from_pem("not a key"));
}

// --- names, issuer, signature ----------------------------------------------------------------

TEST(MintTest, SelfSignedRootVerifiesWithItsOwnKey) {
  pki::X509Ptr x = reparse(ca().root);
  EXPECT_EQ(name_text(X509_get_subject_name(x.get())), "CN=Mint Test Root,O=Contoso");
  EXPECT_EQ(X509_NAME_cmp(X509_get_subject_name(x.get()), X509_get_issuer_name(x.get())), 0);
  EXPECT_TRUE(verifies_with(x.get(), rsa_key(0)));
  EXPECT_EQ(X509_get_version(x.get()), 2);
}

TEST(MintTest, IssuedCertificateChainsToItsIssuer) {
  CertSpec s = server_spec("pool01.contoso.com", {"pool01.contoso.com"});
  Minted leaf = mint(s, rsa_key(2), &ca().inter);
  pki::X509Ptr x = reparse(leaf);
  pki::X509Ptr issuer = reparse(ca().inter);
  EXPECT_EQ(X509_check_issued(issuer.get(), x.get()), X509_V_OK);
  EXPECT_TRUE(verifies_with(x.get(), rsa_key(1)));
  EXPECT_FALSE(verifies_with(x.get(), rsa_key(2)));
  EXPECT_EQ(name_text(X509_get_issuer_name(x.get())), "CN=Mint Test Issuing,O=Contoso");
  // The subject key is the one given.
  EXPECT_EQ(EVP_PKEY_eq(X509_get0_pubkey(x.get()), rsa_key(2).get()), 1);
}

TEST(MintTest, SubjectFromAttributeListAndEmptySubject) {
  CertSpec s;
  s.subject = {{"DC", "com"}, {"DC", "contoso"}, {"2.5.4.3", "by oid"}, {"emailAddress", "a@contoso.com"}};
  pki::X509Ptr x = reparse(mint(s, rsa_key(2), &ca().inter));
  EXPECT_EQ(name_text(X509_get_subject_name(x.get())),
            "emailAddress=a@contoso.com,CN=by oid,DC=contoso,DC=com");

  CertSpec empty;
  empty.san_dns = {"edge.contoso.com"};
  pki::X509Ptr e = reparse(mint(empty, rsa_key(2), &ca().inter));
  EXPECT_EQ(X509_NAME_entry_count(X509_get_subject_name(e.get())), 0);

  CertSpec bad;
  bad.subject = {{"NoSuchAttr", "x"}};
  auto r = try_mint(bad, rsa_key(2), &ca().inter);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("NoSuchAttr"), std::string::npos) << r.error().message;
}

TEST(MintTest, MakeNameOrdersCOOuCn) {
  Name n = make_name("host", "Org", "Unit", "US");
  ASSERT_EQ(n.size(), 4U);
  EXPECT_EQ(n[0].attr, "C");
  EXPECT_EQ(n[1].attr, "O");
  EXPECT_EQ(n[2].attr, "OU");
  EXPECT_EQ(n[3].attr, "CN");
  EXPECT_EQ(n[3].value, "host");
}

TEST(MintTest, IssuerNameOverride) {
  CertSpec s = server_spec("x.contoso.com");
  s.issuer_name = make_name("Someone Else");
  pki::X509Ptr x = reparse(mint(s, rsa_key(2), &ca().inter));
  EXPECT_EQ(name_text(X509_get_issuer_name(x.get())), "CN=Someone Else");
  EXPECT_TRUE(verifies_with(x.get(), rsa_key(1)));  // still signed by the issuer's key
}

TEST(MintTest, SanOfEveryKind) {
  CertSpec s = server_spec("pool01.contoso.com");
  s.san_dns = {"pool01.contoso.com", "*.contoso.com"};
  s.san_ip = {"127.0.0.1", "::1"};
  s.san_email = {"admin@contoso.com"};
  s.san_uri = {"sip:pool01.contoso.com"};
  s.san_critical = true;
  pki::X509Ptr x = reparse(mint(s, rsa_key(2), &ca().inter));
  EXPECT_EQ(ext_flags(x.get(), NID_subject_alt_name), std::make_pair(true, true));
  GeneralNameList names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(x.get(), NID_subject_alt_name, nullptr, nullptr)));
  ASSERT_TRUE(names);
  ASSERT_EQ(sk_GENERAL_NAME_num(names.get()), 6);
  std::vector<std::pair<int, pki::Bytes>> got;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    int type = 0;
    auto* v =
        static_cast<ASN1_STRING*>(GENERAL_NAME_get0_value(sk_GENERAL_NAME_value(names.get(), i), &type));
    got.emplace_back(type, octets(v));
  }
  auto bytes = [](std::string_view t) { return pki::Bytes(t.begin(), t.end()); };
  EXPECT_EQ(got[0], std::make_pair(GEN_DNS, bytes("pool01.contoso.com")));
  EXPECT_EQ(got[1], std::make_pair(GEN_DNS, bytes("*.contoso.com")));
  EXPECT_EQ(got[2], std::make_pair(GEN_IPADD, pki::Bytes{127, 0, 0, 1}));
  pki::Bytes v6(16, 0);
  v6[15] = 1;
  EXPECT_EQ(got[3], std::make_pair(GEN_IPADD, v6));
  EXPECT_EQ(got[4], std::make_pair(GEN_EMAIL, bytes("admin@contoso.com")));
  EXPECT_EQ(got[5], std::make_pair(GEN_URI, bytes("sip:pool01.contoso.com")));
}

TEST(MintTest, NoSanUnlessAskedAndForcedEmptySan) {
  pki::X509Ptr none = reparse(mint(server_spec("exch01.contoso.com"), rsa_key(2), &ca().inter));
  EXPECT_FALSE(ext_flags(none.get(), NID_subject_alt_name).second);

  CertSpec s = server_spec("x.contoso.com");
  s.san_force_empty = true;
  pki::X509Ptr x = reparse(mint(s, rsa_key(2), &ca().inter));
  const int idx = X509_get_ext_by_NID(x.get(), NID_subject_alt_name, -1);
  ASSERT_GE(idx, 0);
  // An empty SEQUENCE: 30 00.
  EXPECT_EQ(octets(X509_EXTENSION_get_data(X509_get_ext(x.get(), idx))), (pki::Bytes{0x30, 0x00}));
}

TEST(MintTest, BadIpAddressIsAnError) {
  CertSpec s = server_spec("x");
  s.san_ip = {"300.1.1.1"};
  auto r = try_mint(s, rsa_key(2), &ca().inter);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("300.1.1.1"), std::string::npos) << r.error().message;
}

// --- serial and validity ---------------------------------------------------------------------

TEST(MintTest, DefaultSerialIsSixteenPositiveRandomBytes) {
  pki::X509Ptr a = reparse(mint(server_spec("a"), rsa_key(2), &ca().inter));
  pki::X509Ptr b = reparse(mint(server_spec("a"), rsa_key(2), &ca().inter));
  const ASN1_INTEGER* sa = X509_get0_serialNumber(a.get());
  EXPECT_EQ(ASN1_STRING_length(sa), 16);
  EXPECT_EQ(ASN1_STRING_type(sa), V_ASN1_INTEGER);  // not V_ASN1_NEG_INTEGER
  EXPECT_NE(ASN1_INTEGER_cmp(sa, X509_get0_serialNumber(b.get())), 0);
}

TEST(MintTest, ExplicitAndNegativeSerial) {
  CertSpec s = server_spec("a");
  s.serial = pki::Bytes{0x01, 0x02, 0x03};
  pki::X509Ptr x = reparse(mint(s, rsa_key(2), &ca().inter));
  EXPECT_EQ(ASN1_INTEGER_get(X509_get0_serialNumber(x.get())), 0x010203);

  s.serial_negative = true;
  pki::X509Ptr n = reparse(mint(s, rsa_key(2), &ca().inter));
  EXPECT_EQ(ASN1_INTEGER_get(X509_get0_serialNumber(n.get())), -0x010203);

  s.serial = pki::Bytes{0x00};
  s.serial_negative = false;
  pki::X509Ptr z = reparse(mint(s, rsa_key(2), &ca().inter));
  EXPECT_EQ(ASN1_INTEGER_get(X509_get0_serialNumber(z.get())), 0);
}

std::int64_t asn1_unix(const ASN1_TIME* t) {
  struct tm tm {};
  EXPECT_EQ(ASN1_TIME_to_tm(t, &tm), 1);
  return static_cast<std::int64_t>(timegm(&tm));
}

TEST(MintTest, ExplicitValidityIncludingYear9999) {
  CertSpec s = server_spec("a");
  s.not_before = 1700000000;   // 2023-11-14T22:13:20Z
  s.not_after = 253402300799;  // 9999-12-31T23:59:59Z
  pki::X509Ptr x = reparse(mint(s, rsa_key(2), &ca().inter));
  EXPECT_EQ(asn1_unix(X509_get0_notBefore(x.get())), 1700000000);
  EXPECT_EQ(asn1_unix(X509_get0_notAfter(x.get())), 253402300799);
  EXPECT_EQ(ASN1_STRING_type(X509_get0_notBefore(x.get())), V_ASN1_UTCTIME);
  EXPECT_EQ(ASN1_STRING_type(X509_get0_notAfter(x.get())), V_ASN1_GENERALIZEDTIME);
}

TEST(MintTest, DefaultValidityIsAnHourAgoToAYearAhead) {
  const auto before = now();
  pki::X509Ptr x = reparse(mint(server_spec("a"), rsa_key(2), &ca().inter));
  const auto after = now();
  const auto nb = asn1_unix(X509_get0_notBefore(x.get()));
  const auto na = asn1_unix(X509_get0_notAfter(x.get()));
  EXPECT_GE(nb, before - kHour);
  EXPECT_LE(nb, after - kHour);
  EXPECT_GE(na, before + 365 * kDay);
  EXPECT_LE(na, after + 365 * kDay);
}

// --- constraints and usages ------------------------------------------------------------------

TEST(MintTest, BasicConstraintsCaPathLenCriticalAndOmit) {
  pki::X509Ptr inter = reparse(ca().inter);
  pki::OpenSslPtr<BASIC_CONSTRAINTS, BASIC_CONSTRAINTS_free> bc(static_cast<BASIC_CONSTRAINTS*>(
      X509_get_ext_d2i(inter.get(), NID_basic_constraints, nullptr, nullptr)));
  ASSERT_TRUE(bc);
  EXPECT_NE(bc->ca, 0);
  ASSERT_NE(bc->pathlen, nullptr);
  EXPECT_EQ(ASN1_INTEGER_get(bc->pathlen), 0);
  EXPECT_TRUE(ext_flags(inter.get(), NID_basic_constraints).first);

  pki::X509Ptr root = reparse(ca().root);
  pki::OpenSslPtr<BASIC_CONSTRAINTS, BASIC_CONSTRAINTS_free> rbc(
      static_cast<BASIC_CONSTRAINTS*>(X509_get_ext_d2i(root.get(), NID_basic_constraints, nullptr, nullptr)));
  ASSERT_TRUE(rbc);
  EXPECT_EQ(rbc->pathlen, nullptr);

  CertSpec leaf = server_spec("a");
  leaf.basic_constraints_critical = false;
  pki::X509Ptr l = reparse(mint(leaf, rsa_key(2), &ca().inter));
  pki::OpenSslPtr<BASIC_CONSTRAINTS, BASIC_CONSTRAINTS_free> lbc(
      static_cast<BASIC_CONSTRAINTS*>(X509_get_ext_d2i(l.get(), NID_basic_constraints, nullptr, nullptr)));
  ASSERT_TRUE(lbc);
  EXPECT_EQ(lbc->ca, 0);
  EXPECT_EQ(ext_flags(l.get(), NID_basic_constraints), std::make_pair(false, true));

  leaf.omit_basic_constraints = true;
  pki::X509Ptr o = reparse(mint(leaf, rsa_key(2), &ca().inter));
  EXPECT_FALSE(ext_flags(o.get(), NID_basic_constraints).second);
}

TEST(MintTest, KeyUsageDefaultsExplicitAndOmitted) {
  using B = pki::KeyUsageBit;
  pki::X509Ptr root = reparse(ca().root);
  EXPECT_EQ(X509_get_key_usage(root.get()),
            static_cast<std::uint32_t>(KU_KEY_CERT_SIGN | KU_CRL_SIGN | KU_DIGITAL_SIGNATURE));
  pki::X509Ptr leaf = reparse(mint(server_spec("a"), rsa_key(2), &ca().inter));
  EXPECT_EQ(X509_get_key_usage(leaf.get()),
            static_cast<std::uint32_t>(KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT));
  EXPECT_TRUE(ext_flags(leaf.get(), NID_key_usage).first);

  CertSpec s = server_spec("a");
  s.key_usage = ku(B::kNonRepudiation, B::kDecipherOnly);
  s.key_usage_critical = false;
  pki::X509Ptr x = reparse(mint(s, rsa_key(2), &ca().inter));
  EXPECT_EQ(X509_get_key_usage(x.get()), static_cast<std::uint32_t>(KU_NON_REPUDIATION | KU_DECIPHER_ONLY));
  EXPECT_EQ(ext_flags(x.get(), NID_key_usage), std::make_pair(false, true));

  s.key_usage = 0;
  pki::X509Ptr none = reparse(mint(s, rsa_key(2), &ca().inter));
  EXPECT_FALSE(ext_flags(none.get(), NID_key_usage).second);

  // EC leaves get digitalSignature only (no key encipherment with an EC key).
  pki::X509Ptr ec = reparse(mint(server_spec("a"), KeyPair::cached(KeySpec::ec()), &ca().inter));
  EXPECT_EQ(X509_get_key_usage(ec.get()), static_cast<std::uint32_t>(KU_DIGITAL_SIGNATURE));
}

std::vector<int> eku_nids(X509* x) {
  std::vector<int> out;
  pki::OpenSslPtr<EXTENDED_KEY_USAGE, EXTENDED_KEY_USAGE_free> eku(
      static_cast<EXTENDED_KEY_USAGE*>(X509_get_ext_d2i(x, NID_ext_key_usage, nullptr, nullptr)));
  if (!eku) return out;
  for (int i = 0; i < sk_ASN1_OBJECT_num(eku.get()); ++i)
    out.push_back(OBJ_obj2nid(sk_ASN1_OBJECT_value(eku.get(), i)));
  return out;
}

TEST(MintTest, ExtendedKeyUsage) {
  pki::X509Ptr leaf = reparse(mint(server_spec("a"), rsa_key(2), &ca().inter));
  EXPECT_EQ(eku_nids(leaf.get()), (std::vector<int>{NID_server_auth, NID_client_auth}));
  EXPECT_TRUE(eku_nids(reparse(ca().root).get()).empty());

  CertSpec s = server_spec("a");
  s.eku = std::vector<std::string>{"1.3.6.1.5.5.7.3.1"};
  s.eku_critical = true;
  pki::X509Ptr x = reparse(mint(s, rsa_key(2), &ca().inter));
  EXPECT_EQ(eku_nids(x.get()), (std::vector<int>{NID_server_auth}));
  EXPECT_TRUE(ext_flags(x.get(), NID_ext_key_usage).first);

  s.eku = std::vector<std::string>{};
  pki::X509Ptr none = reparse(mint(s, rsa_key(2), &ca().inter));
  EXPECT_FALSE(ext_flags(none.get(), NID_ext_key_usage).second);

  s.eku = std::vector<std::string>{"notAnOid"};
  EXPECT_FALSE(try_mint(s, rsa_key(2), &ca().inter));
}

TEST(MintTest, CrlAiaAndPolicies) {
  CertSpec s = server_spec("a");
  s.crl_urls = {std::string(kLabCrlUrl)};
  s.ocsp_urls = {std::string(kLabOcspUrl)};
  s.ca_issuers_urls = {std::string(kLabAiaUrl)};
  s.policy_oids = {"1.3.6.1.4.1.311.21.8.1", "2.5.29.32.0"};
  pki::X509Ptr x = reparse(mint(s, rsa_key(2), &ca().inter));

  pki::OpenSslPtr<CRL_DIST_POINTS, CRL_DIST_POINTS_free> dps(static_cast<CRL_DIST_POINTS*>(
      X509_get_ext_d2i(x.get(), NID_crl_distribution_points, nullptr, nullptr)));
  ASSERT_TRUE(dps);
  ASSERT_EQ(sk_DIST_POINT_num(dps.get()), 1);
  DIST_POINT* dp = sk_DIST_POINT_value(dps.get(), 0);
  ASSERT_NE(dp->distpoint, nullptr);
  ASSERT_EQ(dp->distpoint->type, 0);
  int type = 0;
  auto* uri = static_cast<ASN1_STRING*>(
      GENERAL_NAME_get0_value(sk_GENERAL_NAME_value(dp->distpoint->name.fullname, 0), &type));
  EXPECT_EQ(type, GEN_URI);
  EXPECT_EQ(ia5(uri), "http://127.0.0.1:1/ca.crl");

  pki::OpenSslPtr<AUTHORITY_INFO_ACCESS, AUTHORITY_INFO_ACCESS_free> aia(
      static_cast<AUTHORITY_INFO_ACCESS*>(X509_get_ext_d2i(x.get(), NID_info_access, nullptr, nullptr)));
  ASSERT_TRUE(aia);
  ASSERT_EQ(sk_ACCESS_DESCRIPTION_num(aia.get()), 2);
  ACCESS_DESCRIPTION* a0 = sk_ACCESS_DESCRIPTION_value(aia.get(), 0);
  ACCESS_DESCRIPTION* a1 = sk_ACCESS_DESCRIPTION_value(aia.get(), 1);
  EXPECT_EQ(OBJ_obj2nid(a0->method), NID_ad_OCSP);
  EXPECT_EQ(ia5(a0->location->d.uniformResourceIdentifier), "http://127.0.0.1:1/ocsp");
  EXPECT_EQ(OBJ_obj2nid(a1->method), NID_ad_ca_issuers);
  EXPECT_EQ(ia5(a1->location->d.uniformResourceIdentifier), "http://127.0.0.1:1/ca.crt");

  pki::OpenSslPtr<CERTIFICATEPOLICIES, CERTIFICATEPOLICIES_free> pols(static_cast<CERTIFICATEPOLICIES*>(
      X509_get_ext_d2i(x.get(), NID_certificate_policies, nullptr, nullptr)));
  ASSERT_TRUE(pols);
  ASSERT_EQ(sk_POLICYINFO_num(pols.get()), 2);
  char buf[80];
  OBJ_obj2txt(buf, sizeof buf, sk_POLICYINFO_value(pols.get(), 0)->policyid, 1);
  EXPECT_STREQ(buf, "1.3.6.1.4.1.311.21.8.1");
  EXPECT_EQ(OBJ_obj2nid(sk_POLICYINFO_value(pols.get(), 1)->policyid), NID_any_policy);
}

TEST(MintTest, NameConstraints) {
  CertSpec s = intermediate_ca_spec("Constrained CA");
  NameConstraintsSpec nc;
  nc.permitted_dns = {"contoso.com"};
  nc.permitted_ip = {"10.0.0.0/8"};
  nc.permitted_email = {"contoso.com"};
  nc.permitted_dir = {make_name("", "Contoso")};
  nc.excluded_dns = {"bad.contoso.com"};
  nc.excluded_ip = {"2001:db8::/32"};
  s.name_constraints = nc;
  pki::X509Ptr x = reparse(mint(s, rsa_key(2), &ca().root));
  EXPECT_EQ(ext_flags(x.get(), NID_name_constraints), std::make_pair(true, true));
  pki::OpenSslPtr<NAME_CONSTRAINTS, NAME_CONSTRAINTS_free> got(
      static_cast<NAME_CONSTRAINTS*>(X509_get_ext_d2i(x.get(), NID_name_constraints, nullptr, nullptr)));
  ASSERT_TRUE(got);
  ASSERT_EQ(sk_GENERAL_SUBTREE_num(got->permittedSubtrees), 4);
  ASSERT_EQ(sk_GENERAL_SUBTREE_num(got->excludedSubtrees), 2);
  GENERAL_NAME* p0 = sk_GENERAL_SUBTREE_value(got->permittedSubtrees, 0)->base;
  EXPECT_EQ(p0->type, GEN_DNS);
  EXPECT_EQ(ia5(p0->d.dNSName), "contoso.com");
  GENERAL_NAME* p1 = sk_GENERAL_SUBTREE_value(got->permittedSubtrees, 1)->base;
  EXPECT_EQ(p1->type, GEN_IPADD);
  EXPECT_EQ(octets(p1->d.iPAddress), (pki::Bytes{10, 0, 0, 0, 255, 0, 0, 0}));
  EXPECT_EQ(sk_GENERAL_SUBTREE_value(got->permittedSubtrees, 2)->base->type, GEN_EMAIL);
  GENERAL_NAME* p3 = sk_GENERAL_SUBTREE_value(got->permittedSubtrees, 3)->base;
  EXPECT_EQ(p3->type, GEN_DIRNAME);
  EXPECT_EQ(name_text(p3->d.directoryName), "O=Contoso");
  GENERAL_NAME* e1 = sk_GENERAL_SUBTREE_value(got->excludedSubtrees, 1)->base;
  pki::Bytes v6(32, 0);
  v6[0] = 0x20;
  v6[1] = 0x01;
  v6[2] = 0x0d;
  v6[3] = 0xb8;
  for (int i = 16; i < 20; ++i) v6[static_cast<std::size_t>(i)] = 0xFF;
  EXPECT_EQ(octets(e1->d.iPAddress), v6);

  NameConstraintsSpec odd;
  odd.permitted_ip = {"10.0.0.0/12"};
  s.name_constraints = odd;
  pki::X509Ptr y = reparse(mint(s, rsa_key(2), &ca().root));
  pki::OpenSslPtr<NAME_CONSTRAINTS, NAME_CONSTRAINTS_free> got12(
      static_cast<NAME_CONSTRAINTS*>(X509_get_ext_d2i(y.get(), NID_name_constraints, nullptr, nullptr)));
  ASSERT_TRUE(got12);
  EXPECT_EQ(octets(sk_GENERAL_SUBTREE_value(got12->permittedSubtrees, 0)->base->d.iPAddress),
            (pki::Bytes{10, 0, 0, 0, 255, 240, 0, 0}));
  for (const char* bad : {"10.0.0.0", "10.0.0.0/33", "10.0.0.0/x"}) {
    odd.permitted_ip = {bad};
    s.name_constraints = odd;
    EXPECT_FALSE(try_mint(s, rsa_key(2), &ca().root)) << bad;
  }
}

// --- key identifiers -------------------------------------------------------------------------

pki::Bytes sha1_of_key(X509* x) {
  const ASN1_BIT_STRING* bits = X509_get0_pubkey_bitstr(x);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(ASN1_STRING_get0_data(bits), static_cast<size_t>(ASN1_STRING_length(bits)), md, &n, EVP_sha1(),
             nullptr);
  return pki::Bytes(md, md + n);
}

TEST(MintTest, KeyIdentifiers) {
  pki::X509Ptr inter = reparse(ca().inter);
  pki::X509Ptr root = reparse(ca().root);
  ASSERT_NE(X509_get0_subject_key_id(inter.get()), nullptr);
  EXPECT_EQ(octets(X509_get0_subject_key_id(inter.get())), sha1_of_key(inter.get()));
  ASSERT_NE(X509_get0_authority_key_id(inter.get()), nullptr);
  EXPECT_EQ(octets(X509_get0_authority_key_id(inter.get())), octets(X509_get0_subject_key_id(root.get())));
  // Self-signed: AKID = own SKID.
  EXPECT_EQ(octets(X509_get0_authority_key_id(root.get())), sha1_of_key(root.get()));

  CertSpec s = server_spec("a");
  s.subject_key_id = pki::Bytes{1, 2, 3};
  s.authority_key_id = pki::Bytes{4, 5};
  pki::X509Ptr x = reparse(mint(s, rsa_key(2), &ca().inter));
  EXPECT_EQ(octets(X509_get0_subject_key_id(x.get())), (pki::Bytes{1, 2, 3}));
  EXPECT_EQ(octets(X509_get0_authority_key_id(x.get())), (pki::Bytes{4, 5}));

  s.omit_subject_key_id = true;
  s.omit_authority_key_id = true;
  pki::X509Ptr o = reparse(mint(s, rsa_key(2), &ca().inter));
  EXPECT_FALSE(ext_flags(o.get(), NID_subject_key_identifier).second);
  EXPECT_FALSE(ext_flags(o.get(), NID_authority_key_identifier).second);
}

// --- signature algorithms --------------------------------------------------------------------

struct DigestCase {
  const char* digest;
  bool pss;
  int expected_nid;
};

class SignatureDigestTest : public ::testing::TestWithParam<DigestCase> {};

TEST_P(SignatureDigestTest, SignsWithTheRequestedAlgorithm) {
  CertSpec s = server_spec("a");
  s.digest = GetParam().digest;
  s.rsa_pss = GetParam().pss;
  pki::X509Ptr x = reparse(mint(s, rsa_key(2), &ca().inter));
  EXPECT_EQ(X509_get_signature_nid(x.get()), GetParam().expected_nid);
  EXPECT_TRUE(verifies_with(x.get(), rsa_key(1))) << pki::drain_openssl_errors();
}

INSTANTIATE_TEST_SUITE_P(Digests, SignatureDigestTest,
                         ::testing::Values(DigestCase{"sha256", false, NID_sha256WithRSAEncryption},
                                           DigestCase{"sha1", false, NID_sha1WithRSAEncryption},
                                           DigestCase{"md5", false, NID_md5WithRSAEncryption},
                                           DigestCase{"sha384", false, NID_sha384WithRSAEncryption},
                                           DigestCase{"sha512", false, NID_sha512WithRSAEncryption},
                                           DigestCase{"sha256", true, NID_rsassaPss}));

TEST(MintTest, EcAndEd25519Issuers) {
  CertSpec rs = root_ca_spec("EC Root");
  rs.digest = "sha384";
  KeyPair ec_key = KeyPair::cached(KeySpec::ec("P-384"));
  Minted ec_root = mint(rs, ec_key);
  pki::X509Ptr ecx = reparse(ec_root);
  EXPECT_EQ(X509_get_signature_nid(ecx.get()), NID_ecdsa_with_SHA384);
  EXPECT_TRUE(verifies_with(ecx.get(), ec_key));

  KeyPair ed_key = KeyPair::cached(KeySpec::ed25519());
  Minted ed_root = mint(root_ca_spec("Ed Root"), ed_key);
  Minted leaf = mint(server_spec("a"), rsa_key(2), &ed_root);
  pki::X509Ptr lx = reparse(leaf);
  EXPECT_EQ(X509_get_signature_nid(lx.get()), NID_ED25519);
  EXPECT_TRUE(verifies_with(lx.get(), ed_key));

  CertSpec pss = server_spec("a");
  pss.rsa_pss = true;
  EXPECT_FALSE(try_mint(pss, rsa_key(2), &ec_root));
  CertSpec bad = server_spec("a");
  bad.digest = "nodigest";
  EXPECT_FALSE(try_mint(bad, rsa_key(2), &ca().inter));
}

TEST(MintTest, CorruptSignatureDoesNotVerify) {
  CertSpec s = server_spec("a");
  s.corrupt_signature = true;
  Minted m = mint(s, rsa_key(2), &ca().inter);
  pki::X509Ptr x = reparse(m);
  EXPECT_FALSE(verifies_with(x.get(), rsa_key(1)));
  ERR_clear_error();
  EXPECT_EQ(name_text(X509_get_subject_name(x.get())), "CN=a");
}

// --- raw extensions, version ------------------------------------------------------------------

TEST(MintTest, UnknownCriticalExtension) {
  CertSpec s = server_spec("a");
  s.extra_extensions = {{"1.3.6.1.4.1.99999.1", true, {0x05, 0x00}}};
  pki::X509Ptr x = reparse(mint(s, rsa_key(2), &ca().inter));
  pki::Asn1ObjectPtr obj(OBJ_txt2obj("1.3.6.1.4.1.99999.1", 1));
  const int idx = X509_get_ext_by_OBJ(x.get(), obj.get(), -1);
  ASSERT_GE(idx, 0);
  X509_EXTENSION* e = X509_get_ext(x.get(), idx);
  EXPECT_EQ(X509_EXTENSION_get_critical(e), 1);
  EXPECT_EQ(octets(X509_EXTENSION_get_data(e)), (pki::Bytes{0x05, 0x00}));
  EXPECT_EQ(idx, X509_get_ext_count(x.get()) - 1);  // appended last

  s.extra_extensions = {{"not.an.oid", false, {}}};
  EXPECT_FALSE(try_mint(s, rsa_key(2), &ca().inter));
}

TEST(MintTest, VersionOneHasNoExtensions) {
  CertSpec s = server_spec("a", {"a"});
  s.version = 1;
  pki::X509Ptr x = reparse(mint(s, rsa_key(2), &ca().inter));
  EXPECT_EQ(X509_get_version(x.get()), 0);
  EXPECT_EQ(X509_get_ext_count(x.get()), 0);
  s.version = 4;
  EXPECT_FALSE(try_mint(s, rsa_key(2), &ca().inter));
}

TEST(MintTest, MintedCarriesDecodedViewAndCopiesShare) {
  Minted m = mint(server_spec("pool01.contoso.com", {"pool01.contoso.com"}), rsa_key(2), &ca().inter);
  ASSERT_TRUE(m.cert);
  EXPECT_EQ(m.cert->der(), m.der);
  Minted copy = m;
  EXPECT_EQ(copy.x509.get(), m.x509.get());
  EXPECT_EQ(copy.key.get(), m.key.get());
  EXPECT_EQ(m.pem().rfind("-----BEGIN CERTIFICATE-----", 0), 0U);
}

void free_extensions(STACK_OF(X509_EXTENSION) * e) {
  sk_X509_EXTENSION_pop_free(e, X509_EXTENSION_free);
}

// --- CSR -------------------------------------------------------------------------------------

TEST(CsrTest, RequestCarriesSubjectSanUsagesAndVerifies) {
  CertSpec s = server_spec("pool01.contoso.com", {"pool01.contoso.com", "sip.contoso.com"});
  auto csr = make_csr(s, rsa_key(2));
  ASSERT_TRUE(csr) << csr.error().message;
  for (Encoding enc : {Encoding::kPem, Encoding::kDer}) {
    auto bytes = encode_csr(csr->get(), enc);
    ASSERT_TRUE(bytes) << bytes.error().message;
    pki::BioPtr bio(BIO_new_mem_buf(bytes->data(), static_cast<int>(bytes->size())));
    pki::X509ReqPtr back(enc == Encoding::kPem ? PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr)
                                               : d2i_X509_REQ_bio(bio.get(), nullptr));
    ASSERT_TRUE(back);
    EXPECT_EQ(name_text(X509_REQ_get_subject_name(back.get())), "CN=pool01.contoso.com");
    EXPECT_EQ(X509_REQ_verify(back.get(), rsa_key(2).get()), 1);
    pki::OpenSslPtr<STACK_OF(X509_EXTENSION), free_extensions> exts(X509_REQ_get_extensions(back.get()));
    ASSERT_TRUE(exts);
    std::set<int> nids;
    for (int i = 0; i < sk_X509_EXTENSION_num(exts.get()); ++i)
      nids.insert(OBJ_obj2nid(X509_EXTENSION_get_object(sk_X509_EXTENSION_value(exts.get(), i))));
    EXPECT_EQ(nids, (std::set<int>{NID_subject_alt_name, NID_key_usage, NID_ext_key_usage}));
  }
}

// --- writers ---------------------------------------------------------------------------------

std::vector<Minted> test_chain() {
  static const std::vector<Minted> chain = [] {
    return std::vector<Minted>{
        mint(server_spec("pool01.contoso.com", {"pool01.contoso.com"}), rsa_key(2), &ca().inter), ca().inter,
        ca().root};
  }();
  return chain;
}

std::vector<pki::Bytes> der_list(STACK_OF(X509) * certs) {
  std::vector<pki::Bytes> out;
  for (int i = 0; i < sk_X509_num(certs); ++i) {
    unsigned char* buf = nullptr;
    const int len = i2d_X509(sk_X509_value(certs, i), &buf);
    out.emplace_back(buf, buf + len);
    OPENSSL_free(buf);
  }
  return out;
}

TEST(WriterTest, PemChainAndDer) {
  TempDir dir;
  const auto chain = test_chain();
  ASSERT_TRUE(write_pem_chain(dir.path() / "chain.pem", chain));
  pki::BioPtr bio(BIO_new_file((dir.path() / "chain.pem").c_str(), "r"));
  std::vector<pki::Bytes> read;
  while (X509* x = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    pki::X509Ptr owned(x);
    unsigned char* buf = nullptr;
    const int len = i2d_X509(x, &buf);
    read.emplace_back(buf, buf + len);
    OPENSSL_free(buf);
  }
  ERR_clear_error();
  ASSERT_EQ(read.size(), 3U);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(read[i], chain[i].der);

  ASSERT_TRUE(write_der(dir.path() / "leaf.cer", chain[0]));
  const std::string der = file_text(dir.path() / "leaf.cer");
  EXPECT_EQ(pki::Bytes(der.begin(), der.end()), chain[0].der);

  // Atomic writes leave no temporary files behind.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) ++files;
  EXPECT_EQ(files, 2U);
}

TEST(WriterTest, Pkcs7PemAndDerRoundTrip) {
  TempDir dir;
  const auto chain = test_chain();
  for (Encoding enc : {Encoding::kPem, Encoding::kDer}) {
    const fs::path p = dir.path() / (enc == Encoding::kPem ? "chain.p7b.pem" : "chain.p7b");
    ASSERT_TRUE(write_pkcs7(p, chain, enc));
    pki::BioPtr bio(BIO_new_file(p.c_str(), "rb"));
    pki::Pkcs7Ptr p7(enc == Encoding::kPem ? PEM_read_bio_PKCS7(bio.get(), nullptr, nullptr, nullptr)
                                           : d2i_PKCS7_bio(bio.get(), nullptr));
    ASSERT_TRUE(p7);
    ASSERT_EQ(OBJ_obj2nid(p7->type), NID_pkcs7_signed);
    const auto got = der_list(p7->d.sign->cert);
    ASSERT_EQ(got.size(), 3U);
    for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(got[i], chain[i].der);
  }
  const std::string pem = file_text(dir.path() / "chain.p7b.pem");
  EXPECT_EQ(pem.rfind("-----BEGIN PKCS7-----", 0), 0U);
}

TEST(WriterTest, Pkcs12WithPasswordKeyAndChain) {
  TempDir dir;
  const auto chain = test_chain();
  for (bool legacy : {false, true}) {
    Pkcs12Options o;
    o.password = "S3cret!";
    o.friendly_name = "pool01";
    o.legacy_3des = legacy;
    const fs::path p = dir.path() / (legacy ? "legacy.pfx" : "modern.pfx");
    ASSERT_TRUE(write_pkcs12(p, chain, o));
    struct stat st {};
    ASSERT_EQ(stat(p.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600U);

    pki::BioPtr bio(BIO_new_file(p.c_str(), "rb"));
    pki::Pkcs12Ptr p12(d2i_PKCS12_bio(bio.get(), nullptr));
    ASSERT_TRUE(p12);
    EXPECT_EQ(PKCS12_verify_mac(p12.get(), "wrong", -1), 0);
    ERR_clear_error();
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    STACK_OF(X509)* cas = nullptr;
    ASSERT_EQ(PKCS12_parse(p12.get(), "S3cret!", &key, &cert, &cas), 1) << pki::drain_openssl_errors();
    pki::EvpPkeyPtr k(key);
    pki::X509Ptr c(cert);
    pki::X509StackPtr ca_stack(cas);
    ASSERT_TRUE(k);
    EXPECT_EQ(EVP_PKEY_eq(k.get(), rsa_key(2).get()), 1);
    EXPECT_EQ(X509_cmp(c.get(), chain[0].x509.get()), 0);
    ASSERT_TRUE(ca_stack);
    EXPECT_EQ(sk_X509_num(ca_stack.get()), 2);
  }
}

TEST(WriterTest, Pkcs12WithoutKeyOrChain) {
  const auto chain = test_chain();
  Pkcs12Options o;
  o.password = "pw";
  o.include_key = false;
  o.include_chain = false;
  auto bytes = encode_pkcs12(chain, o);
  ASSERT_TRUE(bytes) << bytes.error().message;
  const unsigned char* p = bytes->data();
  pki::Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, static_cast<long>(bytes->size())));
  ASSERT_TRUE(p12);
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  STACK_OF(X509)* cas = nullptr;
  ASSERT_EQ(PKCS12_parse(p12.get(), "pw", &key, &cert, &cas), 1) << pki::drain_openssl_errors();
  pki::EvpPkeyPtr k(key);
  pki::X509Ptr c(cert);
  pki::X509StackPtr ca_stack(cas);
  EXPECT_FALSE(k);
  // Without a key to pair it with, PKCS12_parse returns the one certificate among the "CAs".
  EXPECT_FALSE(c);
  ASSERT_TRUE(ca_stack);
  ASSERT_EQ(sk_X509_num(ca_stack.get()), 1);
  EXPECT_EQ(X509_cmp(sk_X509_value(ca_stack.get(), 0), chain[0].x509.get()), 0);
  EXPECT_FALSE(encode_pkcs12({}, o));
}

TEST(WriterTest, PrivateKeyIsOwnerOnlyAndCsrFile) {
  TempDir dir;
  ASSERT_TRUE(write_private_key(dir.path() / "key.pem", rsa_key(2)));
  struct stat st {};
  ASSERT_EQ(stat((dir.path() / "key.pem").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  auto back = KeyPair::from_pem(file_text(dir.path() / "key.pem"));
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->same_key(rsa_key(2)));

  auto csr = make_csr(server_spec("a", {"a"}), rsa_key(2));
  ASSERT_TRUE(csr);
  ASSERT_TRUE(write_csr(dir.path() / "a.csr", csr->get()));
  EXPECT_EQ(file_text(dir.path() / "a.csr").rfind("-----BEGIN CERTIFICATE REQUEST-----", 0), 0U);
}

TEST(WriterTest, UnwritablePathIsAnErrorNamingIt) {
  TempDir dir;
  const fs::path p = dir.path() / "no-such-dir" / "x.pem";
  auto s = write_pem_chain(p, test_chain());
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find(p.string()), std::string::npos) << s.error().message;
}

TEST(WriterTest, OverwritesAtomically) {
  TempDir dir;
  const fs::path p = dir.path() / "f.txt";
  ASSERT_TRUE(write_file_atomic(p, std::string_view("first")));
  ASSERT_TRUE(write_file_atomic(p, std::string_view("second")));
  EXPECT_EQ(file_text(p), "second");
}

}  // namespace
}  // namespace uccert::lab
