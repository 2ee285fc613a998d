// csr --check: each mistake a request can carry, one finding each.
#include "uccert/rules/request_rules.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "uccert/lab/mint.h"

namespace uccert::rules {
namespace {

pki::CsrView request(const std::string& cn, std::vector<std::string> dns,
                     std::vector<std::string> eku = {"serverAuth"},
                     lab::KeySpec key = lab::KeySpec::rsa()) {
  lab::CertSpec spec = lab::server_spec(cn, std::move(dns));
  spec.eku = std::move(eku);
  auto req = lab::make_csr(spec, lab::KeyPair::cached(key, 3));
  if (!req) throw std::runtime_error(req.error().message);
  auto der = lab::encode_csr(req->get(), lab::Encoding::kDer);
  if (!der) throw std::runtime_error(der.error().message);
  auto view = pki::decode_csr(*der);
  if (!view) throw std::runtime_error(view.error().message);
  return *view;
}

std::vector<std::string> ids(const Findings& f) {
  std::vector<std::string> out;
  for (const auto& x : f) out.push_back(x.id);
  return out;
}

const Finding* find(const Findings& f, std::string_view id) {
  auto it = std::find_if(f.begin(), f.end(), [&](const Finding& x) { return x.id == id; });
  return it == f.end() ? nullptr : &*it;
}

TEST(RequestRules, AGoodRequestHasNoFindings) {
  auto f = check_request(request("pool.contoso.com", {"pool.contoso.com", "sip.contoso.com"}),
                         {{"pool.contoso.com", "sip.contoso.com"}});
  EXPECT_TRUE(f.empty()) << ::testing::PrintToString(ids(f));
}

TEST(RequestRules, MissingAndExtraNames) {
  auto f = check_request(request("pool.contoso.com", {"pool.contoso.com", "old.contoso.com"}),
                         {{"pool.contoso.com", "sip.contoso.com"}});
  const Finding* missing = find(f, "csr.name-missing");
  ASSERT_NE(missing, nullptr);
  EXPECT_EQ(missing->severity, Severity::kFail);
  EXPECT_NE(missing->message.find("sip.contoso.com"), std::string::npos);
  // The fix gives the SAN to ask for: the plan's names first.
  EXPECT_NE(missing->fix.find("pool.contoso.com, sip.contoso.com, old.contoso.com"), std::string::npos) << missing->fix;
  const Finding* extra = find(f, "csr.name-extra");
  ASSERT_NE(extra, nullptr);
  EXPECT_EQ(extra->severity, Severity::kInfo);
  EXPECT_NE(extra->message.find("old.contoso.com"), std::string::npos);
}

TEST(RequestRules, ANameOnlyAWildcardCoversWarnsForPhones) {
  auto f = check_request(request("pool.contoso.com", {"pool.contoso.com", "*.contoso.com"}),
                         {{"pool.contoso.com", "sip.contoso.com"}});
  const Finding* w = find(f, "csr.name-only-wildcard");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->severity, Severity::kWarn);
  EXPECT_EQ(w->source.find("W-12"), 0U);
  EXPECT_EQ(find(f, "csr.name-missing"), nullptr);
}

TEST(RequestRules, AWildcardBeforeExplicitNamesIsTheOrderPhonesMishandle) {
  auto f = check_request(request("pool.contoso.com", {"*.contoso.com", "pool.contoso.com"}), {});
  const Finding* w = find(f, "csr.wildcard-before-fqdn");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->source, "W-11");
  EXPECT_NE(w->fix.find("pool.contoso.com, *.contoso.com"), std::string::npos) << w->fix;
}

TEST(RequestRules, WildcardCnAndCnNotInSan) {
  auto f = check_request(request("*.contoso.com", {"pool.contoso.com"}), {});
  EXPECT_NE(find(f, "csr.wildcard-cn"), nullptr);
  auto g = check_request(request("pool.contoso.com", {"sip.contoso.com"}), {});
  const Finding* c = find(g, "csr.cn-not-in-san");
  ASSERT_NE(c, nullptr);
  EXPECT_NE(c->fix.find("pool.contoso.com, sip.contoso.com"), std::string::npos) << c->fix;
}

TEST(RequestRules, NoSanFails) {
  auto f = check_request(request("pool.contoso.com", {}), {});
  const Finding* n = find(f, "csr.no-san");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->severity, Severity::kFail);
}

TEST(RequestRules, KeySizeAndAlgorithm) {
  auto small = check_request(request("pool.contoso.com", {"pool.contoso.com"}, std::vector<std::string>{"serverAuth"},
                                     lab::KeySpec::rsa(1024)),
                             {});
  ASSERT_NE(find(small, "csr.rsa-too-small"), nullptr);
  EXPECT_NE(find(small, "csr.rsa-too-small")->message.find("1024"), std::string::npos);
  auto ec = check_request(request("pool.contoso.com", {"pool.contoso.com"}, std::vector<std::string>{"serverAuth"},
                                  lab::KeySpec::ec("P-256")),
                          {});
  const Finding* k = find(ec, "csr.key-not-rsa");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->severity, Severity::kWarn);
  EXPECT_NE(k->message.find("P-256"), std::string::npos);
}

TEST(RequestRules, Eku) {
  auto client_only = check_request(
      request("pool.contoso.com", {"pool.contoso.com"}, std::vector<std::string>{"clientAuth"}), {});
  ASSERT_NE(find(client_only, "csr.no-server-auth"), nullptr);
  EXPECT_EQ(find(client_only, "csr.no-server-auth")->severity, Severity::kFail);
  auto none = check_request(request("pool.contoso.com", {"pool.contoso.com"}, std::vector<std::string>{}), {});
  ASSERT_NE(find(none, "csr.no-server-auth"), nullptr);
  EXPECT_EQ(find(none, "csr.no-server-auth")->severity, Severity::kWarn);
}

TEST(RequestRules, EveryFindingIdIsADescriptor) {
  for (const auto& d : request_rules()) {
    EXPECT_TRUE(d.id.starts_with("csr."));
    EXPECT_FALSE(d.fix.empty());
  }
}

}  // namespace
}  // namespace uccert::rules
