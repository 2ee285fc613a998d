// New files: written whole, never over an existing one, all or none.
#include "uccert/pki/write_new_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "pki/load_fixtures.h"

namespace uccert::pki {
namespace {

using testing::TempDir;
namespace fs = std::filesystem;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::size_t entries(const TempDir& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()));
}

TEST(WriteNewFile, WritesEachFileWholeAndTheKeyPrivate) {
  TempDir dir;
  ASSERT_TRUE(write_new_files({{dir.file("a.key"), "secret", true}, {dir.file("a.req"), "request", false}}));
  EXPECT_EQ(slurp(dir.file("a.key")), "secret");
  EXPECT_EQ(slurp(dir.file("a.req")), "request");
  struct stat st {};
  ASSERT_EQ(::stat(dir.file("a.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  EXPECT_EQ(entries(dir), 2U);  // no temporary file left
}

TEST(WriteNewFile, RefusesAnExistingFileAndWritesNothing) {
  TempDir dir;
  dir.write("taken.req", "keep me");
  auto s = write_new_files({{dir.file("new.key"), "secret", true}, {dir.file("taken.req"), "request", false}});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("taken.req: exists"), std::string::npos) << s.error().message;
  EXPECT_EQ(slurp(dir.file("taken.req")), "keep me");
  EXPECT_FALSE(fs::exists(dir.file("new.key")));
  EXPECT_EQ(entries(dir), 1U);
}

TEST(WriteNewFile, ASecondFileThatCannotBeWrittenTakesTheFirstAway) {
  TempDir dir;
  auto s = write_new_files({{dir.file("a.key"), "secret", true}, {dir.file("missing/a.req"), "request", false}});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("missing/a.req: cannot create a file in"), std::string::npos) << s.error().message;
  EXPECT_EQ(s.error().message.find('\n'), std::string::npos);
  EXPECT_EQ(entries(dir), 0U);
}

TEST(WriteNewFile, AFolderThatIsAFileOrReadOnly) {
  TempDir dir;
  dir.write("file", "x");
  EXPECT_FALSE(write_new_files({{dir.file("file/a.req"), "request", false}}));
  fs::create_directory(dir.file("ro"));
  fs::permissions(dir.file("ro"), fs::perms::owner_read | fs::perms::owner_exec);
  auto s = write_new_files({{dir.file("ro/a.req"), "request", false}});
  if (::geteuid() != 0) {  // root writes into any folder
    EXPECT_FALSE(s);
    EXPECT_TRUE(fs::is_empty(dir.file("ro")));
  }
}

TEST(WriteNewFile, TheSamePathTwiceIsRefused) {
  TempDir dir;
  EXPECT_FALSE(write_new_files({{dir.file("a"), "1", false}, {dir.file("a"), "2", false}}));
  EXPECT_EQ(entries(dir), 0U);
}

}  // namespace
}  // namespace uccert::pki
