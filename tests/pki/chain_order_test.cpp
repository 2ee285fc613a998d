// The order of certificates as found in a file.
#include "uccert/pki/chain_order.h"

#include <gtest/gtest.h>

#include "pki/load_fixtures.h"

namespace uccert::pki {
namespace {

using testing::test_chain;

std::vector<CertificatePtr> certs(const std::vector<const lab::Minted*>& list) {
  std::vector<CertificatePtr> out;
  for (const lab::Minted* m : list) out.push_back(m->cert);
  return out;
}

TEST(ChainOrder, LeafFirstWithRoot) {
  const auto& c = test_chain();
  ChainOrder o = analyse_chain_order(certs({&c.leaf, &c.intermediate, &c.root}));
  EXPECT_EQ(o.kind, ChainOrderKind::kLeafFirst);
  EXPECT_EQ(chain_order_name(o.kind), "leaf-first");
  EXPECT_TRUE(o.breaks.empty());
  EXPECT_TRUE(o.root_included);
  EXPECT_EQ(o.root_indices, std::vector<std::size_t>{2});
  EXPECT_EQ(o.leaf_index, std::optional<std::size_t>(0));
  ASSERT_EQ(o.links.size(), 3U);
  EXPECT_EQ(o.links[0].issuer_index, std::optional<std::size_t>(1));
  EXPECT_TRUE(o.links[0].name_match);
  EXPECT_EQ(o.links[0].key_id_match, std::optional<bool>(true));
  EXPECT_TRUE(o.links[0].signature_valid);
  EXPECT_EQ(o.links[1].issuer_index, std::optional<std::size_t>(2));
  EXPECT_TRUE(o.links[2].self_signed);
  EXPECT_TRUE(o.missing_issuer.empty());
}

TEST(ChainOrder, RootFirst) {
  const auto& c = test_chain();
  ChainOrder o = analyse_chain_order(certs({&c.root, &c.intermediate, &c.leaf}));
  EXPECT_EQ(o.kind, ChainOrderKind::kRootFirst);
  EXPECT_EQ(o.leaf_index, std::optional<std::size_t>(2));
  EXPECT_EQ(o.breaks.size(), 2U);
}

TEST(ChainOrder, BrokenOrderNamesThePlace) {
  const auto& c = test_chain();
  ChainOrder o = analyse_chain_order(certs({&c.leaf, &c.root, &c.intermediate}));
  EXPECT_EQ(o.kind, ChainOrderKind::kUnordered);
  ASSERT_EQ(o.breaks.size(), 2U);
  EXPECT_NE(o.breaks[0].find("certificate 1"), std::string::npos) << o.breaks[0];
  EXPECT_NE(o.breaks[0].find("its issuer is certificate 3"), std::string::npos) << o.breaks[0];
  EXPECT_NE(o.breaks[1].find("self-signed"), std::string::npos) << o.breaks[1];
}

TEST(ChainOrder, MissingIntermediate) {
  const auto& c = test_chain();
  ChainOrder o = analyse_chain_order(certs({&c.leaf, &c.root}));
  EXPECT_EQ(o.kind, ChainOrderKind::kUnordered);
  EXPECT_FALSE(o.links[0].issuer_index.has_value());
  EXPECT_EQ(o.missing_issuer, c.leaf.cert->issuer.text);
  EXPECT_TRUE(o.root_included);
}

TEST(ChainOrder, SingleLeafWithoutRoot) {
  const auto& c = test_chain();
  ChainOrder o = analyse_chain_order(certs({&c.leaf}));
  EXPECT_EQ(o.kind, ChainOrderKind::kSingle);
  EXPECT_FALSE(o.root_included);
  EXPECT_EQ(o.missing_issuer, c.leaf.cert->issuer.text);
}

TEST(ChainOrder, BadSignatureIsSeen) {
  const auto& c = test_chain();
  lab::CertSpec spec = lab::server_spec("forged.contoso.com", {"forged.contoso.com"});
  spec.corrupt_signature = true;
  lab::Minted forged = lab::mint(spec, lab::KeyPair::cached(lab::KeySpec::rsa(), 1), &c.intermediate);
  ChainOrder o = analyse_chain_order(certs({&forged, &c.intermediate}));
  EXPECT_EQ(o.links[0].issuer_index, std::optional<std::size_t>(1));
  EXPECT_TRUE(o.links[0].signature_checked);
  EXPECT_FALSE(o.links[0].signature_valid);
}

// The key identifiers are a hint: a leaf whose AKI names another key is linked to the
// certificate whose key verifies it, and the file is still in leaf-first order.
TEST(ChainOrder, AkiMismatchFollowsTheSignature) {
  const auto& c = test_chain();
  lab::CertSpec spec = lab::server_spec("aki.contoso.com", {"aki.contoso.com"});
  spec.authority_key_id = Bytes(20, 0x5a);
  lab::Minted leaf = lab::mint(spec, lab::KeyPair::cached(lab::KeySpec::rsa(), 1), &c.intermediate);
  ChainOrder o = analyse_chain_order(certs({&leaf, &c.intermediate, &c.root}));
  EXPECT_EQ(o.kind, ChainOrderKind::kLeafFirst);
  EXPECT_TRUE(o.breaks.empty());
  EXPECT_EQ(o.links[0].issuer_index, std::optional<std::size_t>(1));
  EXPECT_EQ(o.links[0].key_id_match, std::optional<bool>(false));
  EXPECT_TRUE(o.links[0].signature_valid);
  EXPECT_TRUE(o.missing_issuer.empty());
}

TEST(ChainOrder, Empty) {
  ChainOrder o = analyse_chain_order({});
  EXPECT_EQ(o.kind, ChainOrderKind::kEmpty);
  EXPECT_FALSE(o.leaf_index);
}

}  // namespace
}  // namespace uccert::pki
