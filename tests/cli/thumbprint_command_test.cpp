// `uccert thumbprint`, run whole in-process.
#include <gtest/gtest.h>

#include "cli/inspect_helpers.h"

namespace uccert::cli {
namespace {

using testing::CommandResult;
using testing::run_uccert;

TEST(ThumbprintCommand, PrintsTheCleanThumbprintAloneOnStdout) {
  CommandResult r = run_uccert({"thumbprint", "\u200ea9 09 50 2d d8 2a e4 14 33 e6 f8 38 86 b0 0d 42 77 a3 2a 7b"});
  EXPECT_EQ(r.exit, kExitPass);
  EXPECT_EQ(r.out, "A909502DD82AE41433E6F83886B00D4277A32A7B\n");
  EXPECT_NE(r.err.find("SHA-1 thumbprint, 40 hex digits"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("removed U+200E LEFT-TO-RIGHT MARK x1 (position 1)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("U+0020 SPACE x19"), std::string::npos) << r.err;
}

TEST(ThumbprintCommand, UnquotedPartsAreJoined) {
  std::vector<std::string> args = {"thumbprint"};
  for (const char* part : {"a9", "09", "50", "2d", "d8", "2a", "e4", "14", "33", "e6", "f8", "38", "86", "b0", "0d",
                           "42", "77", "a3", "2a", "7b"}) {
    args.emplace_back(part);
  }
  CommandResult r = run_uccert(args);
  EXPECT_EQ(r.exit, kExitPass) << r.err;
  EXPECT_EQ(r.out, "A909502DD82AE41433E6F83886B00D4277A32A7B\n");
}

TEST(ThumbprintCommand, Sha256WithColons) {
  std::string text;
  for (int i = 0; i < 32; ++i) text += (i ? ":" : "") + std::string("0f");
  CommandResult r = run_uccert({"thumbprint", text});
  EXPECT_EQ(r.exit, kExitPass) << r.err;
  std::string expected;
  for (int i = 0; i < 32; ++i) expected += "0F";
  EXPECT_EQ(r.out, expected + "\n");
  EXPECT_NE(r.err.find("SHA-256"), std::string::npos);
  EXPECT_NE(r.err.find("U+003A COLON x31"), std::string::npos) << r.err;
}

TEST(ThumbprintCommand, BadInputExitsThreeWithOneLine) {
  for (const std::string bad : {"A909502DD82AE41433E6F83886B00D4277A32A7", "Z909502DD82AE41433E6F83886B00D4277A32A7B",
                                "\xff", "thumbprint"}) {
    CommandResult r = run_uccert({"thumbprint", bad});
    EXPECT_EQ(r.exit, kExitUnknown) << bad;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(testing::count_lines(r.err), 1U) << r.err;
    EXPECT_EQ(r.err.rfind("uccert: thumbprint: not a thumbprint", 0), 0U) << r.err;
  }
  CommandResult r = run_uccert({"thumbprint", "--format", "json", "XYZ"});
  EXPECT_EQ(r.exit, kExitUnknown);
  EXPECT_EQ(r.out, "");
}

}  // namespace
}  // namespace uccert::cli
