#include "uccert/net/resolver.h"

#include <gtest/gtest.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>

#include "net/silent_udp_port.h"

namespace uccert::net {
namespace {

using testing::SilentUdpPort;

// A UDP port that receives queries and never answers: each lookup ends at its deadline.
TEST(Resolver, SilentServerEndsAtTheDeadline) {
  SilentUdpPort silent;
  ASSERT_NE(silent.port, 0);
  ResolverOptions o;
  o.servers = {"127.0.0.1:" + std::to_string(silent.port)};
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
