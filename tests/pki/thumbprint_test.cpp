// Thumbprint normalisation: each character a Windows paste brings along, named.
#include "uccert/pki/thumbprint.h"

#include <gtest/gtest.h>

namespace uccert::pki {
namespace {

constexpr const char* kSha1 = "A909502DD82AE41433E6F83886B00D4277A32A7B";

TEST(Thumbprint, LeftToRightMarkAndSpacesFromTheCertificateDialog) {
  // What the Details tab of the Windows certificate dialog gives when copied.
  auto t = normalize_thumbprint("\u200ea9 09 50 2d d8 2a e4 14 33 e6 f8 38 86 b0 0d 42 77 a3 2a 7b");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->hex, kSha1);
  EXPECT_EQ(t->algorithm, "SHA-1");
  EXPECT_TRUE(t->lowercase_changed);
  ASSERT_EQ(t->removed.size(), 2U);
  EXPECT_EQ(t->removed[0].code_point, U'\u200e');
  EXPECT_EQ(t->removed[0].name, "LEFT-TO-RIGHT MARK");
  EXPECT_EQ(t->removed[0].positions, std::vector<std::size_t>{1});
  EXPECT_EQ(t->removed[1].code_point, U' ');
  EXPECT_EQ(t->removed[1].positions.size(), 19U);
  EXPECT_EQ(code_point_text(t->removed[0].code_point), "U+200E");
}

TEST(Thumbprint, EveryInvisibleCharacterNamed) {
  struct Case {
    const char* text;
    char32_t cp;
    const char* name;
  };
  const Case cases[] = {
      {"\u200f", U'\u200f', "RIGHT-TO-LEFT MARK"},   {"\ufeff", U'\ufeff', "ZERO WIDTH NO-BREAK SPACE"},
      {"\u00a0", U'\u00a0', "NO-BREAK SPACE"},       {"\u200b", U'\u200b', "ZERO WIDTH SPACE"},
      {"\u200c", U'\u200c', "ZERO WIDTH NON-JOINER"}, {"\u200d", U'\u200d', "ZERO WIDTH JOINER"},
      {"\u2060", U'\u2060', "WORD JOINER"},          {":", U':', "COLON"},
      {"?", U'?', "QUESTION MARK"},                  {"\u202a", U'\u202a', "LEFT-TO-RIGHT EMBEDDING"},
  };
  for (const Case& c : cases) {
    auto t = normalize_thumbprint(std::string(c.text) + kSha1);
    ASSERT_TRUE(t) << c.name << ": " << t.error().message;
    EXPECT_EQ(t->hex, kSha1);
    ASSERT_EQ(t->removed.size(), 1U) << c.name;
    EXPECT_EQ(t->removed[0].code_point, c.cp);
    EXPECT_EQ(t->removed[0].name, c.name);
  }
}

TEST(Thumbprint, ColonSeparatedSha256) {
  std::string text;
  for (int i = 0; i < 32; ++i) text += (i ? ":" : "") + std::string("ab");
  auto t = normalize_thumbprint(text);
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->algorithm, "SHA-256");
  std::string expected;
  for (int i = 0; i < 32; ++i) expected += "AB";
  EXPECT_EQ(t->hex, expected);
  EXPECT_FALSE(t->removed.empty());
}

TEST(Thumbprint, AlreadyCleanRemovesNothing) {
  auto t = normalize_thumbprint(kSha1);
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->removed.empty());
  EXPECT_FALSE(t->lowercase_changed);
}

TEST(Thumbprint, WrongLength) {
  auto t = normalize_thumbprint(std::string(kSha1).substr(1));
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message.find("39 hex digits"), std::string::npos) << t.error().message;
}

TEST(Thumbprint, NotHexNamesTheCharacter) {
  auto t = normalize_thumbprint("G909502DD82AE41433E6F83886B00D4277A32A7B");
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message.find("character 1"), std::string::npos) << t.error().message;
  EXPECT_NE(t.error().message.find("U+0047"), std::string::npos) << t.error().message;
}

TEST(Thumbprint, InvalidUtf8AndEmpty) {
  EXPECT_FALSE(normalize_thumbprint("\xff\xfe"));
  EXPECT_FALSE(normalize_thumbprint("\xe2\x80"));  // cut short
  EXPECT_FALSE(normalize_thumbprint(""));
}

}  // namespace
}  // namespace uccert::pki
