#include "uccert/lab/servers.h"

#include <fmt/format.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <list>
#include <sstream>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read_until.hpp>
#include <asio/redirect_error.hpp>
#include <asio/ssl.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include "uccert/lab/answers.h"

namespace uccert::lab {

namespace {

using asio::ip::tcp;
using SslStream = asio::ssl::stream<tcp::socket&>;

constexpr std::size_t kMaxHead = 64 * 1024;           // a request head larger than this is dropped
constexpr auto kConnectionLifetime = std::chrono::seconds(30);

auto with_ec(asio::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

struct Listener {
  const ScenarioEndpoint* endpoint;
  tcp::acceptor acceptor;
  std::unique_ptr<asio::ssl::context> tls;
};

// The Subject CN of the peer's certificate, nullopt when it sent none.
std::optional<std::string> peer_common_name(SSL* ssl) {
  pki::X509Ptr peer(SSL_get1_peer_certificate(ssl));
  if (!peer) return std::nullopt;
  X509_NAME* name = X509_get_subject_name(peer.get());
  const int at = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (at < 0) return std::string();
  unsigned char* utf8 = nullptr;
  const int len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, at)));
  if (len < 0) return std::string();
  std::string cn(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(len));
  OPENSSL_free(utf8);
  return cn;
}

// A file of the lab's HTTP folder by request path: only a plain name directly inside it.
std::optional<std::string> http_file(const std::filesystem::path& dir, std::string_view path) {
  if (path.size() < 2 || path.front() != '/') return std::nullopt;
  const std::string_view name = path.substr(1);
  if (!std::all_of(name.begin(), name.end(),
                   [](char c) {
                     return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_';
                   }) ||
      name.front() == '.')
    return std::nullopt;
  std::ifstream in(dir / std::string(name), std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string_view content_type(std::string_view path) {
  if (path.size() >= 4 && path.substr(path.size() - 4) == ".crl") return "application/pkix-crl";
  if (path.size() >= 4 && path.substr(path.size() - 4) == ".crt") return "application/pkix-cert";
  return "application/octet-stream";
}

}  // namespace

struct LabServers::State {
  State(asio::io_context& i, const Scenario& s) : io(i), scenario(s), http(i) {}
  asio::io_context& io;
  const Scenario& scenario;
  tcp::acceptor http;
  std::list<Listener> listeners;
  std::filesystem::path http_dir;
  std::list<std::weak_ptr<tcp::socket>> open;  // every connection, closed by stop()
  bool stopped = false;

  std::shared_ptr<tcp::socket> track(tcp::socket s) {
    auto sock = std::make_shared<tcp::socket>(std::move(s));
    open.remove_if([](const auto& w) { return w.expired(); });
    open.push_back(sock);
    return sock;
  }
};

namespace {

using State = LabServers::State;

// Closes the socket when the connection has lived too long: a client that never finishes holds
// nothing for ever.
std::shared_ptr<asio::steady_timer> lifetime(asio::io_context& io, const std::shared_ptr<tcp::socket>& sock) {
  auto timer = std::make_shared<asio::steady_timer>(io, kConnectionLifetime);
  timer->async_wait([weak = std::weak_ptr<tcp::socket>(sock)](asio::error_code ec) {
    if (ec) return;
    if (auto s = weak.lock()) {
      asio::error_code ignored;
      s->close(ignored);
    }
  });
  return timer;
}

// SMTP as an Exchange transport server answers, line by line: EHLO offering STARTTLS until TLS is
// up; STARTTLS (plain text only) ends the loop with true; QUIT, an error or the client's close
// with false.
template <class Stream>
asio::awaitable<bool> smtp_commands(Stream& stream, const ScenarioEndpoint& e, bool secure) {
  asio::error_code ec;
  std::string buf;
  while (!ec) {
    const std::size_t n = co_await asio::async_read_until(stream, asio::dynamic_buffer(buf, 4096), "\r\n", with_ec(ec));
    if (ec) break;
    std::string verb = buf.substr(0, std::min<std::size_t>(n, 8));
    buf.erase(0, n);
    for (auto& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const bool starttls = !secure && verb.rfind("STARTTLS", 0) == 0;
    const bool quit = verb.rfind("QUIT", 0) == 0;
    std::string reply;
    if (verb.rfind("EHLO", 0) == 0)
      reply =
          fmt::format("250-{}\r\n250-SIZE 37748736\r\n{}250 8BITMIME\r\n", e.host, secure ? "" : "250-STARTTLS\r\n");
    else if (verb.rfind("HELO", 0) == 0) reply = fmt::format("250 {}\r\n", e.host);
    else if (starttls) reply = "220 2.0.0 SMTP server ready\r\n";
    else if (quit) reply = "221 2.0.0 Service closing transmission channel\r\n";
    else if (verb.rfind("NOOP", 0) == 0 || verb.rfind("RSET", 0) == 0) reply = "250 2.0.0 OK\r\n";
    else if (verb.rfind("VRFY", 0) == 0) reply = "252 2.1.5 Cannot VRFY user\r\n";
    else if (verb.rfind("HELP", 0) == 0) reply = "214 2.0.0 uccert lab: EHLO, STARTTLS, QUIT\r\n";
    else reply = "500 5.3.3 Unrecognized command\r\n";
    co_await asio::async_write(stream, asio::buffer(reply), with_ec(ec));
    if (starttls) co_return !ec;
    if (quit) break;
  }
  co_return false;
}

// SMTP up to STARTTLS: the greeting, then commands. True when the client asked for TLS.
asio::awaitable<bool> smtp_until_starttls(tcp::socket& sock, const ScenarioEndpoint& e) {
  asio::error_code ec;
  std::string greeting = fmt::format("220 {} Microsoft ESMTP MAIL Service ready (uccert lab)\r\n", e.host);
  co_await asio::async_write(sock, asio::buffer(greeting), with_ec(ec));
  if (ec) co_return false;
  co_return co_await smtp_commands(sock, e, false);
}

asio::awaitable<void> serve_tls(std::shared_ptr<State> st, Listener* l, std::shared_ptr<tcp::socket> sock) {
  auto timer = lifetime(st->io, sock);
  const ScenarioEndpoint& e = *l->endpoint;
  if (e.protocol == EndpointProtocol::kSmtp && !co_await smtp_until_starttls(*sock, e)) co_return;
  SslStream tls(*sock, *l->tls);
  asio::error_code ec;
  co_await tls.async_handshake(asio::ssl::stream_base::server, with_ec(ec));
  if (ec) co_return;
  if (e.protocol == EndpointProtocol::kSmtp) {
    co_await smtp_commands(tls, e, true);
    co_await tls.async_shutdown(with_ec(ec));
    co_return;
  }
  std::string buf;
  while (!ec) {
    const std::size_t n =
        co_await asio::async_read_until(tls, asio::dynamic_buffer(buf, kMaxHead), "\r\n\r\n", with_ec(ec));
    if (ec) break;
    const std::string head = buf.substr(0, n);
    buf.erase(0, n);
    std::string reply;
    bool close_after = false;
    switch (e.protocol) {
      case EndpointProtocol::kSip:
        reply = sip_answer(head, e, peer_common_name(tls.native_handle()));
        break;
      case EndpointProtocol::kHttps:
        reply = https_answer(std::string_view(head).substr(0, head.find("\r\n")), e);
        close_after = true;
        break;
      case EndpointProtocol::kSmtp:  // answered above
      case EndpointProtocol::kTls:
        close_after = true;
        break;
    }
    if (!reply.empty()) co_await asio::async_write(tls, asio::buffer(reply), with_ec(ec));
    if (close_after) break;
  }
  co_await tls.async_shutdown(with_ec(ec));
}

asio::awaitable<void> serve_http(std::shared_ptr<State> st, std::shared_ptr<tcp::socket> sock) {
  auto timer = lifetime(st->io, sock);
  asio::error_code ec;
  std::string buf;
  const std::size_t n =
      co_await asio::async_read_until(*sock, asio::dynamic_buffer(buf, kMaxHead), "\r\n\r\n", with_ec(ec));
  if (ec) co_return;
  const std::string_view line = std::string_view(buf).substr(0, std::min(n, buf.find("\r\n")));
  const std::string_view path = request_path(line);
  const std::string reply = http_file_answer(http_file(st->http_dir, path), content_type(path));
  co_await asio::async_write(*sock, asio::buffer(reply), with_ec(ec));
  sock->shutdown(tcp::socket::shutdown_both, ec);
}

template <class Serve>
asio::awaitable<void> accept_loop(std::shared_ptr<State> st, tcp::acceptor& acceptor, Serve serve) {
  while (!st->stopped) {
    asio::error_code ec;
    tcp::socket s = co_await acceptor.async_accept(with_ec(ec));
    if (ec) {
      if (st->stopped || ec == asio::error::operation_aborted || ec == asio::error::bad_descriptor) co_return;
      continue;  // a connection reset before it was accepted
    }
    asio::co_spawn(st->io, serve(st, st->track(std::move(s))), asio::detached);
  }
}

Result<tcp::acceptor> listen_on(asio::io_context& io, std::uint16_t port, std::string_view what) {
  tcp::acceptor a(io);
  asio::error_code ec;
  const tcp::endpoint at(asio::ip::make_address_v4("127.0.0.1"), port);
  a.open(at.protocol(), ec);
  if (!ec) a.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) a.bind(at, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Error{fmt::format("{}: cannot listen on 127.0.0.1:{}: {}", what, port, ec.message())};
  return a;
}

// The TLS context of one endpoint: its leaf, the intermediates when it sends them, its key; a
// client certificate requested or required for mutual TLS but never validated here (the SIP
// answer judges the peer by CN, as Lync does). Security level 0: the lab serves the weak
// certificates uccert must diagnose.
Result<std::unique_ptr<asio::ssl::context>> tls_context(const ScenarioEndpoint& e, const MintedScenario& minted) {
  auto ctx = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
  SSL_CTX* c = ctx->native_handle();
  SSL_CTX_set_security_level(c, 0);
  const std::vector<Minted> chain = minted.chain(e.certificate);
  if (chain.empty())
    return Error{fmt::format("endpoint \"{}\": certificate \"{}\" was not minted", e.id, e.certificate)};
  if (SSL_CTX_use_certificate(c, chain.front().x509.get()) != 1 ||
      SSL_CTX_use_PrivateKey(c, chain.front().key.get()) != 1)
    return Error{fmt::format("endpoint \"{}\": OpenSSL refused its certificate or key", e.id)};
  if (e.send_intermediates) {
    for (std::size_t i = 1; i < chain.size(); ++i) SSL_CTX_add1_chain_cert(c, chain[i].x509.get());
  }
  if (e.client_certificate != ClientCertMode::kNone) {
    const int mode =
        SSL_VERIFY_PEER | (e.client_certificate == ClientCertMode::kRequire ? SSL_VERIFY_FAIL_IF_NO_PEER_CERT : 0);
    SSL_CTX_set_verify(c, mode, [](int, X509_STORE_CTX*) { return 1; });
  }
  return ctx;
}

}  // namespace

LabServers::LabServers(std::shared_ptr<State> state) : state_(std::move(state)) {}
LabServers::~LabServers() { stop(); }

Result<std::unique_ptr<LabServers>> LabServers::bind(asio::io_context& io, const Scenario& scenario,
                                                     std::uint16_t base_port) {
  auto st = std::make_shared<State>(io, scenario);
  auto http = listen_on(io, base_port, "the lab's HTTP server (CRL and AIA)");
  if (!http) return http.error();
  st->http = std::move(*http);
  std::uint16_t next = base_port == 0 ? 0 : static_cast<std::uint16_t>(base_port + 2);
  for (const auto& e : scenario.endpoints) {
    if (base_port != 0 && next == 0) return Error{"--base-port: too high for every endpoint to get a port"};
    auto a = listen_on(io, next, fmt::format("endpoint \"{}\" ({}:{})", e.id, e.host, e.port));
    if (!a) return a.error();
    st->listeners.push_back(Listener{&e, std::move(*a), nullptr});
    if (next != 0) next = static_cast<std::uint16_t>(next + 1);
  }
  return std::unique_ptr<LabServers>(new LabServers(std::move(st)));
}

std::uint16_t LabServers::http_port() const { return state_->http.local_endpoint().port(); }

std::uint16_t LabServers::port_of(const std::string& endpoint_id) const {
  for (const auto& l : state_->listeners)
    if (l.endpoint->id == endpoint_id) return l.acceptor.local_endpoint().port();
  return 0;
}

Status LabServers::start(const MintedScenario& minted) {
  const std::shared_ptr<State>& st = state_;  // each coroutine holds it until it ends
  st->http_dir = minted.dir / "http";
  for (auto& l : st->listeners) {
    auto ctx = tls_context(*l.endpoint, minted);
    if (!ctx) return ctx.error();
    l.tls = std::move(*ctx);
  }
  asio::co_spawn(st->io, accept_loop(st, st->http, [](std::shared_ptr<State> s, std::shared_ptr<tcp::socket> sock) {
                   return serve_http(std::move(s), std::move(sock));
                 }),
                 asio::detached);
  for (auto& l : st->listeners) {
    Listener* lp = &l;
    asio::co_spawn(st->io,
                   accept_loop(st, l.acceptor,
                               [lp](std::shared_ptr<State> s, std::shared_ptr<tcp::socket> sock) {
                                 return serve_tls(std::move(s), lp, std::move(sock));
                               }),
                   asio::detached);
  }
  return Ok{};
}

void LabServers::stop() {
  if (!state_ || state_->stopped) return;
  state_->stopped = true;
  asio::error_code ignored;
  state_->http.close(ignored);
  for (auto& l : state_->listeners) l.acceptor.close(ignored);
  for (auto& w : state_->open)
    if (auto s = w.lock()) s->close(ignored);
  state_->open.clear();
}

}  // namespace uccert::lab
