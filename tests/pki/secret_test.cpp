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

}  // namespace
}  // namespace uccert::pki
