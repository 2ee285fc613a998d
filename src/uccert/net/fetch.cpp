// The fetcher: resolve, refuse non-public addresses, connect, one request, read the response as
// it arrives (http_body.h), follow redirects; all under one deadline that closes the socket when
// it passes, so a silent server or one dripping a byte a second ends on time.
#include "uccert/net/fetch.h"

#include <algorithm>
#include <array>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/write.hpp>
#include <fmt/format.h>

#include "uccert/net/endpoint.h"
#include "uccert/net/http_body.h"
#include "uccert/net/tls_session.h"

namespace uccert::net {

namespace {

using probe_detail::awaitable_ec;
using probe_detail::Clock;
using probe_detail::DeadlineGuard;
using probe_detail::SslStream;
using probe_detail::tcp;

std::optional<std::string> non_public_v4(const asio::ip::address_v4& a) {
  const auto b = a.to_bytes();
  if (b[0] == 127) return "a loopback address";
  if (b[0] == 169 && b[1] == 254) {
    return b[2] == 169 && b[3] == 254 ? "the cloud instance metadata address" : "a link-local address";
  }
  if (b[0] == 10 || (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168)) return "a private address";
  if (b[0] == 100 && (b[1] & 0xC0) == 64) return "a shared (carrier-grade NAT) address";
  if (b[0] == 0) return "an unspecified address";
  if (b[0] >= 224) return "a multicast or reserved address";
  if (b[0] == 192 && b[1] == 0 && b[2] == 0) return "an IETF protocol address";
  if (b[0] == 198 && (b[1] & 0xFE) == 18) return "a benchmarking address";
  return std::nullopt;
}

std::string seconds_text(std::chrono::milliseconds ms) {
  return ms.count() % 1000 == 0 ? fmt::format("{} s", ms.count() / 1000)
                                : fmt::format("{:.1f} s", static_cast<double>(ms.count()) / 1000.0);
}

// What one request on one connection produced.
struct Exchange {
  std::optional<HttpResponse> head;
  std::string body;
  std::string error;
  bool timed_out = false;
  bool too_large = false;
};

template <class Stream>
asio::awaitable<Exchange> exchange(Stream& stream, DeadlineGuard& guard, const Url& url, const FetchRequest& req,
                                   const FetchPolicy& policy, const std::string& method) {
  Exchange out;
  std::string head = fmt::format("{} {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: uccert\r\nAccept: {}\r\n"
                                 "Connection: close\r\n",
                                 method, url.target, url.authority(), req.accept);
  if (method == "POST") {
    head += fmt::format("Content-Type: {}\r\nContent-Length: {}\r\n", req.content_type, req.body.size());
  }
  head += "\r\n";
  if (method == "POST") head += req.body;
  asio::error_code ec;
  co_await asio::async_write(stream, asio::buffer(head), awaitable_ec(ec));
  ResponseAssembler assembler(policy.max_body, 64 * 1024);
  std::size_t received = 0;
  if (!ec) {
    std::array<char, 16 * 1024> buf{};
    while (assembler.state() == ResponseAssembler::State::kNeedMore) {
      const std::size_t n = co_await stream.async_read_some(asio::buffer(buf), awaitable_ec(ec));
      received += n;
      if (n > 0) assembler.feed(std::string_view(buf.data(), n));
      if (ec) break;
    }
  }
  if (assembler.state() == ResponseAssembler::State::kNeedMore && !guard.fired() &&
      (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated)) {
    assembler.finish();
  }
  if (assembler.state() == ResponseAssembler::State::kComplete) {
    out.head = assembler.head();
    out.body = assembler.body();
    co_return out;
  }
  if (guard.fired()) {
    out.timed_out = true;
    out.error = fmt::format("no complete answer within {} ({} bytes received)", seconds_text(policy.timeout),
                            received);
  } else if (assembler.state() == ResponseAssembler::State::kError) {
    out.too_large = assembler.body_too_large();
    out.error = assembler.error();
  } else {
    out.error = probe_detail::describe(ec);
  }
  co_return out;
}

class Fetcher {
 public:
  Fetcher(asio::io_context& io, FetchRequest request, FetchPolicy policy)
      : io_(io), req_(std::move(request)), policy_(std::move(policy)), deadline_(Clock::now() + policy_.timeout) {}

