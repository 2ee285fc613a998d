// explain: headers, HRESULTs and event ids mapped to registered findings and uc-rules sources.
#include "uccert/rules/explain.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "uccert/rules/dns_rule.h"
#include "uccert/rules/registry.h"

namespace uccert::rules {
namespace {

bool names(const Explanation& e, std::string_view id) {
  return std::any_of(e.causes.begin(), e.causes.end(), [&](const LikelyCause& c) { return c.finding_id == id; });
}

TEST(Explain, TheUmTraceHeaderOfTheSeedArticle) {
  auto e = explain("ms-diagnostics: 1010;reason=\"Certificate trust with another server could not be established\";"
                   "ErrorType=\"The peer certificate does not contain a matching FQDN\";"
                   "msexchHRESULT=\"0x800B010F(CERT_E_CN_NO_MATCH)\";appName=\"ExumRouting\"");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, "ms-diagnostics");
  EXPECT_TRUE(names(*e, "name.cn-only-mismatch"));
  EXPECT_TRUE(names(*e, "name.mismatch"));
  EXPECT_NE(e->source.find("E-08"), std::string::npos) << e->source;
  EXPECT_NE(e->source.find("E-25"), std::string::npos) << e->source;
  // Exchange UM sent it (msexchHRESULT, ExumRouting): the CN-only cause and the UM check first.
  ASSERT_FALSE(e->causes.empty());
  EXPECT_EQ(e->causes.front().finding_id, "name.cn-only-mismatch");
  ASSERT_FALSE(e->next.empty());
  EXPECT_NE(e->next.front().find("--profile exchange-um-peer"), std::string::npos) << e->next.front();
  // The same code from a Lync peer: the name mismatch first.
  auto lync = explain("1010;reason=\"Certificate trust with another server could not be established\"");
  ASSERT_TRUE(lync);
  ASSERT_FALSE(lync->causes.empty());
  EXPECT_EQ(lync->causes.front().finding_id, "name.mismatch");
  EXPECT_EQ(lync->next.front().rfind("uccert check --proto sip HOST:5061", 0), 0U);
}

TEST(Explain, HresultsInEveryFormTheyArePrinted) {
  for (const char* text : {"0x800B010F", "800b010f", "CERT_E_CN_NO_MATCH", "-2146762481", "2148204815"}) {
    auto e = explain(text);
    ASSERT_TRUE(e) << text;
    EXPECT_EQ(e->kind, "HRESULT");
    EXPECT_TRUE(names(*e, "name.mismatch")) << text;
  }
  auto untrusted = explain("0x800B0109");
  ASSERT_TRUE(untrusted);
  EXPECT_TRUE(names(*untrusted, "trust.non-root-in-root-store"));
  EXPECT_TRUE(names(*untrusted, "trust.untrusted-root"));
  auto expired = explain("0x800B0101");
  ASSERT_TRUE(expired);
  EXPECT_TRUE(names(*expired, "time.expired"));
  auto revocation = explain("0x80092012");
  ASSERT_TRUE(revocation);
  EXPECT_TRUE(names(*revocation, "ext.no-crl-distribution-point"));
  auto federation = explain("ms-diagnostics: 1009;reason=\"No match for domain in DNS SRV results\"");
  ASSERT_TRUE(federation);
  EXPECT_TRUE(names(*federation, "dns.federation-target-not-in-domain"));
}

TEST(Explain, EventIdsSayWhenTheReadingIsConservative) {
  auto documented = explain("Event ID 14428");
  ASSERT_TRUE(documented);
  EXPECT_FALSE(documented->conservative);
  EXPECT_TRUE(names(*documented, "name.mismatch"));
  auto field = explain("event 61029");
  ASSERT_TRUE(field);
  EXPECT_TRUE(field->conservative);
  EXPECT_TRUE(names(*field, "trust.non-root-in-root-store"));
}

TEST(Explain, UnknownInputIsNothing) {
  for (const char* text : {"", "hello", "0x00000000", "0x1234", "99999", "ms-diagnostics: x;y", "12;"})
    EXPECT_FALSE(explain(text)) << text;
}

TEST(Explain, EveryNamedFindingIsRegistered) {
  for (const auto& id : explained_finding_ids()) {
    bool dns = false;
    for (const auto& r : dns_rules()) dns |= r.descriptor.id == id;
    EXPECT_TRUE(find_rule(id) != nullptr || dns) << id;
  }
}

}  // namespace
}  // namespace uccert::rules
