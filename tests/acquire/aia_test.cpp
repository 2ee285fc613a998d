// AIA completion against an HTTP server on 127.0.0.1: the missing intermediate fetched (DER and
// PKCS#7), kept in the cache and reused without a request, a dead URL recorded as a failure,
// --offline recorded as not fetched.
#include "uccert/acquire/aia.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "fixtures/http_test_server.h"
#include "pki/load_fixtures.h"
#include "uccert/lab/mint.h"

namespace uccert::acquire {
namespace {

using testing::HttpReply;
using testing::HttpTestServer;

struct Pki {
  lab::Minted root;
  lab::Minted intermediate;
};

Pki make_pki() {
  auto root = lab::mint(lab::root_ca_spec("AIA Test Root"), lab::KeyPair::cached(lab::KeySpec::ec(), 40));
  auto inter = lab::mint(lab::intermediate_ca_spec("AIA Test Issuing CA"), lab::KeyPair::cached(lab::KeySpec::ec(), 41),
                         &root);
  return {root, inter};
}

lab::Minted leaf_with_aia(const Pki& p, std::vector<std::string> urls) {
  auto spec = lab::server_spec("sip.contoso.com", {"sip.contoso.com"});
  spec.ca_issuers_urls = std::move(urls);
  return lab::mint(spec, lab::KeyPair::cached(lab::KeySpec::ec(), 42), &p.intermediate);
}

std::string bytes(const pki::Bytes& b) { return std::string(b.begin(), b.end()); }

FetchSettings settings(const std::string& cache_dir, bool offline = false) {
  FetchOptions o;
  o.cache_dir = cache_dir;
  o.no_cache = cache_dir.empty();
  o.offline = offline;
  o.allow_private = true;  // the server below is on 127.0.0.1
  auto s = make_fetch_settings(o, std::chrono::milliseconds(3000), {});
  if (!s) throw std::runtime_error(s.error().message);
  return std::move(*s);
}

evidence::Evidence leaf_only(const lab::Minted& leaf) {
  evidence::Evidence e;
  e.chain = {leaf.cert};
  return e;
}

TEST(AiaCompletion, FetchesTheMissingIntermediateAndCachesIt) {
  const auto p = make_pki();
  HttpTestServer server({{"/issuing.crt", HttpReply::ok(bytes(p.intermediate.der), "application/pkix-cert",
                                                        "Cache-Control: max-age=3600\r\n")}});
  const auto leaf = leaf_with_aia(p, {server.url("/issuing.crt")});
  testing::TempDir dir;
  const std::string cache = dir.file("cache");
  {
    AcquireContext ctx;
    auto ev = leaf_only(leaf);
    complete_chain_by_aia(ctx, ev, {p.root.cert}, settings(cache));
    ASSERT_EQ(ev.aia_fetched.size(), 1U);
    EXPECT_EQ(ev.aia_fetched[0]->der(), p.intermediate.der);
    ASSERT_EQ(ev.fetches.size(), 1U);
    EXPECT_EQ(ev.fetches[0].outcome, evidence::FetchOutcome::kFetched);
    EXPECT_FALSE(ev.fetches[0].from_cache);
    EXPECT_EQ(ev.fetch_mode, evidence::FetchMode::kOnline);
  }
  EXPECT_EQ(server.count("/issuing.crt"), 1U);
  struct stat st {};
  ASSERT_EQ(::stat(cache.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700U);
  {
    AcquireContext ctx;
    auto ev = leaf_only(leaf);
    complete_chain_by_aia(ctx, ev, {p.root.cert}, settings(cache));
    ASSERT_EQ(ev.aia_fetched.size(), 1U);
    EXPECT_TRUE(ev.fetches[0].from_cache);
  }
  EXPECT_EQ(server.count("/issuing.crt"), 1U);  // the second run sent no request
  {
    AcquireContext ctx;
    auto ev = leaf_only(leaf);
    complete_chain_by_aia(ctx, ev, {p.root.cert}, settings(cache, true));  // offline: the cache still answers
    ASSERT_EQ(ev.aia_fetched.size(), 1U);
    EXPECT_EQ(ev.fetch_mode, evidence::FetchMode::kOffline);
  }
}

TEST(AiaCompletion, ReadsPkcs7AndFollowsToTheRootWhenNothingIsKnown) {
  const auto p = make_pki();
  auto p7 = lab::encode_pkcs7({p.intermediate}, lab::Encoding::kDer);
  ASSERT_TRUE(p7);
  HttpTestServer server({{"/issuing.p7c", HttpReply::ok(bytes(*p7), "application/pkcs7-mime")}});
  const auto leaf = leaf_with_aia(p, {server.url("/issuing.p7c")});
  AcquireContext ctx;
  auto ev = leaf_only(leaf);
  complete_chain_by_aia(ctx, ev, {}, settings(""));
  ASSERT_EQ(ev.aia_fetched.size(), 1U);
  EXPECT_EQ(ev.aia_fetched[0]->der(), p.intermediate.der);
  // The intermediate names no caIssuers URL: the walk stops there.
  EXPECT_EQ(ev.fetches.size(), 1U);
}

TEST(AiaCompletion, NothingIsFetchedWhenTheIssuerIsKnown) {
  const auto p = make_pki();
  HttpTestServer server({{"/issuing.crt", HttpReply::ok(bytes(p.intermediate.der))}});
  const auto leaf = leaf_with_aia(p, {server.url("/issuing.crt")});
  AcquireContext ctx;
  evidence::Evidence ev;
  ev.chain = {leaf.cert, p.intermediate.cert};
  complete_chain_by_aia(ctx, ev, {p.root.cert}, settings(""));
  EXPECT_TRUE(ev.fetches.empty());
  EXPECT_EQ(server.count("/"), 0U);
}

TEST(AiaCompletion, ADeadOrWrongUrlIsAFailureWithItsReason) {
  const auto p = make_pki();
  HttpTestServer server({{"/other.crt", HttpReply::ok(bytes(p.root.der))}, {"/junk.crt", HttpReply::ok("junk")}});
  const auto leaf = leaf_with_aia(
      p, {"ldap:///CN=AIA%20Test%20Issuing%20CA", "http://127.0.0.1:1/ca.crt", server.url("/missing.crt"),
          server.url("/other.crt"), server.url("/junk.crt")});
  AcquireContext ctx;
  auto ev = leaf_only(leaf);
  complete_chain_by_aia(ctx, ev, {p.root.cert}, settings(""));
  EXPECT_TRUE(ev.aia_fetched.empty());
  ASSERT_EQ(ev.fetches.size(), 5U);
  for (const auto& f : ev.fetches) EXPECT_EQ(f.outcome, evidence::FetchOutcome::kFailed) << f.detail;
  EXPECT_EQ(ev.fetches[0].detail, "ldap:///CN=AIA%20Test%20Issuing%20CA: not fetched: only http and https URLs are");
  EXPECT_EQ(ev.fetches[1].detail, "http://127.0.0.1:1/ca.crt: cannot connect: connection refused");
  EXPECT_EQ(ev.fetches[2].detail, server.url("/missing.crt") + ": the server answered HTTP/1.1 404 X");
  EXPECT_EQ(ev.fetches[3].detail,
            server.url("/other.crt") + ": holds no certificate that issued " + leaf.cert->subject.text);
  EXPECT_NE(ev.fetches[4].detail.find("the answer is not a certificate"), std::string::npos) << ev.fetches[4].detail;
}

TEST(AiaCompletion, OfflineFetchesNothing) {
  const auto p = make_pki();
  HttpTestServer server({{"/issuing.crt", HttpReply::ok(bytes(p.intermediate.der))}});
  const auto leaf = leaf_with_aia(p, {server.url("/issuing.crt")});
  AcquireContext ctx;
  auto ev = leaf_only(leaf);
  complete_chain_by_aia(ctx, ev, {p.root.cert}, settings("", true));
  EXPECT_TRUE(ev.aia_fetched.empty());
  ASSERT_EQ(ev.fetches.size(), 1U);
  EXPECT_EQ(ev.fetches[0].outcome, evidence::FetchOutcome::kNotFetched);
  EXPECT_EQ(ev.fetches[0].detail, "not fetched (--offline): unverified");
  EXPECT_EQ(server.count("/"), 0U);
}

TEST(AiaCompletion, APrivateAddressIsNotFetchedByDefault) {
  const auto p = make_pki();
  HttpTestServer server({{"/issuing.crt", HttpReply::ok(bytes(p.intermediate.der))}});
  const auto leaf = leaf_with_aia(p, {server.url("/issuing.crt")});
  FetchOptions o;
  o.no_cache = true;
  auto s = make_fetch_settings(o, std::chrono::milliseconds(2000), {});
  ASSERT_TRUE(s);
  AcquireContext ctx;
  auto ev = leaf_only(leaf);
  complete_chain_by_aia(ctx, ev, {p.root.cert}, *s);
  ASSERT_EQ(ev.fetches.size(), 1U);
  EXPECT_EQ(ev.fetches[0].outcome, evidence::FetchOutcome::kNotFetched);
  EXPECT_NE(ev.fetches[0].detail.find("127.0.0.1 is a loopback address"), std::string::npos);
  EXPECT_EQ(server.count("/"), 0U);
}

}  // namespace
}  // namespace uccert::acquire
