// Loading every container, detected by content: the expected certificates are the minted DER,
// compared byte for byte, so a loader that drops, reorders or re-encodes one fails.
#include "uccert/pki/load.h"

#include <gtest/gtest.h>
#include <openssl/pkcs12.h>

#include <algorithm>

#include "pki/load_fixtures.h"

namespace uccert::pki {
namespace {

using testing::TempDir;
using testing::test_chain;

void expect_same_certs(const LoadedFile& file, const std::vector<lab::Minted>& expected) {
  ASSERT_EQ(file.certificates.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(file.certificates[i]->der(), expected[i].der) << "certificate " << i;
  }
}

TEST(Load, PemChainInFileOrder) {
  TempDir dir;
  const auto chain = test_chain().leaf_first();
  auto file = load_file(testing::write_pem_chain(dir, "chain.cer", chain));
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(file->container, ContainerKind::kPem);
  EXPECT_EQ(container_name(file->container), "PEM");
  expect_same_certs(*file, chain);
  EXPECT_FALSE(file->pkcs12);
  EXPECT_FALSE(file->csr);
}

TEST(Load, PemWithTextBeforeAndBetweenBlocksAndCrlf) {
  TempDir dir;
  const auto& c = test_chain();
  std::string text = "Bag Attributes\n    friendlyName: pool01\nsubject=/CN=pool01\n" + c.leaf.pem() +
                     "\nissuer of the above:\n" + c.intermediate.pem() + "trailing words\n";
  std::string crlf;
  for (char ch : text) {
    if (ch == '\n') crlf += '\r';
    crlf += ch;
  }
  auto file = load_file(dir.write("bundle.txt", crlf));
  ASSERT_TRUE(file) << file.error().message;
  expect_same_certs(*file, {c.leaf, c.intermediate});
}

TEST(Load, PemSkipsPrivateKeyBlocksWithoutDecodingThem) {
  TempDir dir;
  const auto& c = test_chain();
  std::string text = c.leaf.key.pem_private() + c.leaf.pem();
  auto file = load_file(dir.write("key-and-cert.pem", text));
  ASSERT_TRUE(file) << file.error().message;
  expect_same_certs(*file, {c.leaf});
  ASSERT_EQ(file->notes.size(), 1U);
  EXPECT_EQ(file->notes[0], "skipped a PRIVATE KEY block");
}

TEST(Load, DerSingleCertificateWhateverTheExtension) {
  TempDir dir;
  const auto& c = test_chain();
  auto file = load_file(testing::write_der(dir, "leaf.pem", c.leaf));  // misleading extension on purpose
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(file->container, ContainerKind::kDer);
  EXPECT_EQ(file->encoding, Encoding::kDer);
  expect_same_certs(*file, {c.leaf});
}

TEST(Load, ConcatenatedDerCertificates) {
  TempDir dir;
  const auto& c = test_chain();
  pki::Bytes both = c.leaf.der;
  both.insert(both.end(), c.intermediate.der.begin(), c.intermediate.der.end());
  auto file = load_file(dir.write("two.der", both));
  ASSERT_TRUE(file) << file.error().message;
  expect_same_certs(*file, {c.leaf, c.intermediate});
}

TEST(Load, Pkcs7PemAndDer) {
  TempDir dir;
  const auto chain = test_chain().leaf_first();
  for (auto enc : {lab::Encoding::kPem, lab::Encoding::kDer}) {
    auto file = load_file(testing::write_p7(dir, enc == lab::Encoding::kPem ? "chain.p7b" : "chain.p7c", chain, enc));
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_EQ(file->container, ContainerKind::kPkcs7);
    EXPECT_EQ(container_name(file->container), "PKCS#7");
    EXPECT_EQ(file->encoding, enc == lab::Encoding::kPem ? Encoding::kPem : Encoding::kDer);
    expect_same_certs(*file, chain);
  }
}

TEST(Load, Pkcs12WithThreeCertificateChainAndPassword) {
  TempDir dir;
  const auto chain = test_chain().leaf_first();
  lab::Pkcs12Options opt;
  opt.password = "Pa55-w0rd";
  opt.friendly_name = "pool01 2026";
  const std::string path = testing::write_p12(dir, "pool.pfx", chain, opt);
  LoadOptions load;
  int asked = 0;
  load.password = [&](const std::string& p) -> std::optional<Secret> {
    ++asked;
    EXPECT_EQ(p, path);
    return Secret("Pa55-w0rd", 9);
  };
  auto file = load_file(path, load);
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(asked, 1);
  EXPECT_EQ(file->container, ContainerKind::kPkcs12);
  ASSERT_EQ(file->certificates.size(), 3U);
  // Whatever order the bags are in, the three minted certificates are there.
  std::vector<pki::Bytes> got;
  for (const auto& cert : file->certificates) got.push_back(cert->der());
  for (const auto& m : chain) EXPECT_NE(std::find(got.begin(), got.end(), m.der), got.end());
  ASSERT_TRUE(file->pkcs12);
  const Pkcs12Facts& f = *file->pkcs12;
  EXPECT_TRUE(f.password_protected);
  EXPECT_TRUE(f.has_private_key);
  ASSERT_TRUE(f.key_matches_leaf.has_value());
  EXPECT_TRUE(*f.key_matches_leaf);
  ASSERT_TRUE(f.leaf_index);
  EXPECT_EQ(file->certificates[*f.leaf_index]->der(), test_chain().leaf.der);
  EXPECT_TRUE(f.carries_chain);
  EXPECT_EQ(f.certificate_count, 3U);
  EXPECT_EQ(f.friendly_name, "pool01 2026");
}

TEST(Load, Pkcs12LegacyEncryptionAndEmptyPasswordNeedsNoPrompt) {
  TempDir dir;
  lab::Pkcs12Options opt;
  opt.password = "";
  opt.legacy_3des = true;
  opt.include_chain = false;
  const std::string path = testing::write_p12(dir, "leaf.p12", test_chain().leaf_first(), opt);
  LoadOptions load;
  load.password = [](const std::string&) -> std::optional<Secret> {
    ADD_FAILURE() << "asked for a password the file does not need";
    return std::nullopt;
  };
  auto file = load_file(path, load);
  ASSERT_TRUE(file) << file.error().message;
  ASSERT_TRUE(file->pkcs12);
  EXPECT_FALSE(file->pkcs12->password_protected);
  EXPECT_FALSE(file->pkcs12->carries_chain);  // S-10: the leaf alone leaves iOS without the intermediate
  EXPECT_EQ(file->pkcs12->key_matches_leaf, std::optional<bool>(true));
  ASSERT_EQ(file->certificates.size(), 1U);
  EXPECT_EQ(file->certificates[0]->der(), test_chain().leaf.der);
}

TEST(Load, Pkcs12WithoutKey) {
  TempDir dir;
  lab::Pkcs12Options opt;
  opt.password = "x";
  opt.include_key = false;
  auto file = load_file(testing::write_p12(dir, "nokey.pfx", test_chain().leaf_first(), opt),
                        LoadOptions{[](const std::string&) { return std::optional<Secret>(Secret("x", 1)); }, {}});
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_FALSE(file->pkcs12->has_private_key);
  EXPECT_FALSE(file->pkcs12->key_matches_leaf.has_value());
}

// A PFX with the leaf, the intermediate and the intermediate's key, built by hand: PKCS12_create
// (and so lab/) refuses a key that does not match the first certificate.
pki::Bytes pfx_with_key_of(const std::vector<const lab::Minted*>& certs, const lab::KeyPair& key) {
  STACK_OF(PKCS12_SAFEBAG)* bags = nullptr;
  for (const lab::Minted* m : certs) EXPECT_NE(PKCS12_add_cert(&bags, m->x509.get()), nullptr);
  EXPECT_NE(PKCS12_add_key(&bags, key.get(), 0, PKCS12_DEFAULT_ITER, -1, nullptr), nullptr);
  STACK_OF(PKCS7)* safes = nullptr;
  EXPECT_NE(PKCS12_add_safe(&safes, bags, -1, 0, nullptr), 0);
  sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
  Pkcs12Ptr p12(PKCS12_add_safes(safes, 0));
  sk_PKCS7_pop_free(safes, PKCS7_free);
  EXPECT_TRUE(p12);
  EXPECT_EQ(PKCS12_set_mac(p12.get(), "", 0, nullptr, 0, PKCS12_DEFAULT_ITER, nullptr), 1);
  unsigned char* out = nullptr;
  const int n = i2d_PKCS12(p12.get(), &out);
  pki::Bytes der(out, out + n);
  OPENSSL_free(out);
  return der;
}

TEST(Load, Pkcs12KeyOfAnotherCertificateDoesNotMatchTheLeaf) {
  TempDir dir;
  const auto& c = test_chain();
  auto file = load_file(dir.write("mismatch.pfx", pfx_with_key_of({&c.leaf, &c.intermediate}, c.intermediate.key)));
  ASSERT_TRUE(file) << file.error().message;
  ASSERT_TRUE(file->pkcs12);
  EXPECT_TRUE(file->pkcs12->has_private_key);
  EXPECT_EQ(file->pkcs12->leaf_index, std::optional<std::size_t>(0));
  EXPECT_EQ(file->pkcs12->key_matches_leaf, std::optional<bool>(false));
  EXPECT_EQ(file->pkcs12->key_certificate_index, std::optional<std::size_t>(1));
}

TEST(Load, Pkcs12KeyOfNoCertificate) {
  TempDir dir;
  const auto& c = test_chain();
  auto file = load_file(dir.write("stray-key.pfx", pfx_with_key_of({&c.leaf}, lab::KeyPair::cached(lab::KeySpec::rsa(), 2))));
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(file->pkcs12->key_matches_leaf, std::optional<bool>(false));
  EXPECT_FALSE(file->pkcs12->key_certificate_index.has_value());
}

TEST(Load, CsrPemAndDer) {
  TempDir dir;
  for (auto enc : {lab::Encoding::kPem, lab::Encoding::kDer}) {
    auto file = load_file(testing::write_csr(dir, enc == lab::Encoding::kPem ? "req.csr" : "req.der", enc));
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_EQ(file->container, ContainerKind::kCsr);
    EXPECT_EQ(container_name(file->container), "PKCS#10");
    EXPECT_TRUE(file->certificates.empty());
    ASSERT_TRUE(file->csr);
    EXPECT_EQ(file->csr->subject_common_names, std::vector<std::string>{std::string(testing::kLeafCn)});
    EXPECT_TRUE(file->csr->signature_valid);
  }
}

TEST(Load, BareBase64Der) {
  TempDir dir;
  // A base64 PFX or CER without PEM lines (a key vault export, a certificate pasted from mail).
  const std::string body = test_chain().leaf.pem();
  const auto begin = body.find('\n') + 1;
  const auto end = body.find("-----END");
  auto file = load_file(dir.write("leaf.b64", body.substr(begin, end - begin)));
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(file->encoding, Encoding::kBase64);
  EXPECT_EQ(file->certificates.at(0)->der(), test_chain().leaf.der);
}

}  // namespace
}  // namespace uccert::pki
