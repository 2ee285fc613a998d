// The fetcher against hostile and ordinary servers on 127.0.0.1: every case ends within its
// deadline with one line naming what went wrong.
#include "uccert/net/fetch.h"

#include <gtest/gtest.h>

#include <chrono>

#include "fixtures/http_test_server.h"

namespace uccert::net {
namespace {

using testing::HttpReply;
using testing::HttpTestServer;
using Clock = std::chrono::steady_clock;

FetchPolicy loopback_policy(std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) {
  FetchPolicy p;
  p.timeout = timeout;
  p.allow_private = true;  // the servers below listen on 127.0.0.1
  return p;
}

FetchResult get(const std::string& url, const FetchPolicy& policy) {
  FetchRequest r;
  r.url = url;
  return fetch(r, policy);
}

TEST(Fetch, GetsABody) {
  HttpTestServer server({{"/ca.crt", HttpReply::ok("certificate bytes", "application/pkix-cert")}});
  auto r = get(server.url("/ca.crt"), loopback_policy());
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.body, "certificate bytes");
  EXPECT_EQ(r.status, 200);
  ASSERT_EQ(server.requests().size(), 1U);
  EXPECT_EQ(server.requests()[0].method, "GET");
  EXPECT_NE(server.requests()[0].head.find("Host: 127.0.0.1:" + std::to_string(server.port())), std::string::npos);
}

TEST(Fetch, PostsARequestBody) {
  HttpTestServer server([](const testing::HttpRequestSeen& r) { return HttpReply::ok("echo:" + r.body); });
  FetchRequest req;
  req.url = server.url("/ocsp");
  req.method = "POST";
  req.content_type = "application/ocsp-request";
  req.body = std::string("\x30\x03\x02\x01\x00", 5);
  auto r = fetch(req, loopback_policy());
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.body, "echo:" + req.body);
  EXPECT_NE(server.requests()[0].head.find("Content-Type: application/ocsp-request"), std::string::npos);
}

TEST(Fetch, RefusesLoopbackByDefault) {
  HttpTestServer server({{"/ca.crt", HttpReply::ok("x")}});
  FetchPolicy p;
  p.timeout = std::chrono::milliseconds(2000);
  auto r = get(server.url("/ca.crt"), p);
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.refused_by_policy);
  EXPECT_EQ(r.error, server.url("/ca.crt") +
                         ": not fetched: 127.0.0.1 is a loopback address (--allow-private-fetch allows it)");
  EXPECT_EQ(server.requests().size(), 0U);
}

TEST(Fetch, ClassifiesAddresses) {
  EXPECT_EQ(non_public_address("169.254.169.254"), "the cloud instance metadata address");
  EXPECT_EQ(non_public_address("169.254.1.1"), "a link-local address");
  EXPECT_EQ(non_public_address("10.1.2.3"), "a private address");
  EXPECT_EQ(non_public_address("172.31.0.1"), "a private address");
  EXPECT_EQ(non_public_address("192.168.0.1"), "a private address");
  EXPECT_EQ(non_public_address("::1"), "a loopback address");
  EXPECT_EQ(non_public_address("::ffff:127.0.0.1"), "a loopback address");
  EXPECT_EQ(non_public_address("fe80::1"), "a link-local address");
  EXPECT_EQ(non_public_address("fd00:ec2::254"), "a unique local (private) address");
  EXPECT_FALSE(non_public_address("172.32.0.1").has_value());
  EXPECT_FALSE(non_public_address("8.8.8.8").has_value());
  EXPECT_FALSE(non_public_address("2606:4700::1111").has_value());
}

TEST(Fetch, RefusesOtherSchemes) {
  auto r = get("ldap://ldap.contoso.com/CN=Contoso", loopback_policy());
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.refused_by_policy);
  EXPECT_NE(r.error.find("not fetched"), std::string::npos) << r.error;
}

