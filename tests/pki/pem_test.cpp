// PEM framing on its own: blocks, labels, line numbers, truncation.
#include "uccert/pki/pem.h"

#include <gtest/gtest.h>

namespace uccert::pki {
namespace {

TEST(Pem, FindsBlocksWithTextAroundAndCrlf) {
  const std::string text =
      "hello\r\n-----BEGIN CERTIFICATE-----\r\nAAEC\r\n-----END CERTIFICATE-----\r\nbetween\r\n"
      "-----BEGIN PKCS7-----\r\nAwQF\r\n-----END PKCS7-----\r\n";
  auto blocks = parse_pem(text);
  ASSERT_TRUE(blocks) << blocks.error().message;
  ASSERT_EQ(blocks->size(), 2U);
  EXPECT_EQ((*blocks)[0].label, "CERTIFICATE");
  EXPECT_EQ((*blocks)[0].der, (Bytes{0x00, 0x01, 0x02}));
  EXPECT_EQ((*blocks)[0].line, 2U);
  EXPECT_EQ((*blocks)[1].label, "PKCS7");
  EXPECT_EQ((*blocks)[1].der, (Bytes{0x03, 0x04, 0x05}));
  EXPECT_EQ((*blocks)[1].line, 6U);
}

TEST(Pem, SkipsRfc1421Headers) {
  auto blocks = parse_pem("-----BEGIN CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\n\nAAE=\n-----END CERTIFICATE-----\n");
  ASSERT_TRUE(blocks) << blocks.error().message;
  EXPECT_EQ((*blocks)[0].der, (Bytes{0x00, 0x01}));
}

TEST(Pem, MissingEndIsTruncation) {
  auto blocks = parse_pem("-----BEGIN CERTIFICATE-----\nAAEC\n");
  ASSERT_FALSE(blocks);
  EXPECT_NE(blocks.error().message.find("truncated"), std::string::npos) << blocks.error().message;
}

TEST(Pem, BeginInsideABlockIsTruncation) {
  auto blocks = parse_pem("-----BEGIN CERTIFICATE-----\nAAEC\n-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\n");
  ASSERT_FALSE(blocks);
  EXPECT_NE(blocks.error().message.find("truncated"), std::string::npos) << blocks.error().message;
}

TEST(Pem, MismatchedEndLabel) {
  EXPECT_FALSE(parse_pem("-----BEGIN CERTIFICATE-----\nAAEC\n-----END PKCS7-----\n"));
}

TEST(Pem, Base64Errors) {
  EXPECT_FALSE(decode_base64("AAE"));      // cut short
  EXPECT_FALSE(decode_base64("A=AA"));     // padding in the middle
  EXPECT_FALSE(decode_base64("AA*A"));     // outside the alphabet
  EXPECT_FALSE(decode_base64("  \n"));     // nothing
  auto ok = decode_base64("AA\nEC");
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, (Bytes{0x00, 0x01, 0x02}));
}

}  // namespace
}  // namespace uccert::pki