  asio::awaitable<FetchResult> run() {
    auto url = parse_url(req_.url);
    if (!url) {
      refuse(fmt::format("{}: not fetched: {}", printable(req_.url), url.error().message));
      co_return std::move(out_);
    }
    std::string method = req_.method;
    Url current = *url;
    std::vector<std::string> seen{current.text()};
    while (true) {
      out_.final_url = current.text();
      Exchange ex = co_await one(current, method);
      if (out_.refused_by_policy || out_.unresolvable || !out_.error.empty()) co_return std::move(out_);
      if (!ex.head) {
        out_.timed_out = ex.timed_out;
        out_.too_large = ex.too_large;
        out_.error = fmt::format("{}: {}", current.text(), ex.error);
        co_return std::move(out_);
      }
      out_.status = ex.head->status_code;
      out_.head = ex.head;
      auto location = ex.head->header("Location");
      if (!is_followed_redirect(out_.status) || !location) {
        if (out_.status != 200) {
          out_.error = fmt::format("{}: the server answered {}", current.text(), printable(ex.head->status_line));
        } else {
          out_.ok = true;
          out_.body = std::move(ex.body);
        }
        co_return std::move(out_);
      }
      auto next = resolve_location(current, *location);
      if (!next) {
        out_.error = fmt::format("{}: redirect not followed: {}", current.text(), next.error().message);
        co_return std::move(out_);
      }
      out_.redirects.push_back(next->text());
      if (current.scheme == "http" && next->scheme == "https") out_.redirected_to_https = true;
      if (std::find(seen.begin(), seen.end(), next->text()) != seen.end()) {
        out_.error = fmt::format("{}: redirect loop ({} came back)", req_.url, next->text());
        co_return std::move(out_);
      }
      if (static_cast<int>(out_.redirects.size()) > policy_.max_redirects) {
        out_.error = fmt::format("{}: more than {} redirects (the last to {})", req_.url, policy_.max_redirects,
                                 next->text());
        co_return std::move(out_);
      }
      seen.push_back(next->text());
      if (out_.status == 303 || ((out_.status == 301 || out_.status == 302) && method == "POST")) method = "GET";
      current = std::move(*next);
    }
  }

 private:
  // uccert's own refusal (a scheme or an address it does not fetch from), not the server's.
  void refuse(std::string why) {
    out_.refused_by_policy = true;
    out_.error = std::move(why);
  }

  asio::awaitable<std::vector<std::string>> addresses(const Url& url) {
    if (is_ip_literal(url.host)) co_return std::vector<std::string>{url.host};
    ResolverOptions dns = policy_.dns;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
    dns.query_timeout = std::max(std::chrono::milliseconds(1), std::min(dns.query_timeout, left));
    Resolver r(io_, dns);
    auto a = co_await r.addresses(url.host);
    if (a.status != DnsStatus::kOk) {
      out_.unresolvable = true;
      out_.error = fmt::format("{}: cannot resolve {}: {}", url.text(), url.host,
                               a.error.empty() ? std::string(to_string(a.status)) : a.error);
    }
    co_return a.addresses;
  }

