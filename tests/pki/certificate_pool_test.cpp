// pki::CertificatePool: the run's memo of decoded certificates and signature checks, threaded
// explicitly through from_der, the loaders, chain_order and verify_signature.
#include "uccert/pki/certificate_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "uccert/lab/mint.h"
#include "uccert/pki/chain_order.h"
#include "uccert/pki/load.h"

namespace uccert::pki {
namespace {

using lab::KeyPair;
using lab::KeySpec;
using lab::Minted;
using lab::mint;

struct CertificatePoolTest : ::testing::Test {
  KeyPair root_key = KeyPair::cached(KeySpec::ec("P-256"), 0);
  KeyPair leaf_key = KeyPair::cached(KeySpec::ec("P-256"), 1);
  Minted root = mint(lab::root_ca_spec("Pool Root", "Contoso"), root_key);

  Minted leaf(const std::string& host) { return mint(lab::server_spec(host, {host}), leaf_key, &root); }
};

bool has_note(const Certificate& c, std::string_view id) {
  for (const auto& n : c.decode_notes)
    if (n.id == id) return true;
  return false;
}

std::span<const std::uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

TEST_F(CertificatePoolTest, TheSameDerThroughOnePoolIsOneObjectAndAHit) {
  Minted l = leaf("a.contoso.com");
  CertificatePool pool;
  auto first = Certificate::from_der(l.der, &pool);
  auto again = Certificate::from_der(l.der, &pool);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(first.value().get(), again.value().get());
  CertificatePoolStats s = pool.stats();
  EXPECT_EQ(s.certificate_misses, 1U);
  EXPECT_EQ(s.certificate_hits, 1U);
  EXPECT_EQ(s.certificates, 1U);
  // Other bytes are another certificate, even when they decode to the same DER: the copy with
  // trailing data keeps its own note, and the clean one never gains it.
  pki::Bytes trailing = l.der;
  trailing.push_back(0);
  auto t = Certificate::from_der(trailing, &pool);
  ASSERT_TRUE(t.ok());
  EXPECT_NE(t.value().get(), first.value().get());
  EXPECT_TRUE(has_note(**t, "encoding.trailing-data"));
  EXPECT_FALSE(has_note(**first, "encoding.trailing-data"));
  EXPECT_EQ(pool.stats().certificates, 2U);
}

TEST_F(CertificatePoolTest, WithoutAPoolEveryCallDecodesAfresh) {
  Minted l = leaf("b.contoso.com");
  auto first = Certificate::from_der(l.der);
  auto again = Certificate::from_der(l.der);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(again.ok());
  EXPECT_NE(first.value().get(), again.value().get());
  EXPECT_EQ(first.value()->sha256_thumbprint, again.value()->sha256_thumbprint);
}

TEST_F(CertificatePoolTest, TwoPoolsAreIndependent) {
  Minted l = leaf("c.contoso.com");
  CertificatePool one;
  CertificatePool two;
  auto a = Certificate::from_der(l.der, &one);
  auto b = Certificate::from_der(l.der, &two);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_NE(a.value().get(), b.value().get());
  EXPECT_EQ(two.stats().certificate_hits, 0U);
  EXPECT_EQ(two.stats().certificate_misses, 1U);
  // Clearing one leaves the other as it was.
  one.clear();
  EXPECT_EQ(one.stats().certificates, 0U);
  EXPECT_EQ(two.stats().certificates, 1U);
  auto c = Certificate::from_der(l.der, &one);
  ASSERT_TRUE(c.ok());
  EXPECT_NE(c.value().get(), a.value().get());
  EXPECT_EQ(Certificate::from_der(l.der, &two).value().get(), b.value().get());
}

TEST_F(CertificatePoolTest, BoundsAreHonoured) {
  CertificatePool pool(2, 3);
  std::vector<Minted> leaves;
  for (int i = 0; i < 5; ++i) leaves.push_back(leaf("bound" + std::to_string(i) + ".contoso.com"));
  for (const auto& l : leaves) {
    auto c = Certificate::from_der(l.der, &pool);
    ASSERT_TRUE(c.ok());
    EXPECT_LE(pool.stats().certificates, 2U);
    EXPECT_TRUE(verify_signature(**c, *root.cert, &pool).valid);
    EXPECT_LE(pool.stats().signature_checks, 3U);
  }
  EXPECT_EQ(pool.stats().certificate_misses, 5U);
  EXPECT_EQ(pool.stats().signature_misses, 5U);
  // A bound of 0 keeps nothing: every call decodes afresh, and still answers right.
  CertificatePool none(0, 0);
  auto x = Certificate::from_der(leaves[0].der, &none);
  auto y = Certificate::from_der(leaves[0].der, &none);
  ASSERT_TRUE(x.ok());
  ASSERT_TRUE(y.ok());
  EXPECT_NE(x.value().get(), y.value().get());
  EXPECT_TRUE(verify_signature(**x, *root.cert, &none).valid);
  EXPECT_EQ(none.stats().certificates, 0U);
  EXPECT_EQ(none.stats().signature_checks, 0U);
}

TEST_F(CertificatePoolTest, SignatureChecksAreKeptPerPair) {
  Minted good = leaf("d.contoso.com");
  lab::CertSpec spec = lab::server_spec("e.contoso.com", {"e.contoso.com"});
  spec.corrupt_signature = true;
  Minted broken = mint(spec, leaf_key, &root);
  CertificatePool pool;
  EXPECT_TRUE(verify_signature(*good.cert, *root.cert, &pool).valid);
  EXPECT_FALSE(verify_signature(*broken.cert, *root.cert, &pool).valid);
  EXPECT_FALSE(verify_signature(*good.cert, *good.cert, &pool).valid);
  EXPECT_EQ(pool.stats().signature_misses, 3U);
  EXPECT_EQ(pool.stats().signature_hits, 0U);
  // Asked again, each pair keeps its own answer.
  EXPECT_TRUE(verify_signature(*good.cert, *root.cert, &pool).valid);
  auto again = verify_signature(*broken.cert, *root.cert, &pool);
  EXPECT_FALSE(again.valid);
  EXPECT_FALSE(again.error.empty());
  EXPECT_FALSE(verify_signature(*good.cert, *good.cert, &pool).valid);
  EXPECT_EQ(pool.stats().signature_hits, 3U);
}

TEST_F(CertificatePoolTest, TheLoadersUseThePoolOfTheirOptions) {
  Minted l = leaf("f.contoso.com");
  const std::string pem = l.pem() + root.pem();
  CertificatePool pool;
  LoadOptions options;
  options.pool = &pool;
  auto first = load_bytes(bytes_of(pem), "chain.pem", options);
  auto again = load_bytes(bytes_of(pem), "chain.pem", options);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(first->certificates.size(), 2U);
  EXPECT_EQ(first->certificates[0].get(), again->certificates[0].get());
  EXPECT_EQ(first->certificates[1].get(), again->certificates[1].get());
  EXPECT_EQ(pool.stats().certificate_hits, 2U);
  // Loading checks no signature: the root's self-signature is checked when first asked, once
  // per certificate object, without the pool.
  EXPECT_EQ(pool.stats().signature_misses + pool.stats().signature_hits, 0U);
  EXPECT_TRUE(first->certificates[1]->self_signed());
  EXPECT_TRUE(again->certificates[1]->self_signed());
  EXPECT_FALSE(first->certificates[0]->self_signed());

  // PKCS#7 hands over decoded X509s (from_x509): the same DER is still one object.
  auto p7 = lab::encode_pkcs7({l, root}, lab::Encoding::kDer);
  ASSERT_TRUE(p7.ok());
  auto bundle = load_bytes(*p7, "chain.p7b", options);
  ASSERT_TRUE(bundle.ok());
  ASSERT_EQ(bundle->certificates.size(), 2U);
  EXPECT_EQ(bundle->certificates[0].get(), first->certificates[0].get());

  // Without a pool in the options, nothing is shared and the pool is not consulted.
  const auto before = pool.stats();
  auto plain = load_bytes(bytes_of(pem), "chain.pem");
  ASSERT_TRUE(plain.ok());
  EXPECT_NE(plain->certificates[0].get(), first->certificates[0].get());
  EXPECT_EQ(pool.stats().certificate_hits + pool.stats().certificate_misses,
            before.certificate_hits + before.certificate_misses);
}

TEST_F(CertificatePoolTest, ChainOrderChecksSignaturesThroughThePool) {
  Minted l = leaf("g.contoso.com");
  CertificatePool pool;
  const std::vector<CertificatePtr> certs{l.cert, root.cert};
  ChainOrder o = analyse_chain_order(certs, &pool);
  EXPECT_EQ(o.kind, ChainOrderKind::kLeafFirst);
  EXPECT_EQ(pool.stats().signature_misses, 1U);
  ChainOrder again = analyse_chain_order(certs, &pool);
  EXPECT_EQ(again.kind, ChainOrderKind::kLeafFirst);
  EXPECT_TRUE(again.links[0].signature_valid);
  EXPECT_EQ(pool.stats().signature_hits, 1U);
}

// Several threads decoding and checking the same certificates through one pool: each DER is one
// object for all of them, every lookup is counted, and every answer is right.
TEST_F(CertificatePoolTest, ConcurrentUseFromSeveralThreadsIsSafe) {
  std::vector<Minted> leaves;
  for (int i = 0; i < 8; ++i) leaves.push_back(leaf("t" + std::to_string(i) + ".contoso.com"));
  CertificatePool pool(64, 64);
  constexpr int kThreads = 6;
  constexpr int kRounds = 20;
  std::vector<std::vector<const Certificate*>> seen(kThreads, std::vector<const Certificate*>(leaves.size()));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int r = 0; r < kRounds; ++r) {
        for (std::size_t i = 0; i < leaves.size(); ++i) {
          auto c = Certificate::from_der(leaves[i].der, &pool);
          if (!c || !verify_signature(**c, *root.cert, &pool).valid) ++failures;
          if (!c) continue;
          if (r == 0) seen[static_cast<std::size_t>(t)][i] = c.value().get();
          else if (seen[static_cast<std::size_t>(t)][i] != c.value().get()) ++failures;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  for (int t = 1; t < kThreads; ++t) EXPECT_EQ(seen[static_cast<std::size_t>(t)], seen[0]);
  const CertificatePoolStats s = pool.stats();
  const std::uint64_t calls = static_cast<std::uint64_t>(kThreads) * kRounds * leaves.size();
  EXPECT_EQ(s.certificate_hits + s.certificate_misses, calls);
  EXPECT_EQ(s.signature_hits + s.signature_misses, calls);
  EXPECT_GE(s.certificate_misses, leaves.size());
  EXPECT_EQ(s.certificates, leaves.size());
}

}  // namespace
}  // namespace uccert::pki
