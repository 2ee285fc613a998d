// Revocation data fetched from HTTP servers on 127.0.0.1: CRLs (DER and PEM) kept in the cache
// until their nextUpdate, OCSP by GET and by POST, the files an administrator gives.
#include "uccert/acquire/revocation.h"

#include <gtest/gtest.h>

#include "fixtures/http_test_server.h"
#include "pki/load_fixtures.h"
#include "uccert/lab/mint.h"
#include "uccert/pki/pem.h"

namespace uccert::acquire {
namespace {

using testing::HttpReply;
using testing::HttpTestServer;

struct Pki {
  lab::Minted root;
  lab::Minted ca;
};

const Pki& pki_() {
  static const Pki p = [] {
    auto root = lab::mint(lab::root_ca_spec("Fetch Test Root"), lab::KeyPair::cached(lab::KeySpec::ec(), 60));
    auto ca = lab::mint(lab::intermediate_ca_spec("Fetch Test Issuing CA"),
                        lab::KeyPair::cached(lab::KeySpec::ec(), 61), &root);
    return Pki{root, ca};
  }();
  return p;
}

lab::Minted leaf(std::vector<std::string> crl_urls, std::vector<std::string> ocsp_urls = {}) {
  auto spec = lab::server_spec("sip.contoso.com", {"sip.contoso.com"});
  spec.crl_urls = std::move(crl_urls);
  spec.ocsp_urls = std::move(ocsp_urls);
  return lab::mint(spec, lab::KeyPair::cached(lab::KeySpec::ec(), 62), &pki_().ca);
}

std::string text(const pki::Bytes& b) { return std::string(b.begin(), b.end()); }

FetchSettings settings(const std::string& cache_dir = "", bool offline = false) {
  FetchOptions o;
  o.cache_dir = cache_dir;
  o.no_cache = cache_dir.empty();
  o.offline = offline;
  o.allow_private = true;
  auto s = make_fetch_settings(o, std::chrono::milliseconds(3000), {});
  if (!s) throw std::runtime_error(s.error().message);
  return std::move(*s);
}

evidence::Evidence run(const lab::Minted& l, const FetchSettings& s) {
  AcquireContext ctx;
  evidence::Evidence ev;
  ev.chain = {l.cert, pki_().ca.cert};
  fetch_revocation(ctx, ev, {pki_().root.cert}, s);
  return ev;
}

TEST(RevocationFetch, FetchesTheCrlOfEachCertificateAndKeepsItUntilNextUpdate) {
  auto crl = lab::mint_crl({}, pki_().ca);
  ASSERT_TRUE(crl);
  HttpTestServer server({{"/ca.crl", HttpReply::ok(text(*crl), "application/pkix-crl")},
                         {"/root.crl", HttpReply::ok(lab::crl_pem(*lab::mint_crl({}, pki_().root)))}});
  const auto l = leaf({server.url("/ca.crl")});
  testing::TempDir dir;
  auto ev = run(l, settings(dir.file("cache")));
  ASSERT_EQ(ev.crls.size(), 1U);
  ASSERT_EQ(ev.fetches.size(), 1U);  // the CA certificate names no CDP
  EXPECT_EQ(ev.fetches[0].purpose, "crl");
  EXPECT_EQ(ev.fetches[0].outcome, evidence::FetchOutcome::kFetched);
  EXPECT_EQ(ev.fetches[0].bytes, crl->size());
  EXPECT_NE(ev.fetches[0].detail.find("CRL of CN=Fetch Test Issuing CA, 0 entries"), std::string::npos)
      << ev.fetches[0].detail;

  auto again = run(l, settings(dir.file("cache")));
  ASSERT_EQ(again.crls.size(), 1U);
  EXPECT_TRUE(again.fetches[0].from_cache);
  EXPECT_EQ(server.count("/ca.crl"), 1U);  // nextUpdate is a week away: no second request

  auto pem_leaf = leaf({server.url("/root.crl")});
  auto pem = run(pem_leaf, settings());
  ASSERT_EQ(pem.crls.size(), 1U);  // PEM read as well as DER
}

TEST(RevocationFetch, LdapIsRecordedNotFetchedAndTheNextUrlIsTried) {
  auto crl = lab::mint_crl({}, pki_().ca);
  HttpTestServer server({{"/ca.crl", HttpReply::ok(text(*crl))}});
  const auto l = leaf({"ldap:///CN=Fetch%20Test%20Issuing%20CA,CN=CDP", "http://127.0.0.1:1/dead.crl",
                       server.url("/ca.crl")});
  auto ev = run(l, settings());
  ASSERT_EQ(ev.fetches.size(), 3U);
  EXPECT_EQ(ev.fetches[0].outcome, evidence::FetchOutcome::kNotFetched);
  EXPECT_EQ(ev.fetches[1].outcome, evidence::FetchOutcome::kFailed);
  EXPECT_EQ(ev.fetches[1].detail, "http://127.0.0.1:1/dead.crl: cannot connect: connection refused");
  EXPECT_EQ(ev.fetches[2].outcome, evidence::FetchOutcome::kFetched);
  EXPECT_EQ(ev.crls.size(), 1U);
}

TEST(RevocationFetch, NotACrlIsAFailure) {
  HttpTestServer server({{"/ca.crl", HttpReply::ok("<html>404</html>", "text/html")}});
  auto ev = run(leaf({server.url("/ca.crl")}), settings());
  ASSERT_EQ(ev.fetches.size(), 1U);
  EXPECT_EQ(ev.fetches[0].outcome, evidence::FetchOutcome::kFailed);
  EXPECT_NE(ev.fetches[0].detail.find("the answer is not a CRL"), std::string::npos) << ev.fetches[0].detail;
  EXPECT_TRUE(ev.crls.empty());
}

TEST(RevocationFetch, AsksTheOcspResponderByGetWhenTheRequestFits) {
  std::string response;
  HttpTestServer server(
      [&](const testing::HttpRequestSeen&) { return HttpReply::ok(response, "application/ocsp-response"); });
  const auto l = leaf({}, {server.url("/ocsp")});
  auto der = lab::mint_ocsp_response({}, l, pki_().ca);
  ASSERT_TRUE(der) << der.error().message;
  response = text(*der);
  auto ev = run(l, settings());
  ASSERT_EQ(ev.ocsp_responses.size(), 1U);
  const auto seen = server.requests();
  ASSERT_EQ(seen.size(), 1U);
  EXPECT_EQ(seen[0].method, "GET");
  auto request = pki::make_ocsp_request(*l.cert, *pki_().ca.cert);
  ASSERT_TRUE(request);
  EXPECT_EQ(server.url(seen[0].target.substr(0)), ocsp_get_url(server.url("/ocsp"), *request));
}

TEST(RevocationFetch, PostsWhenTheGetUrlWouldBeTooLong) {
  std::string response;
  HttpTestServer server([&](const testing::HttpRequestSeen&) { return HttpReply::ok(response); });
  const auto l = leaf({}, {server.url("/" + std::string(200, 'o'))});
  response = text(*lab::mint_ocsp_response({}, l, pki_().ca));
  auto ev = run(l, settings());
  ASSERT_EQ(ev.ocsp_responses.size(), 1U);
  const auto seen = server.requests();
  ASSERT_EQ(seen.size(), 1U);
  EXPECT_EQ(seen[0].method, "POST");
  auto request = pki::make_ocsp_request(*l.cert, *pki_().ca.cert);
  EXPECT_EQ(seen[0].body, text(*request));
  EXPECT_NE(seen[0].head.find("Content-Type: application/ocsp-request"), std::string::npos);
}

TEST(RevocationFetch, AnOcspErrorAnswerIsAFailure) {
  HttpTestServer server({{"/ocsp/", HttpReply::ok(text(lab::ocsp_error_response(3)))}});
  auto ev = run(leaf({}, {server.url("/ocsp")}), settings());
  ASSERT_EQ(ev.fetches.size(), 1U);
  EXPECT_EQ(ev.fetches[0].outcome, evidence::FetchOutcome::kFailed);
  EXPECT_EQ(ev.fetches[0].detail, server.url("/ocsp") + ": the OCSP responder answered tryLater (OCSP error)");
  EXPECT_TRUE(ev.ocsp_responses.empty());
}

TEST(RevocationFetch, OfflineFetchesNothing) {
  HttpTestServer server;
  auto ev = run(leaf({server.url("/ca.crl")}), settings("", true));
  ASSERT_EQ(ev.fetches.size(), 1U);
  EXPECT_EQ(ev.fetches[0].outcome, evidence::FetchOutcome::kNotFetched);
  EXPECT_EQ(ev.fetch_mode, evidence::FetchMode::kOffline);
  EXPECT_EQ(server.requests().size(), 0U);
}

TEST(RevocationFetch, OcspGetUrlEncoding) {
  const pki::Bytes req{0xfb, 0xff, 0xfe};  // base64 "+//+": every character that needs escaping
  EXPECT_EQ(ocsp_get_url("http://ocsp.contoso.com", req), "http://ocsp.contoso.com/%2B%2F%2F%2B");
  EXPECT_EQ(ocsp_get_url("http://ocsp.contoso.com/ocsp/", {0x00}), "http://ocsp.contoso.com/ocsp/AA%3D%3D");
}

TEST(RevocationFiles, ReadsCrlsAndOcspResponsesAndNamesABadFile) {
  testing::TempDir dir;
  auto crl = lab::mint_crl({}, pki_().ca);
  const auto der_path = dir.write("ca.crl", *crl);
  const auto pem_path = dir.write("ca.pem.crl", lab::crl_pem(*crl));
  const auto l = leaf({});
  const auto ocsp_path = dir.write("leaf.ocsp", *lab::mint_ocsp_response({}, l, pki_().ca));
  evidence::Evidence ev;
  ASSERT_TRUE(add_crl_files(ev, {der_path, pem_path}).ok());
  ASSERT_TRUE(add_ocsp_files(ev, {ocsp_path}).ok());
  EXPECT_EQ(ev.crls.size(), 2U);
  EXPECT_EQ(ev.ocsp_responses.size(), 1U);

  const auto junk = dir.write("junk.crl", std::string("not a crl"));
  auto bad = add_crl_files(ev, {junk});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message.rfind("--crl " + junk + ": not a DER X.509 CRL", 0), 0U) << bad.error().message;
  auto missing = add_ocsp_files(ev, {dir.file("missing.ocsp")});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message.rfind("--ocsp-response " + dir.file("missing.ocsp"), 0), 0U)
      << missing.error().message;
  const auto error_path = dir.write("error.ocsp", lab::ocsp_error_response(3));
  auto error = add_ocsp_files(ev, {error_path});
  ASSERT_FALSE(error.ok());
  EXPECT_NE(error.error().message.find("answered tryLater"), std::string::npos);
}

}  // namespace
}  // namespace uccert::acquire