  // One connection, one request: the answer, or out_.error set (refused, unresolvable, unreachable).
  asio::awaitable<Exchange> one(const Url& url, const std::string& method) {
    Exchange none;
    if (url.scheme != "http" && url.scheme != "https") {
      refuse(fmt::format("{}: not fetched: only http and https URLs are", url.text()));
      co_return none;
    }
    auto addrs = co_await addresses(url);
    if (!out_.error.empty()) co_return none;
    std::vector<asio::ip::address> allowed;
    std::string refused_why;
    for (const auto& a : addrs) {
      asio::error_code ec;
      auto ip = asio::ip::make_address(a, ec);
      if (ec) continue;
      if (!policy_.allow_private) {
        if (auto why = non_public_address(a)) {
          refused_why = fmt::format("{} is {}", a, *why);
          continue;
        }
      }
      allowed.push_back(ip);
    }
    if (allowed.empty()) {
      refuse(fmt::format("{}: not fetched: {} (--allow-private-fetch allows it)", url.text(),
                         refused_why.empty() ? std::string("no usable address") : refused_why));
      co_return none;
    }
    DeadlineGuard guard(io_, deadline_);
    tcp::socket sock(io_);
    asio::error_code last;
    bool connected = false;
    for (const auto& ip : allowed) {
      sock = tcp::socket(io_);
      guard.watch(&sock);
      asio::error_code ec;
      co_await sock.async_connect(tcp::endpoint(ip, url.port), awaitable_ec(ec));
      if (!ec) {
        connected = true;
        break;
      }
      last = ec;
      if (guard.fired()) break;
    }
    if (!connected) {
      out_.timed_out = guard.fired();
      out_.error = guard.fired() ? fmt::format("{}: no connection within {}", url.text(), seconds_text(policy_.timeout))
                                 : fmt::format("{}: cannot connect: {}", url.text(), probe_detail::describe(last));
      co_return none;
    }
    if (url.scheme == "http") {
      Exchange ex = co_await exchange(sock, guard, url, req_, policy_, method);
      guard.watch(nullptr);
      co_return ex;
    }
    // https: the content fetched is signed (certificates, CRLs, OCSP responses) and judged on its
    // signature, so the server's certificate is not (as Windows' CryptRetrieveObjectByUrl).
    auto ctx = probe_detail::make_context(nullptr);
    if (!ctx) {
      out_.error = fmt::format("{}: {}", url.text(), ctx.error().message);
      co_return none;
    }
    SslStream stream(std::move(sock), *ctx);
    guard.watch(&stream.next_layer());
    if (!is_ip_literal(url.host)) probe_detail::set_sni(stream.native_handle(), url.host);
    asio::error_code ec;
    co_await stream.async_handshake(asio::ssl::stream_base::client, awaitable_ec(ec));
    if (ec) {
      out_.timed_out = guard.fired();
      out_.error = guard.fired() ? fmt::format("{}: no TLS handshake within {}", url.text(),
                                               seconds_text(policy_.timeout))
                                 : fmt::format("{}: TLS handshake failed: {}", url.text(), probe_detail::describe(ec));
      co_return none;
    }
    Exchange ex = co_await exchange(stream, guard, url, req_, policy_, method);
    guard.watch(nullptr);
    co_return ex;
  }

  asio::io_context& io_;
  FetchRequest req_;
  FetchPolicy policy_;
  Clock::time_point deadline_;
  FetchResult out_;
};

}  // namespace

std::optional<std::string> non_public_address(const std::string& address) {
  asio::error_code ec;
  auto ip = asio::ip::make_address(address, ec);
  if (ec) return "not an IP address";
  if (ip.is_v4()) return non_public_v4(ip.to_v4());
  const auto v6 = ip.to_v6();
  if (v6.is_v4_mapped()) return non_public_v4(asio::ip::make_address_v4(asio::ip::v4_mapped, v6));
  if (v6.is_loopback()) return "a loopback address";
  if (v6.is_unspecified()) return "an unspecified address";
  if (v6.is_link_local()) return "a link-local address";
  if (v6.is_multicast()) return "a multicast address";
  const auto b = v6.to_bytes();
  if ((b[0] & 0xFE) == 0xFC) return "a unique local (private) address";
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return "a documentation address";
  return std::nullopt;
}

asio::awaitable<FetchResult> fetch_async(asio::io_context& io, FetchRequest request, FetchPolicy policy) {
  Fetcher f(io, std::move(request), std::move(policy));
  co_return co_await f.run();
}

FetchResult fetch(const FetchRequest& request, const FetchPolicy& policy) {
  asio::io_context io;
  FetchResult out;
  asio::co_spawn(io, fetch_async(io, request, policy), [&](std::exception_ptr e, FetchResult r) {
    if (e) {
      out.error = fmt::format("{}: internal error while fetching", printable(request.url));
      return;
    }
    out = std::move(r);
  });
  io.run();
  return out;
}

}  // namespace uccert::net
