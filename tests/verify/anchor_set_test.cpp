// AnchorSet: one index of a trust set (each certificate once, the first source naming it), found by
// subject and by digest; AnchorSetCache: the same anchors give the same index, others a new one.
#include "uccert/verify/anchor_set.h"

#include <gtest/gtest.h>

#include "verify_fixture.h"

namespace uccert::verify {
namespace {

using testing::key;

struct Roots {
  lab::Minted a = lab::mint(lab::root_ca_spec("Anchor Root A"), key(1));
  lab::Minted b = lab::mint(lab::root_ca_spec("Anchor Root B"), key(2));
  // The same name as A with another key: a renewed root, found under the same subject.
  lab::Minted a2 = lab::mint(lab::root_ca_spec("Anchor Root A"), key(3));
};

TEST(AnchorSet, KeepsEachCertificateOnceNamedByTheFirstSourceAndSkipsNulls) {
  Roots r;
  const AnchorSet set({{r.a.cert, "enterprise-roots"}, {nullptr, "x"}, {r.b.cert, "public-roots"},
                       {r.a.cert, "public-roots"}});
  ASSERT_EQ(set.size(), 2U);
  EXPECT_EQ(set[0].source, "enterprise-roots");
  EXPECT_EQ(set[1].certificate, r.b.cert);
  std::size_t n = 0;
  for (const auto& anchor : set) n += anchor.certificate ? 1 : 0;
  EXPECT_EQ(n, 2U);
  EXPECT_TRUE(AnchorSet().empty());
  EXPECT_TRUE(AnchorSet().with_subject(r.a.cert->subject.canonical).empty());
}

TEST(AnchorSet, FindsAnchorsBySubjectInOrderAndByDigest) {
  Roots r;
  const AnchorSet set({{r.a.cert, "s"}, {r.b.cert, "s"}, {r.a2.cert, "s"}});
  const auto same_name = set.with_subject(r.a.cert->subject.canonical);
  ASSERT_EQ(same_name.size(), 2U);
  EXPECT_EQ(same_name[0], 0U);
  EXPECT_EQ(same_name[1], 2U);
  EXPECT_EQ(set.find(r.b.cert->der_sha256), std::optional<std::size_t>(1));
  EXPECT_EQ(set.find(r.a2.cert->der_sha256), std::optional<std::size_t>(2));
  const AnchorSet only_b({{r.b.cert, "s"}});
  EXPECT_FALSE(only_b.find(r.a.cert->der_sha256));
  EXPECT_TRUE(only_b.with_subject(r.a.cert->subject.canonical).empty());
}

TEST(AnchorSetCache, SameAnchorsShareOneIndexOtherAnchorsOrSourcesGetTheirOwn) {
  Roots r;
  AnchorSetCache cache;
  const std::vector<TrustAnchor> ab{{r.a.cert, "public-roots"}, {r.b.cert, "public-roots"}};
  const AnchorSet first = cache.get(ab);
  const AnchorSet again = cache.get(ab);
  EXPECT_EQ(cache.hits(), 1U);
  EXPECT_EQ(&first[0], &again[0]) << "the same anchors must share one index";

  const AnchorSet other_source = cache.get({{r.a.cert, "enterprise-roots"}, {r.b.cert, "public-roots"}});
  EXPECT_EQ(other_source[0].source, "enterprise-roots");
  const AnchorSet other_order = cache.get({{r.b.cert, "public-roots"}, {r.a.cert, "public-roots"}});
  EXPECT_EQ(other_order[0].certificate, r.b.cert);
  EXPECT_EQ(cache.hits(), 1U);
}

TEST(AnchorSetCache, AFullCacheStartsAgainAndAZeroBoundKeepsNothing) {
  Roots r;
  AnchorSetCache one(1);
  one.get({{r.a.cert, "s"}});
  one.get({{r.b.cert, "s"}});  // evicts the first
  one.get({{r.a.cert, "s"}});
  EXPECT_EQ(one.hits(), 0U);
  one.get({{r.a.cert, "s"}});
  EXPECT_EQ(one.hits(), 1U);

  AnchorSetCache none(0);
  const AnchorSet set = none.get({{r.a.cert, "s"}});
  none.get({{r.a.cert, "s"}});
  EXPECT_EQ(none.hits(), 0U);
  EXPECT_EQ(set.size(), 1U);
}

}  // namespace
}  // namespace uccert::verify
