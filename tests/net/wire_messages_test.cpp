#include <gtest/gtest.h>

#include "uccert/net/sip_message.h"
#include "uccert/net/smtp_reply.h"

namespace uccert::net {
namespace {

TEST(SipOptions, RequestIsWellFormed) {
  SipOptionsRequest r;
  r.target_host = "sip.contoso.com";
  r.target_port = 5061;
  r.local_address = "127.0.0.1";
  r.local_port = 40000;
  r.call_id = "abc@uccert";
  r.branch = "z9hG4bKxyz";
  r.tag = "t1";
  std::string msg = build_sip_options(r);
  EXPECT_EQ(msg.rfind("OPTIONS sip:sip.contoso.com:5061;transport=tls SIP/2.0\r\n", 0), 0U);
  EXPECT_NE(msg.find("\r\nVia: SIP/2.0/TLS 127.0.0.1:40000;branch=z9hG4bKxyz;rport\r\n"), std::string::npos);
  EXPECT_NE(msg.find("\r\nCSeq: 1 OPTIONS\r\n"), std::string::npos);
  EXPECT_NE(msg.find("\r\nCall-ID: abc@uccert\r\n"), std::string::npos);
  EXPECT_EQ(msg.substr(msg.size() - 21), "Content-Length: 0\r\n\r\n");
}

TEST(SipResponse, ParsesStatusAndHeaders) {
  auto r = parse_sip_response(
      "SIP/2.0 504 Server time-out\r\nVia: SIP/2.0/TLS x\r\nms-diagnostics: 1010;reason=\"a\r\n b\"\r\n"
      "Server: RTC/5.0\r\n\r\n");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status_code, 504);
  EXPECT_EQ(r->reason_phrase, "Server time-out");
  EXPECT_EQ(r->status_line, "SIP/2.0 504 Server time-out");
  EXPECT_EQ(r->header("MS-Diagnostics"), "1010;reason=\"a b\"");
  EXPECT_EQ(r->header("server"), "RTC/5.0");
  EXPECT_FALSE(r->header("Contact").has_value());
  EXPECT_FALSE(parse_sip_response("HTTP/1.1 200 OK\r\n\r\n").has_value());
  EXPECT_FALSE(parse_sip_response("SIP/2.0 99 x\r\n\r\n").has_value());
  EXPECT_FALSE(parse_sip_response("").has_value());
}

TEST(SmtpReply, MultiLine) {
  std::string text = "250-mail.contoso.com\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\nextra";
  auto n = complete_smtp_reply(text);
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(text.substr(*n), "extra");
  auto r = parse_smtp_reply(text.substr(0, *n));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->code, 250);
  EXPECT_TRUE(r->has_keyword("starttls"));
  EXPECT_FALSE(r->has_keyword("AUTH"));
  EXPECT_EQ(r->first_line(), "250 mail.contoso.com");
  EXPECT_FALSE(complete_smtp_reply("250-a\r\n250-b\r\n").has_value());
  EXPECT_FALSE(parse_smtp_reply("garbage\r\n").has_value());
}

}  // namespace
}  // namespace uccert::net
