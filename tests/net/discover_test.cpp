#include "uccert/net/discover.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>

namespace uccert::net {
namespace {

TEST(Discover, DomainMembership) {
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

TEST(Discover, SipDomainValidation) {
  EXPECT_TRUE(validate_sip_domain("contoso.com").ok());
  EXPECT_FALSE(validate_sip_domain("contoso").ok());
  EXPECT_FALSE(validate_sip_domain("").ok());
  EXPECT_FALSE(validate_sip_domain("10.0.0.1").ok());
  EXPECT_FALSE(validate_sip_domain("con_toso.com").ok());
  EXPECT_FALSE(validate_sip_domain("contoso.com;rm").ok());
}

TEST(Discover, RecordsInClientOrder) {
  std::vector<std::string> prefixes;
  for (const auto& r : discovery_records()) prefixes.push_back(r.prefix);
  // DNS-01 (2013/SfB), with DNS-02's _sipinternal._tcp after the TLS one and DNS-05's federation SRV last.
  EXPECT_EQ(prefixes, (std::vector<std::string>{"lyncdiscoverinternal.", "lyncdiscover.", "_sipinternaltls._tcp.",
                                                "_sipinternal._tcp.", "_sip._tls.", "sipinternal.", "sip.",
                                                "sipexternal.", "_sipfederationtls._tcp."}));
  for (const auto& r : discovery_records()) {
    if (r.prefix == "_sipfederationtls._tcp.") {
      EXPECT_TRUE(r.federation);
      EXPECT_EQ(r.profiles, std::vector<std::string>{"ocs-interop"});
    }
    if (r.prefix == "lyncdiscover.") {
      EXPECT_EQ(r.protocol, Protocol::kHttps);
    }
    if (r.prefix == "sip.") {
      EXPECT_EQ(r.ports, (std::vector<std::uint16_t>{5061, 443}));  // DNS-03
    }
    if (r.prefix == "_sipinternal._tcp.") {
      EXPECT_FALSE(r.tls);
    }
  }
}

// A UDP port that receives queries and never answers: each lookup ends at its deadline.
TEST(Resolver, SilentServerEndsAtTheDeadline) {
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ResolverOptions o;
  o.servers = {"127.0.0.1:" + std::to_string(ntohs(a.sin_port))};
  o.query_timeout = std::chrono::milliseconds(300);
  asio::io_context io;
  Resolver r(io, o);
  SrvAnswer srv;
  AddressAnswer addr;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        srv = co_await r.srv("_sip._tls.contoso.com");
        addr = co_await r.addresses("sip.contoso.com");
      },
      asio::detached);
  io.run();
  ::close(fd);
  EXPECT_EQ(srv.status, DnsStatus::kTimeout) << srv.error;
  EXPECT_EQ(addr.status, DnsStatus::kTimeout) << addr.error;
  EXPECT_EQ(srv.error, "no answer within 300 ms");
}

TEST(Resolver, RejectsBadServers) {
  ResolverOptions o;
  o.servers = {"not an address"};
  auto s = validate_resolver_options(o);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("--dns-server"), std::string::npos);
  o.servers = {"127.0.0.1:5353", "[::1]:53", "::1", "[::1]"};
  EXPECT_TRUE(validate_resolver_options(o).ok());
}

TEST(Resolver, AddressLiteralNeedsNoLookup) {
  asio::io_context io;
  Resolver r(io, {});
  AddressAnswer addr;
  asio::co_spawn(
      io, [&]() -> asio::awaitable<void> { addr = co_await r.addresses("127.0.0.1"); }, asio::detached);
  io.run();
  EXPECT_EQ(addr.status, DnsStatus::kOk);
  EXPECT_EQ(addr.addresses, std::vector<std::string>{"127.0.0.1"});
}

}  // namespace
}  // namespace uccert::net
