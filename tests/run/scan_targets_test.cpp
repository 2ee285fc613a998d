// The targets file of `uccert scan`: words and quotes, comments, line numbers, and --shard.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "uccert/run/scan_targets.h"

namespace uccert::run {
namespace {

TEST(SplitTargetsLine, WordsQuotesAndComments) {
  auto w = split_targets_line("  sip.contoso.com:5061 --name 'pool one.contoso.com'\t--sni \"a\\\"b\" # note");
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(*w, (std::vector<std::string>{"sip.contoso.com:5061", "--name", "pool one.contoso.com", "--sni", "a\"b"}));
  auto blank = split_targets_line("   # only a comment");
  ASSERT_TRUE(blank.ok());
  EXPECT_TRUE(blank->empty());
  auto hash_inside = split_targets_line("dir#1/chain.pem");  // '#' inside a word is the word's
  ASSERT_TRUE(hash_inside.ok());
  EXPECT_EQ(*hash_inside, (std::vector<std::string>{"dir#1/chain.pem"}));
  auto unclosed = split_targets_line("a.pem --name 'x");
  ASSERT_FALSE(unclosed.ok());
  EXPECT_EQ(unclosed.error().message, "unclosed ' quote at column 14");
}

TEST(ParseShard, TakesKOfNFromZero) {
  auto s = parse_shard("2/5");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->index, 2U);
  EXPECT_EQ(s->count, 5U);
  for (const char* bad : {"5/5", "1/0", "3", "/4", "1/", "a/4", "-1/4", "1/4x"}) {
    auto r = parse_shard(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_NE(r.error().message.find("0 <= K < N"), std::string::npos);
    }
  }
}

TEST(StableHash, IsFnv1a64) {
  // Published FNV-1a test vectors: shards must agree across machines and releases.
  EXPECT_EQ(stable_hash(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(stable_hash("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(stable_hash("foobar"), 0x85944171f73967e8ULL);
}

TEST(ShardOf, IgnoresSpacingAndComments) {
  EXPECT_EQ(shard_of("a.contoso.com:443 --name x", 7), shard_of("  a.contoso.com:443   --name x  # c", 7));
}

std::string fleet(int n) {
  std::string text = "# fleet\n\n";
  for (int i = 0; i < n; ++i) text += "host" + std::to_string(i) + ".contoso.com:5061 --proto sip\n";
  return text;
}

TEST(TargetsReader, ShardsAreDisjointAndComplete) {
  const std::string text = fleet(1000);
  std::multiset<std::size_t> seen;
  std::vector<std::size_t> sizes;
  for (unsigned k = 0; k < 4; ++k) {
    std::istringstream in(text);
    TargetsReader reader(in, Shard{k, 4});
    std::size_t n = 0;
    while (auto line = reader.next()) {
      seen.insert(line->number);
      ++n;
    }
    sizes.push_back(n);
  }
  EXPECT_EQ(seen.size(), 1000U);
  EXPECT_EQ(std::set<std::size_t>(seen.begin(), seen.end()).size(), 1000U);  // no line twice
  for (auto n : sizes) {
    EXPECT_GT(n, 180U);  // a hash spreads 1,000 lines roughly evenly
    EXPECT_LT(n, 320U);
  }
}

TEST(TargetsReader, NumbersLinesSkipsCommentsAndRefusesOverlongOnes) {
  std::string text = "# header\na.pem --name a.contoso.com\n\n   \nb.pem 'unclosed\n";
  text += std::string(kMaxTargetsLine + 10, 'x') + "\nc.pem";  // no final newline
  std::istringstream in(text);
  TargetsReader reader(in);
  auto a = reader.next();
  ASSERT_TRUE(a);
  EXPECT_EQ(a->number, 2U);
  EXPECT_EQ(a->words, (std::vector<std::string>{"a.pem", "--name", "a.contoso.com"}));
  auto b = reader.next();
  ASSERT_TRUE(b);
  EXPECT_EQ(b->number, 5U);
  ASSERT_TRUE(b->error);
  auto big = reader.next();
  ASSERT_TRUE(big);
  EXPECT_EQ(big->number, 6U);
  ASSERT_TRUE(big->error);
  EXPECT_NE(big->error->find("longer than"), std::string::npos);
  auto c = reader.next();
  ASSERT_TRUE(c);
  EXPECT_EQ(c->number, 7U);
  EXPECT_EQ(c->words, (std::vector<std::string>{"c.pem"}));
  EXPECT_FALSE(reader.next());
  std::istringstream again(text);
  EXPECT_EQ(count_targets(again, std::nullopt), 4U);
}

}  // namespace
}  // namespace uccert::run
