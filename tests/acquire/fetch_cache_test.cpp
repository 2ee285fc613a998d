// The on-disk fetch cache: an entry answers until it is stale, only for its own URL, and is
// written whole and privately; a directory that cannot be one is said.
#include "uccert/acquire/fetch_cache.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "pki/load_fixtures.h"

namespace uccert::acquire {
namespace {

TEST(FetchCache, AnswersUntilStaleAndOnlyForItsUrl) {
  testing::TempDir dir;
  const std::string root = dir.file("cache");
  auto cache = FetchCache::open(root, 1024);
  ASSERT_TRUE(cache) << cache.error().message;
  EXPECT_FALSE(std::filesystem::exists(root));  // made on the first store, not before
  ASSERT_TRUE(cache->store("http://pki.contoso.com/ca.crl", std::string("crl\0bytes", 9), 2000).ok());
  struct stat st {};
  ASSERT_EQ(::stat(root.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700U);
  for (const auto& e : std::filesystem::directory_iterator(root)) {
    ASSERT_EQ(::stat(e.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600U) << e.path();
  }
  EXPECT_EQ(cache->lookup("http://pki.contoso.com/ca.crl", 1999), std::string("crl\0bytes", 9));
  EXPECT_FALSE(cache->lookup("http://pki.contoso.com/ca.crl", 2000));  // stale
  EXPECT_FALSE(cache->lookup("http://pki.contoso.com/other.crl", 1000));
}

TEST(FetchCache, IgnoresDamagedOrOversizedEntries) {
  testing::TempDir dir;
  auto cache = FetchCache::open(dir.file("c"), 4);
  ASSERT_TRUE(cache);
  ASSERT_TRUE(cache->store("http://a/x", "12345", 5000).ok());
  EXPECT_FALSE(cache->lookup("http://a/x", 1));  // larger than the cap: not read
  ASSERT_TRUE(cache->store("http://a/y", "ok", 5000).ok());
  for (const auto& e : std::filesystem::directory_iterator(dir.file("c"))) {
    std::ofstream(e.path(), std::ios::trunc) << "garbage";
  }
  EXPECT_FALSE(cache->lookup("http://a/y", 1));
}

TEST(FetchCache, APathThatIsNotADirectoryIsSaid) {
  testing::TempDir dir;
  const auto file = dir.write("plain", std::string("x"));
  auto cache = FetchCache::open(file, 10);
  ASSERT_FALSE(cache);
  EXPECT_EQ(cache.error().message, "--cache-dir " + file + ": not a directory");
}

}  // namespace
}  // namespace uccert::acquire
