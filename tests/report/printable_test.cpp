// printable(): what reaches a terminal from a certificate, a server or an argument.
#include <gtest/gtest.h>

#include <string>

#include "uccert/report/printable.h"

namespace uccert::report {
namespace {

TEST(Printable, PlainTextAndUtf8StayAsTheyAre) {
  EXPECT_EQ(printable("sip.contoso.com, CN=Contoso Root CA"), "sip.contoso.com, CN=Contoso Root CA");
  EXPECT_EQ(printable("Bücher GmbH — 東京 🙂"), "Bücher GmbH — 東京 🙂");
  EXPECT_EQ(printable(""), "");
}

TEST(Printable, ControlCharactersAreShownNotObeyed) {
  EXPECT_EQ(printable("line1\nUCCERT: fake error"), "line1\\x0AUCCERT: fake error");
  EXPECT_EQ(printable("a\rb\tc"), "a\\x0Db\\x09c");
  EXPECT_EQ(printable("\x1b[2J\x1b]0;pwned\x07"), "\\x1B[2J\\x1B]0;pwned\\x07");
  EXPECT_EQ(printable(std::string("nul\0here", 8)), "nul\\x00here");
  EXPECT_EQ(printable("del\x7f"), "del\\x7F");
  // C1 controls written in UTF-8: CSI (U+009B) starts an escape sequence on many terminals.
  EXPECT_EQ(printable("\xc2\x9b" "31m"), "\\u009B31m");
  EXPECT_EQ(printable("\xc2\x85"), "\\u0085");
  EXPECT_EQ(printable("\xc2\xa0"), "\xc2\xa0");  // U+00A0 is not a control
}

TEST(Printable, BytesThatAreNotUtf8AreShownOneByOne) {
  EXPECT_EQ(printable("bad\xff\xfename"), "bad\\xFF\\xFEname");
  EXPECT_EQ(printable("\x9b"), "\\x9B");                // a lone C1 byte (8-bit CSI)
  EXPECT_EQ(printable("\xc0\xaf"), "\\xC0\\xAF");        // overlong '/'
  EXPECT_EQ(printable("\xed\xa0\x80"), "\\xED\\xA0\\x80");  // a surrogate
  EXPECT_EQ(printable("\xe2\x82"), "\\xE2\\x82");         // cut short
  EXPECT_EQ(printable("\xf4\x90\x80\x80"), "\\xF4\\x90\\x80\\x80");  // above U+10FFFF
}

}  // namespace
}  // namespace uccert::report
