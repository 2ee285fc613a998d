// The decoded certificate view: fields, decode notes, hostile DER, time conversion, signatures.
#include "uccert/pki/certificate.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <algorithm>
#include <string>
#include <vector>

#include "pki/has_note.h"
#include "uccert/lab/mint.h"
#include "uccert/verify/problem_ids.h"

namespace uccert::pki {
namespace {

using lab::CertSpec;
using lab::KeyPair;
using lab::KeySpec;
using lab::Minted;
using lab::mint;

using test_support::has_note;

struct CertificateTest : ::testing::Test {
  KeyPair root_key = KeyPair::cached(KeySpec::ec("P-256"), 0);
  KeyPair leaf_key = KeyPair::cached(KeySpec::ec("P-256"), 1);
  Minted root = mint(lab::root_ca_spec("Contoso Root", "Contoso"), root_key);
};

std::string hex(const unsigned char* p, unsigned n) {
  static const char* d = "0123456789ABCDEF";
  std::string s;
  for (unsigned i = 0; i < n; ++i) {
    s.push_back(d[p[i] >> 4]);
    s.push_back(d[p[i] & 15]);
  }
  return s;
}

TEST_F(CertificateTest, DecodesNamesSanAndThumbprints) {
  CertSpec spec = lab::server_spec("pool01.contoso.com", {"pool01.contoso.com", "*.contoso.com"});
  spec.subject = lab::make_name("pool01.contoso.com", "Contoso", "UC", "US");
  spec.subject.push_back({"emailAddress", "admin@contoso.com"});
  spec.san_ip = {"192.0.2.7", "2001:db8::1"};
  spec.san_email = {"sip@contoso.com"};
  spec.san_uri = {"sip:pool01.contoso.com"};
  Minted leaf = mint(spec, leaf_key, &root);
  const Certificate& c = *leaf.cert;

  EXPECT_EQ(c.version, 3);
  ASSERT_EQ(c.subject_common_names.size(), 1U);
  EXPECT_EQ(c.subject_common_names[0], "pool01.contoso.com");
  ASSERT_EQ(c.subject_emails.size(), 1U);
  EXPECT_EQ(c.subject_emails[0], "admin@contoso.com");
  EXPECT_NE(c.subject.text.find("CN=pool01.contoso.com"), std::string::npos);
  EXPECT_EQ(c.subject.text.rfind("emailAddress=admin@contoso.com", 0), 0U) << c.subject.text;  // most specific first
  EXPECT_EQ(c.issuer.text, "CN=Contoso Root, O=Contoso");
  EXPECT_TRUE(c.has_san_extension);

  std::vector<std::string> dns, ip, email, uri;
  for (const auto& g : c.subject_alt_names) {
    if (g.type == GeneralNameType::kDns) dns.push_back(g.value);
    if (g.type == GeneralNameType::kIp) ip.push_back(g.value);
    if (g.type == GeneralNameType::kEmail) email.push_back(g.value);
    if (g.type == GeneralNameType::kUri) uri.push_back(g.value);
  }
  EXPECT_EQ(dns, (std::vector<std::string>{"pool01.contoso.com", "*.contoso.com"}));
  EXPECT_EQ(ip, (std::vector<std::string>{"192.0.2.7", "2001:db8::1"}));
  EXPECT_EQ(email, (std::vector<std::string>{"sip@contoso.com"}));
  EXPECT_EQ(uri, (std::vector<std::string>{"sip:pool01.contoso.com"}));

  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned n = 0;
  ASSERT_EQ(EVP_Digest(leaf.der.data(), leaf.der.size(), md, &n, EVP_sha1(), nullptr), 1);
  EXPECT_EQ(c.sha1_thumbprint, hex(md, n));
  ASSERT_EQ(EVP_Digest(leaf.der.data(), leaf.der.size(), md, &n, EVP_sha256(), nullptr), 1);
  EXPECT_EQ(c.sha256_thumbprint, hex(md, n));
  EXPECT_EQ(c.der(), leaf.der);
  EXPECT_TRUE(c.decode_notes.empty());
}

TEST_F(CertificateTest, DecodesExtensionsTheInspectCommandShows) {
  CertSpec spec = lab::intermediate_ca_spec("Contoso Issuing", "Contoso", 1);
  spec.key_usage = lab::ku(KeyUsageBit::kKeyCertSign, KeyUsageBit::kCrlSign);
  spec.eku = std::vector<std::string>{"serverAuth", "clientAuth"};
  spec.crl_urls = {std::string(lab::kLabCrlUrl)};
  spec.ocsp_urls = {std::string(lab::kLabOcspUrl)};
  spec.ca_issuers_urls = {std::string(lab::kLabAiaUrl)};
  spec.policy_oids = {"2.5.29.32.0"};
  lab::NameConstraintsSpec nc;
  nc.permitted_dns = {".contoso.com"};
  nc.permitted_ip = {"10.0.0.0/8"};
  nc.excluded_email = {"fabrikam.com"};
  spec.name_constraints = nc;
  Minted ica = mint(spec, leaf_key, &root);
  const Certificate& c = *ica.cert;

  EXPECT_TRUE(c.is_ca());
  EXPECT_TRUE(c.basic_constraints.critical);
  ASSERT_TRUE(c.basic_constraints.path_len.has_value());
  EXPECT_EQ(*c.basic_constraints.path_len, 1);
  EXPECT_EQ(c.key_usage.names(), (std::vector<std::string>{"keyCertSign", "cRLSign"}));
  EXPECT_TRUE(c.extended_key_usage.has(kOidServerAuth));
  EXPECT_EQ(c.extended_key_usage.names, (std::vector<std::string>{"serverAuth", "clientAuth"}));
  EXPECT_EQ(c.crl_distribution_points, (std::vector<std::string>{std::string(lab::kLabCrlUrl)}));
  EXPECT_EQ(c.authority_info_access.ocsp, (std::vector<std::string>{std::string(lab::kLabOcspUrl)}));
  EXPECT_EQ(c.authority_info_access.ca_issuers, (std::vector<std::string>{std::string(lab::kLabAiaUrl)}));
  ASSERT_EQ(c.policies.size(), 1U);
  EXPECT_EQ(c.policies[0].oid, "2.5.29.32.0");
  ASSERT_TRUE(c.name_constraints.present);
  ASSERT_EQ(c.name_constraints.permitted.size(), 2U);
  EXPECT_EQ(c.name_constraints.permitted[0].value, ".contoso.com");
  EXPECT_EQ(c.name_constraints.permitted[1].value, "10.0.0.0/8");
  EXPECT_EQ(c.name_constraints.permitted[1].raw, (Bytes{10, 0, 0, 0, 255, 0, 0, 0}));
  ASSERT_EQ(c.name_constraints.excluded.size(), 1U);
  EXPECT_EQ(c.name_constraints.excluded[0].type, GeneralNameType::kEmail);
  EXPECT_EQ(c.subject_key_id, leaf_key.key_id());
  EXPECT_EQ(c.authority_key_id, root_key.key_id());
  EXPECT_FALSE(c.has_sct_list);
  ASSERT_NE(c.find_extension("2.5.29.19"), nullptr);
  EXPECT_EQ(c.find_extension("2.5.29.19")->name, "basicConstraints");
  EXPECT_EQ(c.public_key.algorithm, "EC");
  EXPECT_EQ(c.public_key.curve, "P-256");
  EXPECT_EQ(c.public_key.bits, 256);
  EXPECT_EQ(c.signature_algorithm.digest, "SHA256");
}

TEST_F(CertificateTest, SelfSignedAndSelfIssued) {
  EXPECT_TRUE(root.cert->self_issued);
  EXPECT_TRUE(root.cert->self_signed());
  Minted leaf = mint(lab::server_spec("a.contoso.com", {"a.contoso.com"}), leaf_key, &root);
  EXPECT_FALSE(leaf.cert->self_issued);
  EXPECT_FALSE(leaf.cert->self_signed());
  // Same name as the root, different key: self-issued but not self-signed.
  CertSpec rollover = lab::root_ca_spec("Contoso Root", "Contoso");
  Minted renewed = mint(rollover, leaf_key, &root);
  EXPECT_TRUE(renewed.cert->self_issued);
  EXPECT_FALSE(renewed.cert->self_signed());
}

TEST_F(CertificateTest, TimesBeyond2038And9999) {
  CertSpec spec = lab::server_spec("a.contoso.com", {"a.contoso.com"});
  spec.not_before = 4102444800;   // 2100-01-01T00:00:00Z (GeneralizedTime)
  spec.not_after = 253402300799;  // 9999-12-31T23:59:59Z
  Minted leaf = mint(spec, leaf_key, &root);
  EXPECT_EQ(leaf.cert->not_before, 4102444800);
  EXPECT_EQ(leaf.cert->not_after, 253402300799);
  EXPECT_FALSE(has_note(*leaf.cert, verify::problem::kEncodingTimeGeneralizedBefore2050));
}

TEST(TimeText, FormatAndParse) {
  EXPECT_EQ(format_time(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_time(951782400), "2000-02-29T00:00:00Z");
  EXPECT_EQ(format_time(253402300799), "9999-12-31T23:59:59Z");
  EXPECT_EQ(format_time(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(parse_time("1970-01-01T00:00:00Z"), UnixTime{0});
  EXPECT_EQ(parse_time("2024-03-01T00:00:00.999+00:00"), UnixTime{1709251200});
  EXPECT_EQ(parse_time("2024-03-01T01:30:00+01:30"), UnixTime{1709251200});
  EXPECT_EQ(parse_time("2024-02-29T23:00:00-01:00"), UnixTime{1709251200});
  EXPECT_EQ(parse_time("9999-12-31T23:59:59Z"), UnixTime{253402300799});
  EXPECT_FALSE(parse_time("2023-02-29T00:00:00Z"));
  EXPECT_FALSE(parse_time("2024-13-01T00:00:00Z"));
  EXPECT_FALSE(parse_time("2024-03-01 00:00"));
  EXPECT_FALSE(parse_time("2024-03-01T00:00:00"));
  EXPECT_FALSE(parse_time("2024-03-01T00:00:00Zjunk"));
  EXPECT_FALSE(parse_time(""));
  for (UnixTime t : {UnixTime{0}, UnixTime{1709251200}, UnixTime{2147483648}, UnixTime{253402300799}})
    EXPECT_EQ(parse_time(format_time(t)), t);
}

TEST_F(CertificateTest, SerialNumbers) {
  CertSpec spec = lab::server_spec("a.contoso.com", {"a.contoso.com"});
  spec.serial = Bytes{0x01, 0xAB, 0xCD};
  Minted a = mint(spec, leaf_key, &root);
  EXPECT_EQ(a.cert->serial_hex, "01ABCD");
  EXPECT_FALSE(has_note(*a.cert, verify::problem::kEncodingSerialNegative));

  spec.serial = Bytes{0x00};
  Minted zero = mint(spec, leaf_key, &root);
  EXPECT_TRUE(has_note(*zero.cert, verify::problem::kEncodingSerialZero));

  spec.serial = Bytes(21, 0x11);
  Minted longer = mint(spec, leaf_key, &root);
  EXPECT_TRUE(has_note(*longer.cert, verify::problem::kEncodingSerialTooLong));

  spec.serial = Bytes{0x05};
  spec.serial_negative = true;
  Minted neg = mint(spec, leaf_key, &root);
  EXPECT_TRUE(has_note(*neg.cert, verify::problem::kEncodingSerialNegative));
}

TEST_F(CertificateTest, NotesForTolerantDecoding) {
  CertSpec empty_san = lab::server_spec("a.contoso.com");
  empty_san.san_force_empty = true;
  EXPECT_TRUE(has_note(*mint(empty_san, leaf_key, &root).cert, verify::problem::kEncodingEmptySan));

  CertSpec dup = lab::server_spec("a.contoso.com", {"a.contoso.com"});
  dup.extra_extensions.push_back({"2.5.29.14", false, Bytes{0x04, 0x02, 0x01, 0x02}});
  EXPECT_TRUE(has_note(*mint(dup, leaf_key, &root).cert, verify::problem::kEncodingDuplicateExtension));

  CertSpec bad_san = lab::server_spec("a.contoso.com");
  bad_san.extra_extensions.push_back({"2.5.29.17", false, Bytes{0x30, 0x03, 0x82, 0x05, 0x61}});
  Minted bad = mint(bad_san, leaf_key, &root);
  EXPECT_TRUE(has_note(*bad.cert, "encoding.extension-undecodable:2.5.29.17"));
  EXPECT_TRUE(bad.cert->has_san_extension);
  EXPECT_TRUE(bad.cert->subject_alt_names.empty());

  CertSpec clean = lab::server_spec("a.contoso.com", {"a.contoso.com"});
  EXPECT_TRUE(mint(clean, leaf_key, &root).cert->decode_notes.empty());
}

TEST_F(CertificateTest, NameCanonicalFormFollowsRfc5280Comparison) {
  CertSpec a = lab::server_spec("x", {"x.contoso.com"});
  a.subject = {{"O", "Contoso  Ltd"}, {"CN", "Pool01"}};
  CertSpec b = a;
  b.subject = {{"O", " contoso ltd "}, {"CN", "pool01"}};
  CertSpec c = a;
  c.subject = {{"O", "Contoso Ltd"}, {"CN", "pool02"}};
  auto ca = mint(a, leaf_key, &root).cert;
  auto cb = mint(b, leaf_key, &root).cert;
  auto cc = mint(c, leaf_key, &root).cert;
  EXPECT_NE(ca->subject.der, cb->subject.der);
  EXPECT_EQ(ca->subject.canonical, cb->subject.canonical);
  EXPECT_NE(ca->subject.canonical, cc->subject.canonical);
  EXPECT_EQ(ca->subject.canonical_rdns.size(), 2U);
}

TEST_F(CertificateTest, SignatureVerification) {
  Minted leaf = mint(lab::server_spec("a.contoso.com", {"a.contoso.com"}), leaf_key, &root);
  EXPECT_TRUE(verify_signature(*leaf.cert, *root.cert).valid);
  auto wrong = verify_signature(*leaf.cert, *leaf.cert);
  EXPECT_FALSE(wrong.valid);
  EXPECT_FALSE(wrong.error.empty());

  CertSpec spec = lab::server_spec("b.contoso.com", {"b.contoso.com"});
  spec.corrupt_signature = true;
  Minted broken = mint(spec, leaf_key, &root);
  EXPECT_FALSE(verify_signature(*broken.cert, *root.cert).valid);
  // Asked again (each call checks afresh without a pool), the answers stay the same.
  EXPECT_FALSE(verify_signature(*broken.cert, *root.cert).valid);
  EXPECT_TRUE(verify_signature(*leaf.cert, *root.cert).valid);
}

TEST(SignatureAlgorithms, DigestAndPss) {
  KeyPair rsa = KeyPair::cached(KeySpec::rsa(2048), 0);
  Minted root = mint(lab::root_ca_spec("RSA Root"), rsa);
  CertSpec md5 = lab::server_spec("a.contoso.com", {"a.contoso.com"});
  md5.digest = "md5";
  auto m = mint(md5, rsa, &root);
  EXPECT_EQ(m.cert->signature_algorithm.digest, "MD5");
  EXPECT_EQ(m.cert->public_key.algorithm, "RSA");
  EXPECT_EQ(m.cert->public_key.bits, 2048);
  CertSpec pss = lab::server_spec("a.contoso.com", {"a.contoso.com"});
  pss.rsa_pss = true;
  auto p = mint(pss, rsa, &root);
  EXPECT_TRUE(p.cert->signature_algorithm.pss);
  EXPECT_EQ(p.cert->signature_algorithm.digest, "SHA256");
  EXPECT_TRUE(verify_signature(*p.cert, *root.cert).valid);
}

TEST_F(CertificateTest, HostileDerNeverCrashes) {
  EXPECT_FALSE(Certificate::from_der({}).ok());
  const Bytes garbage = {0x30, 0x82, 0xFF, 0xFF, 0x01};
  auto g = Certificate::from_der(garbage);
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.error().message.find("not a DER X.509 certificate"), std::string::npos);

  Minted leaf = mint(lab::server_spec("a.contoso.com", {"a.contoso.com"}), leaf_key, &root);
  const Bytes& der = leaf.der;
  // Every truncation fails cleanly.
  for (std::size_t n = 0; n < der.size(); n += 7) EXPECT_FALSE(Certificate::from_der({der.data(), n}).ok());
  // Every single-byte corruption either fails cleanly or decodes into some view.
  for (std::size_t i = 0; i < der.size(); ++i) {
    Bytes bad = der;
    bad[i] ^= 0xA5;
    auto r = Certificate::from_der(bad);
    if (r.ok()) {
      EXPECT_FALSE(r.value()->sha256_thumbprint.empty());
    }
  }
  // Trailing bytes are tolerated and noted.
  Bytes trailing = der;
  trailing.push_back(0);
  auto t = Certificate::from_der(trailing);
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(has_note(**t, verify::problem::kEncodingTrailingData));
  EXPECT_EQ(t.value()->der(), der);
}

TEST(FromX509, TakesOverTheReference) {
  KeyPair k = KeyPair::cached(KeySpec::ec("P-256"), 0);
  Minted root = mint(lab::root_ca_spec("Root"), k);
  X509* raw = root.x509.get();
  X509_up_ref(raw);
  auto c = Certificate::from_x509(raw);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.value()->der(), root.der);
  EXPECT_FALSE(Certificate::from_x509(nullptr).ok());
}

}  // namespace
}  // namespace uccert::pki