TEST(Fetch, FollowsAFewRedirectsAndNotesHttpToHttps) {
  HttpTestServer redirecting([&](const testing::HttpRequestSeen& r) {
    if (r.target == "/a") return HttpReply::redirect("/b");
    if (r.target == "/b") return HttpReply::redirect("/c", 301);
    return HttpReply::ok("final");
  });
  auto r = get(redirecting.url("/a"), loopback_policy());
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.body, "final");
  EXPECT_EQ(r.redirects.size(), 2U);
  EXPECT_FALSE(r.redirected_to_https);

  HttpTestServer to_https({{"/crl", HttpReply::redirect("https://127.0.0.1:1/crl")}});
  auto s = get(to_https.url("/crl"), loopback_policy());
  EXPECT_FALSE(s.ok);
  EXPECT_TRUE(s.redirected_to_https);
}

TEST(Fetch, EndlessRedirectsStop) {
  int n = 0;
  HttpTestServer server(
      [&](const testing::HttpRequestSeen&) { return HttpReply::redirect("/r" + std::to_string(++n)); });
  auto r = get(server.url("/r0"), loopback_policy());
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("more than 3 redirects"), std::string::npos) << r.error;
  EXPECT_EQ(server.requests().size(), 4U);

  HttpTestServer loop({{"/x", HttpReply::redirect("/y")}, {"/y", HttpReply::redirect("/x")}});
  auto l = get(loop.url("/x"), loopback_policy());
  EXPECT_NE(l.error.find("redirect loop"), std::string::npos) << l.error;
}

TEST(Fetch, ASilentServerEndsAtTheDeadline) {
  HttpReply silent;
  silent.kind = HttpReply::Kind::kSilent;
  HttpTestServer server({{"/ca.crl", silent}});
  const auto t0 = Clock::now();
  auto r = get(server.url("/ca.crl"), loopback_policy(std::chrono::milliseconds(500)));
  const auto took = Clock::now() - t0;
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.error, server.url("/ca.crl") + ": no complete answer within 0.5 s (0 bytes received)");
  EXPECT_LT(took, std::chrono::milliseconds(1500));
}

TEST(Fetch, ADrippingServerEndsAtTheDeadline) {
  HttpReply drip = HttpReply::ok(std::string(1000, 'x'));
  drip.kind = HttpReply::Kind::kDrip;
  drip.drip_interval = std::chrono::milliseconds(50);
  HttpTestServer server({{"/ca.crl", drip}});
  const auto t0 = Clock::now();
  auto r = get(server.url("/ca.crl"), loopback_policy(std::chrono::milliseconds(600)));
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.timed_out);
  EXPECT_NE(r.error.find("no complete answer within 0.6 s"), std::string::npos) << r.error;
  EXPECT_LT(Clock::now() - t0, std::chrono::milliseconds(1600));
}

TEST(Fetch, AHugeBodyIsRefusedWhileItArrives) {
  HttpReply endless;
  endless.kind = HttpReply::Kind::kEndless;
  endless.bytes = "HTTP/1.1 200 OK\r\nContent-Type: application/pkix-crl\r\n\r\n";  // no length: to the close
  HttpTestServer server({{"/big.crl", endless}});
  FetchPolicy p = loopback_policy(std::chrono::milliseconds(5000));
  p.max_body = 1024 * 1024;
  const auto t0 = Clock::now();
  auto r = get(server.url("/big.crl"), p);
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.too_large);
  EXPECT_EQ(r.error, server.url("/big.crl") + ": the response is larger than the 1048576 bytes accepted");
  EXPECT_LT(Clock::now() - t0, std::chrono::milliseconds(5000));
}

TEST(Fetch, AnHttpErrorIsNamed) {
  HttpTestServer server;
  auto r = get(server.url("/missing.crt"), loopback_policy());
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error, server.url("/missing.crt") + ": the server answered HTTP/1.1 404 X");
}

TEST(Fetch, NobodyListeningIsNamed) {
  auto r = get("http://127.0.0.1:1/ca.crt", loopback_policy());
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "http://127.0.0.1:1/ca.crt: cannot connect: connection refused");
}

}  // namespace
}  // namespace uccert::net
