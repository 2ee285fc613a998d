#include "uccert/net/endpoint.h"

#include <gtest/gtest.h>

namespace uccert::net {
namespace {

TEST(ParseHostPort, NameAndPort) {
  auto hp = parse_host_port("sip.contoso.com:5061");
  ASSERT_TRUE(hp.ok()) << hp.error().message;
  EXPECT_EQ(hp->host, "sip.contoso.com");
  EXPECT_EQ(hp->port, 5061);
}

TEST(ParseHostPort, BracketedIpv6) {
  auto hp = parse_host_port("[::1]:443");
  ASSERT_TRUE(hp.ok()) << hp.error().message;
  EXPECT_EQ(hp->host, "::1");
  EXPECT_EQ(hp->port, 443);
}

TEST(ParseHostPort, RejectsWithOneLineReasons) {
  for (const char* bad : {"", "sip.contoso.com", "sip.contoso.com:", "sip.contoso.com:0", "sip.contoso.com:65536",
                          "sip.contoso.com:https", "::1:443", "[::1]443", "[sip.contoso.com]:443", ":443",
                          "sip contoso:443"}) {
    auto hp = parse_host_port(bad);
    EXPECT_FALSE(hp.ok()) << bad;
    if (!hp.ok()) {
      EXPECT_EQ(hp.error().message.find('\n'), std::string::npos);
      EXPECT_NE(hp.error().message.find("HOST:PORT"), std::string::npos) << hp.error().message;
    }
  }
}

TEST(FormatHostPort, BracketsIpv6) {
  EXPECT_EQ(format_host_port("::1", 5061), "[::1]:5061");
  EXPECT_EQ(format_host_port("sip.contoso.com", 443), "sip.contoso.com:443");
}

TEST(DefaultProtocol, ByWellKnownPort) {
  EXPECT_EQ(default_protocol(5061), Protocol::kSip);
  EXPECT_EQ(default_protocol(5062), Protocol::kSip);
  EXPECT_EQ(default_protocol(25), Protocol::kSmtp);
  EXPECT_EQ(default_protocol(587), Protocol::kSmtp);
  EXPECT_EQ(default_protocol(443), Protocol::kTls);
  EXPECT_EQ(default_protocol(4443), Protocol::kTls);
  EXPECT_EQ(parse_protocol("https"), Protocol::kHttps);
  EXPECT_EQ(parse_protocol("ftp"), std::nullopt);
}

TEST(ConnectTo, CurlSyntax) {
  auto r = parse_connect_to("sip.contoso.com:5061:127.0.0.1:15061");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->from_host, "sip.contoso.com");
  EXPECT_EQ(r->from_port, 5061);
  EXPECT_EQ(r->to_host, "127.0.0.1");
  EXPECT_EQ(r->to_port, 15061);

  auto any = parse_connect_to("::127.0.0.1:");
  ASSERT_TRUE(any.ok()) << any.error().message;
  EXPECT_EQ(any->from_host, "");
  EXPECT_FALSE(any->from_port.has_value());
  EXPECT_FALSE(any->to_port.has_value());

  auto v6 = parse_connect_to("sip.contoso.com:443:[::1]:8443");
  ASSERT_TRUE(v6.ok()) << v6.error().message;
  EXPECT_EQ(v6->to_host, "::1");
  EXPECT_EQ(v6->to_port, 8443);

  EXPECT_FALSE(parse_connect_to("sip.contoso.com:5061").ok());
  EXPECT_FALSE(parse_connect_to("sip.contoso.com:x:127.0.0.1:1").ok());
  EXPECT_FALSE(parse_connect_to("a:1:::1:2").ok());
}

TEST(ConnectTo, FirstMatchingRuleWins) {
  std::vector<ConnectTo> rules{*parse_connect_to("sip.contoso.com:5061:127.0.0.1:15061"),
                               *parse_connect_to("sip.contoso.com::127.0.0.2:"),
                               *parse_connect_to("::127.0.0.9:")};
  auto a = apply_connect_to(rules, "SIP.contoso.com.", 5061);
  EXPECT_EQ(a.host, "127.0.0.1");
  EXPECT_EQ(a.port, 15061);
  auto b = apply_connect_to(rules, "sip.contoso.com", 443);
  EXPECT_EQ(b.host, "127.0.0.2");
  EXPECT_EQ(b.port, 443);
  auto c = apply_connect_to(rules, "lyncdiscover.contoso.com", 443);
  EXPECT_EQ(c.host, "127.0.0.9");
  auto none = apply_connect_to({}, "x.contoso.com", 1);
  EXPECT_EQ(none.host, "x.contoso.com");
}

}  // namespace
}  // namespace uccert::net
