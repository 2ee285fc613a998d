// The links of an autodiscover document (FE-07, RP-04), JSON and XML, as the probe reads them.
#include <gtest/gtest.h>

#include "uccert/net/autodiscover_links.h"

namespace uccert::net {
namespace {

TEST(AutodiscoverLinks, JsonLinksByName) {
  const auto links = autodiscover_links(
      R"({"_links":{"self":{"href":"https:\/\/lyncdiscover.contoso.com\/Autodiscover\/AutodiscoverService.svc\/root"},)"
      R"( "User" : { "href" : "https://webext.contoso.com/Autodiscover/AutodiscoverService.svc/root/oauth/user" },)"
      R"("xframe":{"href":"https://webext.contoso.com/Autodiscover/XFrame/XFrame.html"}}})");
  ASSERT_EQ(links.size(), 3U);
  EXPECT_EQ(links[0].name, "self");
  EXPECT_EQ(links[0].href, "https://lyncdiscover.contoso.com/Autodiscover/AutodiscoverService.svc/root");
  EXPECT_EQ(links[1].name, "user");
  EXPECT_EQ(links[1].href, "https://webext.contoso.com/Autodiscover/AutodiscoverService.svc/root/oauth/user");
  EXPECT_EQ(links[2].name, "xframe");
}

TEST(AutodiscoverLinks, XmlLinksByToken) {
  const auto links = autodiscover_links(
      "<?xml version=\"1.0\"?><AutodiscoverResponse><Root><Link token=\"Self\" "
      "href=\"https://lyncdiscover.contoso.com/Autodiscover/AutodiscoverService.svc/root\"/>"
      "<Link token='User' href='https://webext.contoso.com/Autodiscover/AutodiscoverService.svc/root/user'/>"
      "</Root></AutodiscoverResponse>");
  ASSERT_EQ(links.size(), 2U);
  EXPECT_EQ(links[0].name, "self");
  EXPECT_EQ(links[1].name, "user");
  EXPECT_EQ(links[1].href, "https://webext.contoso.com/Autodiscover/AutodiscoverService.svc/root/user");
}

TEST(AutodiscoverLinks, EachHrefOnceAtMostSixteenNothingFromGarbage) {
  std::string doc = "{";
  for (int i = 0; i < 40; ++i) doc += R"("a":{"href":"https://h)" + std::to_string(i % 20) + R"(.example/"},)";
  doc += "}";
  const auto links = autodiscover_links(doc);
  EXPECT_EQ(links.size(), kMaxAutodiscoverLinks);
  EXPECT_EQ(links[1].href, "https://h1.example/");
  EXPECT_TRUE(autodiscover_links("").empty());
  EXPECT_TRUE(autodiscover_links("href").empty());
  EXPECT_TRUE(autodiscover_links("\"href\":").empty());
  EXPECT_TRUE(autodiscover_links("\"href\":\"").empty());  // an unterminated value is not a link
  EXPECT_TRUE(autodiscover_links("<a href=>").empty());
  EXPECT_TRUE(autodiscover_links(std::string(100000, '{')).empty());
}

TEST(AutodiscoverLinks, ContentType) {
  EXPECT_TRUE(is_autodiscover_document("application/vnd.microsoft.rtc.autodiscover+xml; v=1"));
  EXPECT_TRUE(is_autodiscover_document("Application/Vnd.Microsoft.Rtc.Autodiscover+Json; v=1"));
  EXPECT_FALSE(is_autodiscover_document("application/json"));
  EXPECT_FALSE(is_autodiscover_document("text/html"));
}

}  // namespace
}  // namespace uccert::net
