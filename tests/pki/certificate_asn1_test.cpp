// uccert's own certificate parse (certificate_asn1.h) and what the view makes lazily from it: key
// sizes read without an EVP_PKEY, the issuer's key decoded on first use, the X509 made on first
// use, signatures checked over the retained TBS bytes, self_signed() computed once under
// concurrent callers. Every case is also held to the reference decoder (d2i_X509).
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "pki/has_note.h"
#include "uccert/lab/mint.h"
#include "uccert/pki/certificate.h"
#include "uccert/pki/certificate_reference.h"

namespace uccert::pki {
namespace {

using lab::CertSpec;
using lab::KeyPair;
using lab::KeySpec;
using lab::Minted;
using lab::mint;

using test_support::has_note;

// from_der and the reference agree on `der` field by field (or both refuse it).
void expect_same_as_reference(const Bytes& der) {
  auto fresh = Certificate::from_der(der);
  auto reference = Certificate::from_der_reference(der);
  ASSERT_EQ(fresh.ok(), reference.ok());
  if (!fresh.ok()) return;
  const auto diff = view_differences(**reference, **fresh);
  EXPECT_TRUE(diff.empty()) << diff.front();
}

// The offset of the last occurrence of `needle` in `hay` (npos when absent).
std::size_t last_of(const Bytes& hay, const Bytes& needle) {
  auto it = std::find_end(hay.begin(), hay.end(), needle.begin(), needle.end());
  return it == hay.end() ? std::string::npos : static_cast<std::size_t>(it - hay.begin());
}

struct CertificateAsn1Test : ::testing::Test {
  KeyPair root_key = KeyPair::cached(KeySpec::rsa(2048), 0);
  Minted root = mint(lab::root_ca_spec("Asn1 Root", "Contoso"), root_key);

