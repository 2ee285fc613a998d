// The DNS answers c-ares hands to uccert: the real net::Resolver (SRV, then A/AAAA with the CNAME
// chain) asks a UDP server on 127.0.0.1 that answers every query with the fuzzer's bytes. The
// answer keeps the query's ID and question (so c-ares takes it as the answer and does not wait
// for its deadline) and clears TC (no TCP retry); the flags, rcode, section counts and every
// record are the fuzzer's. c-ares itself is the system library (not instrumented): the coverage
// guiding this target is uccert's own handling of what c-ares returns.
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>
#include <asio/redirect_error.hpp>
#include <asio/use_awaitable.hpp>

#include "uccert/net/resolver.h"

namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes answer_for(std::span<const std::uint8_t> query, std::span<const std::uint8_t> fuzz) {
  if (query.size() < 12) return {};
  // The question: QNAME (uncompressed labels in a query) + QTYPE + QCLASS.
  std::size_t end = 12;
  while (end < query.size() && query[end] != 0) end += query[end] + 1U;
  end += 1 + 4;
  if (end > query.size()) return {};
  Bytes out(query.begin(), query.begin() + static_cast<std::ptrdiff_t>(end));
  auto at = [&](std::size_t i, std::uint8_t fallback) { return i < fuzz.size() ? fuzz[i] : fallback; };
  out[2] = static_cast<std::uint8_t>((at(0, 0x81) | 0x80U) & ~0x02U);  // QR set, TC clear
  out[3] = at(1, 0x80);                                                 // RA, Z, RCODE
  for (std::size_t i = 0; i < 6; ++i) out[6 + i] = at(2 + i, 0);       // AN, NS, AR counts
  if (fuzz.size() > 8) out.insert(out.end(), fuzz.begin() + 8, fuzz.end());
  return out;
}

asio::awaitable<void> serve(asio::ip::udp::socket& socket, std::span<const std::uint8_t> fuzz) {
  std::array<std::uint8_t, 1500> buffer{};
  for (;;) {
    asio::ip::udp::endpoint from;
    asio::error_code ec;
    std::size_t n = co_await socket.async_receive_from(asio::buffer(buffer), from,
                                                       asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;  // closed: the queries are done
    Bytes reply = answer_for(std::span<const std::uint8_t>(buffer.data(), n), fuzz);
    if (reply.empty()) continue;
    co_await socket.async_send_to(asio::buffer(reply), from, asio::redirect_error(asio::use_awaitable, ec));
  }
}

asio::awaitable<void> ask(asio::io_context& io, std::uint16_t port, asio::ip::udp::socket& server) {
  uccert::net::ResolverOptions options;
  options.servers = {"127.0.0.1:" + std::to_string(port)};
  options.query_timeout = std::chrono::milliseconds(200);
  uccert::net::Resolver resolver(io, options);
  auto srv = co_await resolver.srv("_sip._tls.fuzz.test");
  std::size_t sink = srv.error.size();
  for (const auto& r : srv.records) sink += r.target.size() + r.port;
  auto addresses = co_await resolver.addresses("sip.fuzz.test");
  for (const auto& a : addresses.addresses) sink += a.size();
  for (const auto& c : addresses.cname_chain) sink += c.size();
  (void)uccert::net::to_string(srv.status);
  (void)uccert::net::to_string(addresses.status);
  (void)sink;
  asio::error_code ignored;
  server.close(ignored);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  asio::io_context io;
  asio::ip::udp::socket server(io, asio::ip::udp::endpoint(asio::ip::make_address_v4("127.0.0.1"), 0));
  const std::uint16_t port = server.local_endpoint().port();
  std::span<const std::uint8_t> fuzz(data, size);
  asio::co_spawn(io, serve(server, fuzz), asio::detached);
  asio::co_spawn(io, ask(io, port, server), asio::detached);
  io.run();
  return 0;
}
