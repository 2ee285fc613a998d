#include "uccert/pki/secret.h"

#include <gtest/gtest.h>

namespace uccert::pki {
namespace {

TEST(Secret, TakesAndWipesTheSource) {
  std::string typed = "hunter2";
  const char* buffer = typed.data();
  Secret s(std::move(typed));
  EXPECT_EQ(s.view(), "hunter2");
  EXPECT_TRUE(typed.empty());
  // The short-string buffer itself holds zeros now, not the password.
  EXPECT_EQ(std::string_view(buffer, 7), std::string_view("\0\0\0\0\0\0\0", 7));
}

TEST(Secret, MoveLeavesNothingBehind) {
  Secret a("pw", 2);
  Secret b(std::move(a));
  EXPECT_EQ(b.view(), "pw");
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): the point of the test
}

TEST(Secret, WipeString) {
  std::string s = "a fairly long password that lives on the heap";
  wipe(s);
  EXPECT_TRUE(s.empty());
}

TEST(Secret, AssignFromTextCopiesAndWipesTheOldValue) {
  Secret s;
  s = "first-value";
  EXPECT_EQ(s.view(), "first-value");
  const char* old_buffer = s.data();
  const std::string text = "second";
  s = text;
  EXPECT_EQ(s.view(), "second");
  EXPECT_EQ(text, "second") << "the source is the caller's: copied, not taken";
  // The old value's bytes are gone from the buffer it lived in (reserved up front, so the same
  // buffer is reused and still ours to read).
  ASSERT_EQ(old_buffer, s.data());
  EXPECT_EQ(std::string_view(old_buffer + 6, 5), std::string_view("\0\0\0\0\0", 5));
  s = s.view();  // assigning its own view keeps it
  EXPECT_EQ(s.view(), "second");
}

TEST(Secret, DataIsNulTerminatedForOpenSsl) {
  Secret s;
  s = "pw";
  EXPECT_EQ(s.data()[2], '\0');
  Secret empty;
  EXPECT_STREQ(empty.data(), "");
}

}  // namespace
}  // namespace uccert::pki
