#include "uccert/rules/dns_rule.h"

#include <gtest/gtest.h>

namespace uccert::rules {
namespace {

TEST(DnsRules, DomainMembership) {
  EXPECT_TRUE(in_domain("sip.contoso.com", "contoso.com"));
  EXPECT_TRUE(in_domain("SIP.Contoso.com.", "contoso.com"));
  EXPECT_TRUE(in_domain("pool.eu.contoso.com", "contoso.com"));
  EXPECT_TRUE(in_domain("contoso.com", "contoso.com"));
  EXPECT_FALSE(in_domain("sip.notcontoso.com", "contoso.com"));
  EXPECT_FALSE(in_domain("pool01.fabrikam.com", "contoso.com"));
  EXPECT_TRUE(directly_in_domain("sip.contoso.com", "contoso.com"));
  EXPECT_FALSE(directly_in_domain("sip.eu.contoso.com", "contoso.com"));  // DNS-10: no subdomain
  EXPECT_FALSE(directly_in_domain("contoso.com", "contoso.com"));
  EXPECT_FALSE(directly_in_domain("sip.fabrikam.com", "contoso.com"));
}

}  // namespace
}  // namespace uccert::rules
