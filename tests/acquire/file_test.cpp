#include "uccert/acquire/file.h"

#include <gtest/gtest.h>

#include "pki/load_fixtures.h"

namespace uccert::acquire {
namespace {

TEST(FileEvidence, Pkcs12LeafComesFirst) {
  testing::TempDir dir;
  const auto& c = testing::test_chain();
  lab::Pkcs12Options opt;
  opt.password = "";
  auto file = pki::load_file(testing::write_p12(dir, "pool.pfx", c.leaf_first(), opt));
  ASSERT_TRUE(file) << file.error().message;
  evidence::Evidence e = file_evidence(*file, "sip.contoso.com", 1234);
  ASSERT_EQ(e.chain.size(), 3U);
  EXPECT_EQ(e.chain[0]->der(), c.leaf.der);
  EXPECT_EQ(e.container, "PKCS#12");
  EXPECT_EQ(e.private_key_matches, std::optional<bool>(true));
  EXPECT_EQ(e.observed_at, 1234);
  EXPECT_EQ(e.target, file->path);
  EXPECT_EQ(e.dialled_name, "sip.contoso.com");
}

TEST(FileEvidence, PemKeepsFileOrder) {
  testing::TempDir dir;
  const auto& c = testing::test_chain();
  auto file = pki::load_file(testing::write_pem_chain(dir, "x.pem", {c.root, c.leaf}));
  ASSERT_TRUE(file) << file.error().message;
  evidence::Evidence e = file_evidence(*file, "", 0);
  ASSERT_EQ(e.chain.size(), 2U);
  EXPECT_EQ(e.chain[0]->der(), c.root.der);
  EXPECT_EQ(e.container, "PEM");
  EXPECT_FALSE(e.private_key_matches.has_value());
}

}  // namespace
}  // namespace uccert::acquire