  Minted leaf_with(const KeySpec& key_spec, int index = 0, bool pss = false) {
    CertSpec spec = lab::server_spec("a.contoso.com", {"a.contoso.com"});
    spec.rsa_pss = pss;
    return mint(spec, KeyPair::cached(key_spec, index), &root);
  }
};

TEST_F(CertificateAsn1Test, KeySizesWithoutDecodingMatchOpenSsl) {
  struct Case {
    KeySpec spec;
    std::string algorithm;
    std::string curve;
    int bits;
  };
  const std::vector<Case> cases = {
      {KeySpec::rsa(2048), "RSA", "", 2048},       {KeySpec::ec("P-256"), "EC", "P-256", 256},
      {KeySpec::ec("P-384"), "EC", "P-384", 384},  {KeySpec::ec("P-521"), "EC", "P-521", 521},
      {KeySpec::ed25519(), "Ed25519", "", 256},
  };
  for (const auto& k : cases) {
    SCOPED_TRACE(k.spec.describe());
    Minted leaf = leaf_with(k.spec, 3);
    const Certificate& c = *leaf.cert;
    EXPECT_EQ(c.public_key.algorithm, k.algorithm);
    EXPECT_EQ(c.public_key.curve, k.curve);
    EXPECT_EQ(c.public_key.bits, k.bits);
    EXPECT_TRUE(c.public_key.decodable);
    EVP_PKEY* key = c.public_key_handle();
    ASSERT_NE(key, nullptr);
    EXPECT_EQ(EVP_PKEY_get_bits(key), k.bits);
    EXPECT_EQ(c.public_key_handle(), key) << "decoded once, then kept";
    expect_same_as_reference(leaf.der);
  }
}

TEST_F(CertificateAsn1Test, MalformedRsaKeyIsUndecodableAsForOpenSsl) {
  Minted leaf = leaf_with(KeySpec::rsa(2048), 4);
  // The RSAPublicKey inside the BIT STRING: 03 82 01 0F 00 30 82 01 0A ... Make its SEQUENCE a SET.
  Bytes der = leaf.der;
  const std::size_t at = last_of(der, Bytes{0x03, 0x82, 0x01, 0x0F, 0x00, 0x30, 0x82, 0x01, 0x0A});
  ASSERT_NE(at, std::string::npos);
  der[at + 5] = 0x31;
  auto c = Certificate::from_der(der);
  ASSERT_TRUE(c.ok()) << "a bad key is a finding, not a refused certificate";
  EXPECT_FALSE((*c)->public_key.decodable);
  EXPECT_EQ((*c)->public_key.bits, 0);
  EXPECT_EQ((*c)->public_key_handle(), nullptr);
  expect_same_as_reference(der);
}

TEST_F(CertificateAsn1Test, X509IsMadeOnFirstUseFromTheSameBytes) {
  Minted leaf = leaf_with(KeySpec::ec("P-256"), 5);
  const Certificate& c = *leaf.cert;
  X509* x = c.x509();
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(c.x509(), x);
  unsigned char* out = nullptr;
  const int n = i2d_X509(x, &out);
  ASSERT_GT(n, 0);
  EXPECT_EQ(Bytes(out, out + n), c.der());
  OPENSSL_free(out);
}

TEST_F(CertificateAsn1Test, SignaturesAreCheckedOverTheTbsBytes) {
  Minted leaf = leaf_with(KeySpec::ec("P-256"), 6);
  Minted pss = leaf_with(KeySpec::ec("P-256"), 7, true);
  EXPECT_TRUE(verify_signature(*leaf.cert, *root.cert).valid);
  EXPECT_TRUE(verify_signature(*pss.cert, *root.cert).valid);
  EXPECT_TRUE(pss.cert->signature_algorithm.pss);
  EXPECT_EQ(pss.cert->signature_algorithm.digest, "SHA256") << "from the RSASSA-PSS parameters";
  EXPECT_EQ(pss.cert->tbs_signature_algorithm.digest, "SHA256");
  // Another key does not verify it (an EC key for an RSA signature: X509_verify's -1); a
  // certificate does not verify itself.
  EVP_PKEY* other = pss.cert->public_key_handle();
  EXPECT_EQ(leaf.cert->verify_signature_with(other), X509_verify(leaf.cert->x509(), other));
  EXPECT_LE(leaf.cert->verify_signature_with(other), 0);
  EXPECT_FALSE(verify_signature(*leaf.cert, *leaf.cert).valid);
  CertSpec spec = lab::server_spec("b.contoso.com", {"b.contoso.com"});
  spec.corrupt_signature = true;
  Minted broken = mint(spec, KeyPair::cached(KeySpec::ec("P-256"), 6), &root);
  EXPECT_FALSE(verify_signature(*broken.cert, *root.cert).valid);
  expect_same_as_reference(pss.der);
  expect_same_as_reference(broken.der);
}

TEST_F(CertificateAsn1Test, OuterAndInnerAlgorithmsMustAgreeAsInX509Verify) {
  Minted leaf = leaf_with(KeySpec::ec("P-256"), 8);
  // sha256WithRSAEncryption (1.2.840.113549.1.1.11) in the outer AlgorithmIdentifier becomes
  // sha384WithRSAEncryption (...1.12): the TBS bytes, and so the signature, stay as they were.
  Bytes der = leaf.der;
  const Bytes oid{0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B};
  const std::size_t at = last_of(der, oid);
  ASSERT_NE(at, std::string::npos);
  der[at + oid.size() - 1] = 0x0C;
  auto c = Certificate::from_der(der);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(has_note(**c, "encoding.signature-algorithm-mismatch"));
  EXPECT_EQ((*c)->verify_signature_with(root.cert->public_key_handle()), 0);
  EXPECT_FALSE(verify_signature(**c, *root.cert).valid);
  auto reference = Certificate::from_der_reference(der);
  ASSERT_TRUE(reference.ok());
  EXPECT_EQ(X509_verify((*reference)->x509(), root.cert->public_key_handle()), 0);
  expect_same_as_reference(der);
}

TEST_F(CertificateAsn1Test, LazyPartsAreMadeOnceForConcurrentCallers) {
  Minted leaf = leaf_with(KeySpec::rsa(2048), 9);
  auto fresh = Certificate::from_der(root.der);
  ASSERT_TRUE(fresh.ok());
  const Certificate& c = **fresh;
  std::atomic<int> self_signed{0};
  std::vector<EVP_PKEY*> keys(8, nullptr);
  std::vector<X509*> x509s(8, nullptr);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      if (c.self_signed()) ++self_signed;
      keys[t] = c.public_key_handle();
      x509s[t] = c.x509();
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(self_signed.load(), 8);
  EXPECT_NE(keys[0], nullptr);
  EXPECT_NE(x509s[0], nullptr);
  EXPECT_EQ(std::count(keys.begin(), keys.end(), keys[0]), 8);
  EXPECT_EQ(std::count(x509s.begin(), x509s.end(), x509s[0]), 8);
  EXPECT_TRUE(verify_signature(*leaf.cert, c).valid);
}

TEST_F(CertificateAsn1Test, HostileBytesAreRefusedAsByD2iX509) {
  const Bytes& good = root.der;
  expect_same_as_reference(Bytes(good.begin(), good.begin() + static_cast<long>(good.size() / 2)));
  expect_same_as_reference(Bytes{0x30, 0x03, 0x02, 0x01, 0x01});
  Bytes trailing = good;
  trailing.push_back(0);
  auto t = Certificate::from_der(trailing);
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(has_note(**t, "encoding.trailing-data"));
  expect_same_as_reference(trailing);
  // Every single-byte change of the first 200 bytes: both decoders accept or refuse alike.
  for (std::size_t i = 0; i < 200 && i < good.size(); ++i) {
    Bytes flipped = good;
    flipped[i] ^= 0x41;
    SCOPED_TRACE(i);
    expect_same_as_reference(flipped);
  }
}

TEST_F(CertificateAsn1Test, TheFuzzSeedsMatchTheReference) {
  const std::filesystem::path dir = std::filesystem::path(UCCERT_SOURCE_DIR) / "fuzz/corpus/certificate";
  std::size_t seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    Bytes der((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    SCOPED_TRACE(entry.path().filename().string());
    expect_same_as_reference(der);
    ++seen;
  }
  EXPECT_GE(seen, 5U);
}

}  // namespace
}  // namespace uccert::pki
