// HTTPS redirect following in the probe (lyncdiscover -> pool web services, as mobile clients
// do it: DNS-01, MOB-04), against loopback servers reached through --connect-to so SNI and Host
// carry names.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include "net/test_servers.h"
#include "uccert/lab/mint.h"
#include "uccert/net/probe.h"

namespace uccert::net {
namespace {

using testing::ServedChain;
using testing::ServerApp;
using testing::ServerConfig;
using testing::TestServer;

struct Pki {
  lab::Minted root = lab::mint(lab::root_ca_spec("Contoso Root CA", "Contoso"), lab::KeyPair::cached({}, 0));
  lab::Minted discover = lab::mint(lab::server_spec("lyncdiscover.contoso.com", {"lyncdiscover.contoso.com"}),
                                   lab::KeyPair::cached({}, 1), &root);
  lab::Minted pool = lab::mint(lab::server_spec("pool01.contoso.com", {"pool01.contoso.com"}),
                               lab::KeyPair::cached({}, 2), &root);
};

const Pki& pki() {
  static const Pki p;
  return p;
}

ServerConfig http_server(const lab::Minted& leaf, std::string response) {
  ServerConfig c;
  c.default_chain = ServedChain{{leaf, pki().root}};
  c.app = ServerApp::kHttp;
  c.http_response = std::move(response);
  return c;
}

ProbeOptions https_probe(const TestServer& s) {
  ProbeOptions o;
  o.host = "lyncdiscover.contoso.com";
  o.port = 443;
  o.protocol = Protocol::kHttps;
  o.connect_to.push_back(*parse_connect_to(fmt::format("lyncdiscover.contoso.com:443:127.0.0.1:{}", s.port())));
  o.timeout = std::chrono::seconds(5);
  o.compare_without_sni = false;
  return o;
}

std::string detail(const evidence::Evidence& ev, const std::string& k) {
  auto it = ev.endpoint->application_details.find(k);
  return it == ev.endpoint->application_details.end() ? std::string("<absent>") : it->second;
}

std::string redirect(const std::string& location) {
  return "HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nServer: Microsoft-IIS/10.0\r\nContent-Length: 0\r\n\r\n";
}

TEST(HttpRedirect, FollowsToAnotherHostAndNamesItsCertificate) {
  const std::string path = "/Autodiscover/AutodiscoverService.svc/root/user?originalDomain=contoso.com";
  TestServer discover(http_server(pki().discover, redirect("https://pool01.contoso.com:4443" + path)));
  TestServer pool(http_server(pki().pool, "HTTP/1.1 200 OK\r\nServer: Microsoft-IIS/8.5\r\nContent-Length: 5\r\n\r\n{...}"));
  auto o = https_probe(discover);
  o.connect_to.push_back(*parse_connect_to(fmt::format("pool01.contoso.com:4443:127.0.0.1:{}", pool.port())));
  auto ev = probe(o);
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  EXPECT_EQ(ev->endpoint->application_status, "HTTP/1.1 200 OK");
  EXPECT_EQ(detail(*ev, "http.redirects"), "1");
  EXPECT_EQ(detail(*ev, "http.hops"),
            "https://lyncdiscover.contoso.com/ 302 -> https://pool01.contoso.com:4443" + path + " 200");
  EXPECT_EQ(detail(*ev, "http.hop.1.certificate"),
            fmt::format("pool01.contoso.com:4443 (127.0.0.1): CN=pool01.contoso.com, SHA-1 {}",
                        pki().pool.cert->sha1_thumbprint));
  EXPECT_EQ(detail(*ev, "http.location"), "<absent>");  // the final answer has none
  EXPECT_EQ(detail(*ev, "http.server"), "Microsoft-IIS/8.5");
  EXPECT_EQ(detail(*ev, "protocol.error"), "<absent>");
  // The hop's certificate is kept for the judge, with its URL.
  ASSERT_EQ(ev->endpoint->hops.size(), 1U);
  const auto& hop = ev->endpoint->hops[0];
  EXPECT_EQ(hop.kind, "redirect");
  EXPECT_EQ(hop.number, 1);
  EXPECT_EQ(hop.via, "redirect 1");
  EXPECT_EQ(hop.url, "https://pool01.contoso.com:4443" + path);
  EXPECT_EQ(hop.host, "pool01.contoso.com");
  EXPECT_EQ(hop.port, 4443);
  EXPECT_EQ(hop.address, "127.0.0.1");
  EXPECT_EQ(hop.error, "");
  ASSERT_EQ(hop.chain.size(), 2U);
  EXPECT_EQ(hop.chain[0]->sha1_thumbprint, pki().pool.cert->sha1_thumbprint);
  // The chain judged is the dialled endpoint's.
  ASSERT_FALSE(ev->chain.empty());
  EXPECT_EQ(ev->chain.front()->sha1_thumbprint, pki().discover.cert->sha1_thumbprint);
  // The hop: its own SNI and Host, the path from the Location.
  auto seen = pool.log();
  ASSERT_EQ(seen.size(), 1U);
  EXPECT_EQ(seen[0].sni, "pool01.contoso.com");
  EXPECT_EQ(seen[0].request.rfind("GET " + path + " HTTP/1.1\r\nHost: pool01.contoso.com:4443\r\n", 0), 0U)
      << seen[0].request;
}

TEST(HttpRedirect, RelativeRedirectsForeverStopAfterTen) {
  // "x/" resolves to one level deeper each time: a new URL on every hop.
  TestServer s(http_server(pki().discover, redirect("x/")));
  auto ev = probe(https_probe(s));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  std::string last = "https://lyncdiscover.contoso.com/";
  for (int i = 0; i < 11; ++i) last += "x/";
  EXPECT_EQ(ev->endpoint->application_status,
            "no final HTTP response: more than 10 redirects; last Location: " + last);
  EXPECT_EQ(detail(*ev, "protocol.error"), "too many redirects");
  EXPECT_EQ(detail(*ev, "http.redirects"), "10");
  EXPECT_EQ(s.log(11).size(), 11U);  // the first GET and ten hops, no more
  EXPECT_EQ(detail(*ev, "http.hop.1.certificate"), "<absent>");  // the same host:port
}

TEST(HttpRedirect, LoopIsNamed) {
  TestServer s(http_server(pki().discover, redirect("https://LyncDiscover.contoso.com:443/next#f")));
  auto ev = probe(https_probe(s));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  EXPECT_EQ(ev->endpoint->application_status,
            "redirect loop: https://lyncdiscover.contoso.com/next came back after 2 redirects");
  EXPECT_EQ(detail(*ev, "protocol.error"), "redirect loop");
  EXPECT_EQ(detail(*ev, "http.redirects"), "1");
}

TEST(HttpRedirect, PlainHttpIsNotFollowed) {
  TestServer s(http_server(pki().discover, redirect("http://lyncdiscover.contoso.com/")));
  auto ev = probe(https_probe(s));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  EXPECT_EQ(ev->endpoint->application_status,
            "redirect to plain HTTP not followed: http://lyncdiscover.contoso.com/ (mobile clients need HTTPS at "
            "every hop)");
  EXPECT_EQ(detail(*ev, "http.redirects"), "0");
  EXPECT_EQ(s.log().size(), 1U);
}

TEST(HttpRedirect, UnusableLocationIsQuotedSafely) {
  TestServer s(http_server(pki().discover, redirect("https://admin:secret@pool01.contoso.com/")));
  auto ev = probe(https_probe(s));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  const std::string& status = ev->endpoint->application_status;
  EXPECT_EQ(status.rfind("redirect not followed: the Location \"https://admin:secret@pool01.contoso.com/\" sent by "
                         "https://lyncdiscover.contoso.com/ cannot be used: it carries user information",
                         0),
            0U)
      << status;
  EXPECT_EQ(detail(*ev, "protocol.error"), "unusable Location");
}

TEST(HttpRedirect, UnreachableHopIsNamed) {
  // A port nobody listens on: bound, then closed.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const auto closed = ntohs(addr.sin_port);
  ::close(fd);
  TestServer s(http_server(pki().discover, redirect("https://pool01.contoso.com/x")));
  auto o = https_probe(s);
  o.connect_to.push_back(*parse_connect_to(fmt::format("pool01.contoso.com:443:127.0.0.1:{}", closed)));
  auto ev = probe(o);
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  EXPECT_EQ(ev->endpoint->application_status,
            "redirect 1 to https://pool01.contoso.com/x failed: pool01.contoso.com:443 (127.0.0.1): connect: "
            "connection refused");
  EXPECT_EQ(detail(*ev, "http.hops"), "https://lyncdiscover.contoso.com/ 302 -> https://pool01.contoso.com/x (failed)");
  ASSERT_EQ(ev->endpoint->hops.size(), 1U);
  EXPECT_TRUE(ev->endpoint->hops[0].chain.empty());
  EXPECT_EQ(ev->endpoint->hops[0].error, "pool01.contoso.com:443 (127.0.0.1): connect: connection refused");
}

std::string autodiscover_document(const std::string& body) {
  return fmt::format("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.microsoft.rtc.autodiscover+xml; v=1\r\n"
                     "Content-Length: {}\r\n\r\n{}",
                     body.size(), body);
}

TEST(HttpAutodiscoverLinks, EachLinkedHostGetsOneHandshakeAndItsChainIsKept) {
  TestServer pool(http_server(pki().pool, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
  const std::string body =
      "{\"_links\":{\"self\":{\"href\":\"https:\\/\\/lyncdiscover.contoso.com\\/Autodiscover\\/root\"},"
      "\"user\":{\"href\":\"https://pool01.contoso.com:4443/Autodiscover/root/oauth/user\"},"
      "\"xframe\":{\"href\":\"https://pool01.contoso.com:4443/Autodiscover/root/xframe\"},"
      "\"closed\":{\"href\":\"https://dialin.contoso.com/x\"},\"plain\":{\"href\":\"http://meet.contoso.com/\"}}}";
  TestServer discover(http_server(pki().discover, autodiscover_document(body)));
  auto o = https_probe(discover);
  o.connect_to.push_back(*parse_connect_to(fmt::format("pool01.contoso.com:4443:127.0.0.1:{}", pool.port())));
  o.connect_to.push_back(*parse_connect_to("dialin.contoso.com:443:127.0.0.1:1"));
  auto ev = probe(o);
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  EXPECT_EQ(ev->endpoint->application_status, "HTTP/1.1 200 OK");
  // self is the endpoint dialled, xframe the host user already led to, http:// is never a hop.
  ASSERT_EQ(ev->endpoint->hops.size(), 2U);
  const auto& user = ev->endpoint->hops[0];
  EXPECT_EQ(user.kind, "link");
  EXPECT_EQ(user.via, "link user");
  EXPECT_EQ(user.url, "https://pool01.contoso.com:4443/Autodiscover/root/oauth/user");
  ASSERT_EQ(user.chain.size(), 2U);
  EXPECT_EQ(user.chain[0]->sha1_thumbprint, pki().pool.cert->sha1_thumbprint);
  const auto& closed = ev->endpoint->hops[1];
  EXPECT_EQ(closed.via, "link closed");
  EXPECT_TRUE(closed.chain.empty());
  EXPECT_NE(closed.error.find("connection refused"), std::string::npos) << closed.error;
  // A handshake only, with the link's own SNI; nothing is sent over it.
  auto seen = pool.log();
  ASSERT_EQ(seen.size(), 1U);
  EXPECT_EQ(seen[0].sni, "pool01.contoso.com");
  EXPECT_EQ(seen[0].request, "");
}

TEST(HttpAutodiscoverLinks, AnyOtherBodyIsNotRead) {
  TestServer s(http_server(pki().discover, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 52"
                                           "\r\n\r\n{\"_links\":{\"user\":{\"href\":\"https://x.example/\"}}}"));
  auto ev = probe(https_probe(s));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  EXPECT_TRUE(ev->endpoint->hops.empty());
}

TEST(HttpRedirect, NoRedirectNoRedirectDetails) {
  TestServer s(http_server(pki().discover, "HTTP/1.1 301 Moved Permanently\r\nContent-Length: 0\r\n\r\n"));
  auto ev = probe(https_probe(s));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  EXPECT_EQ(ev->endpoint->application_status, "HTTP/1.1 301 Moved Permanently");  // no Location: nothing to follow
  EXPECT_EQ(detail(*ev, "http.redirects"), "<absent>");
  EXPECT_EQ(detail(*ev, "http.hops"), "<absent>");
}

}  // namespace
}  // namespace uccert::net
