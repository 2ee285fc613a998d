#include "uccert/cli/console.h"

#include <gtest/gtest.h>

namespace uccert::cli {
namespace {

TEST(Console, ColourOnlyOnATerminalThatCanShowIt) {
  EXPECT_TRUE(wants_color(true, nullptr, "xterm-256color"));
  EXPECT_TRUE(wants_color(true, "", "screen"));  // NO_COLOR empty: not set (no-color.org)
  EXPECT_FALSE(wants_color(false, nullptr, "xterm"));
  EXPECT_FALSE(wants_color(true, "1", "xterm"));
  EXPECT_FALSE(wants_color(true, nullptr, "dumb"));
  EXPECT_FALSE(wants_color(true, nullptr, nullptr));
  EXPECT_FALSE(wants_color(true, nullptr, ""));
}

}  // namespace
}  // namespace uccert::cli
