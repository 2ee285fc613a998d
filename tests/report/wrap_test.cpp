#include "uccert/report/wrap.h"

#include <gtest/gtest.h>

namespace uccert::report {
namespace {

TEST(Wrap, ProseBreaksAtTheWidthWithItsIndent) {
  EXPECT_EQ(wrap("The server sends sip.contoso.com without its issuer", 24, "    ", "    "),
            "    The server sends\n    sip.contoso.com\n    without its issuer\n");
  EXPECT_EQ(wrap("Why: a theory (K-08)", 12, "  ", "       "), "  Why: a\n       theory\n       (K-08)\n");
}

TEST(Wrap, NoWidthMeansOneLineAsGiven) {
  EXPECT_EQ(wrap("one  long line, as it is", 0, "    ", "xx"), "    one  long line, as it is\n");
}

TEST(Wrap, AWordLongerThanTheLineStaysWhole) {
  EXPECT_EQ(wrap("see https://pki.contoso.com/very/long/path/ca.crt now", 20, "", ""),
            "see\nhttps://pki.contoso.com/very/long/path/ca.crt\nnow\n");
}

TEST(Wrap, CountsCharactersNotBytes) {
  EXPECT_EQ(wrap("bücher bücher", 13, "", ""), "bücher bücher\n");
  EXPECT_EQ(wrap("bücher bücher", 12, "", ""), "bücher\nbücher\n");
}

}  // namespace
}  // namespace uccert::report
