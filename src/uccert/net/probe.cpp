// The order of one probe: connect and handshake on the name dialled, record what the handshake
// showed, speak the protocol, follow HTTPS redirects, then compare with the chain served without
// SNI; all within one deadline. The steps live in the files prober.h names.
#include "uccert/net/probe.h"

#include <ctime>

#include <asio/co_spawn.hpp>
#include <asio/write.hpp>
#include <fmt/format.h>

#include "uccert/net/prober.h"

namespace uccert::net {

namespace probe_detail {

Prober::Prober(asio::io_context& io, ProbeOptions options)
    : io_(io), o_(std::move(options)), deadline_(Clock::now() + o_.timeout) {
  protocol_ = o_.protocol.value_or(default_protocol(o_.port));
  target_ = make_target(o_.host, o_.port);
  if (!o_.no_sni) {
    if (o_.sni) {
      sni_ = *o_.sni;
    } else if (!is_ip_literal(o_.host)) {
      sni_ = o_.host;
    }
  }
}

asio::awaitable<Result<evidence::Evidence>> Prober::run() {
  std::shared_ptr<asio::ssl::context> ctx;
  if (o_.shared_context != nullptr && !o_.client_identity) {
    auto shared = o_.shared_context->get();
    if (!shared) co_return shared.error();
    ctx = std::move(*shared);
  } else {
    auto own = make_context(o_.client_identity.get());
    if (!own) co_return own.error();
    ctx = std::make_shared<asio::ssl::context>(std::move(*own));
  }

  evidence::Evidence ev;
  ev.target = target_.display;
  ev.dialled_name = o_.host;
  ev.observed_at = static_cast<pki::UnixTime>(std::time(nullptr));
  // container stays "": the chain was not read from a file (docs/json.md).
  evidence::EndpointFacts facts;
  facts.host = o_.host;
  facts.port = o_.port;
  facts.sni = sni_;
  facts.protocol = std::string(to_string(protocol_));

  auto first = co_await connect_and_handshake(*ctx, target_, sni_, facts);
  if (!first) co_return first.error();
  Handshake& hs = *first;
  ev.chain = hs.chain;
  facts.address = hs.address;
  SSL* ssl = hs.stream->native_handle();
  facts.tls_version = SSL_get_version(ssl);
  if (const char* cipher = SSL_get_cipher_name(ssl)) facts.cipher = cipher;
  const unsigned char* ocsp = nullptr;
  long ocsp_len = SSL_get_tlsext_status_ocsp_resp(ssl, &ocsp);
  facts.ocsp_stapled = ocsp != nullptr && ocsp_len > 0;
  // Kept as sent (capped like every read): the judge checks it is for the leaf, signed and fresh.
  if (facts.ocsp_stapled && static_cast<std::size_t>(ocsp_len) <= kMaxOcspStaple) {
    facts.ocsp_staple.assign(ocsp, ocsp + ocsp_len);
  }
  record_client_ca_names(ssl, hs, facts);

  if (!hs.handshake_error.empty()) {
    // The server sent its chain, then refused the handshake (it did not accept our client
    // certificate, or none): the certificate is still judged; the refusal is reported.
    facts.application_status = fmt::format("TLS handshake refused: {}", hs.handshake_error);
    facts.application_details[key::kClientCertOutcome] = fmt::format("refused: {}", hs.handshake_error);
  } else {
    co_await speak_protocol(hs, facts);
  }
  {
    asio::error_code ignored;
    hs.stream->next_layer().close(ignored);
    // Its buffers (~80 KiB with OpenSSL's) go now, not after the redirects and the second
    // handshake below: a scan holds a thousand probes at once.
    hs.stream.reset();
  }
  if (redirect_) co_await follow_redirects(*ctx, facts);
  if (document_) co_await follow_links(*ctx, facts);

  if (!sni_.empty() && o_.compare_without_sni) co_await compare_without_sni(*ctx, ev.chain, facts);
  ev.endpoint = std::move(facts);
  co_return ev;
}

// Where to connect for host:port: through the same --connect-to rules as the first connection.
Target Prober::make_target(const std::string& host, std::uint16_t port) const {
  Target t;
  t.display = format_host_port(host, port);
  t.host = host;
  auto to = apply_connect_to(o_.connect_to, host, port);
  t.connect_host = to.host;
  t.connect_port = to.port;
  return t;
}

std::string Prober::where(const std::string& address) const { return where(target_, address); }

std::string Prober::where(const Target& t, const std::string& address) {
  if (address.empty() || address == t.host) return t.display;
  return fmt::format("{} ({})", t.display, address);
}

std::string Prober::seconds() const {
  auto ms = o_.timeout.count();
  return ms % 1000 == 0 ? fmt::format("{} s", ms / 1000) : fmt::format("{} ms", ms);
}

Error Prober::fail(const std::string& address, std::string_view phase, const asio::error_code& ec,
                   bool timed_out) const {
  return fail(target_, address, phase, ec, timed_out);
}

Error Prober::fail(const Target& t, const std::string& address, std::string_view phase, const asio::error_code& ec,
                   bool timed_out) const {
  if (timed_out) return Error{fmt::format("{}: timed out after {} ({})", where(t, address), seconds(), phase)};
  return Error{fmt::format("{}: {}: {}", where(t, address), phase, describe(ec))};
}

asio::awaitable<void> Prober::speak_protocol(Handshake& hs, evidence::EndpointFacts& facts) {
  DeadlineGuard guard(io_, deadline_);
  guard.watch(&hs.stream->next_layer());
  switch (protocol_) {
    case Protocol::kSip: co_await sip_options(hs, guard, facts); break;
    case Protocol::kHttps: co_await https_get(hs, guard, facts); break;
    case Protocol::kSmtp: {
      // Leave politely; the answer does not matter.
      asio::error_code ec;
      std::string quit = "QUIT\r\n";
      co_await asio::async_write(*hs.stream, asio::buffer(quit), awaitable_ec(ec));
      if (o_.client_identity && hs.cert_requested) {
        facts.application_details[key::kClientCertOutcome] = ec ? describe(ec) : "no TLS alert";
      }
      break;
    }
    case Protocol::kTls:
      if (o_.client_identity && hs.cert_requested) co_await await_client_cert_verdict(hs, facts);
      break;
  }
  guard.watch(nullptr);
}

void Prober::protocol_failure(std::string_view what, const asio::error_code& ec, bool timed_out,
                              evidence::EndpointFacts& facts, const Handshake& hs) {
  std::string why = timed_out ? fmt::format("no answer within {}", seconds()) : describe(ec);
  facts.application_status = fmt::format("no {} response: {}", what, why);
  facts.application_details[key::kProtocolError] = why;
  if (o_.client_identity && hs.cert_requested) {
    facts.application_details[key::kClientCertOutcome] = fmt::format("refused: {}", why);
  }
}

}  // namespace probe_detail

asio::awaitable<Result<evidence::Evidence>> probe_async(asio::io_context& io, ProbeOptions options) {
  probe_detail::Prober p(io, std::move(options));
  co_return co_await p.run();
}

bool is_connection_refused(const Error& error) {
  // Prober::fail words the last connect failure "<where>: connect: connection refused".
  static constexpr std::string_view kRefused = ": connect: connection refused";
  return std::string_view(error.message).ends_with(kRefused);
}

Result<evidence::Evidence> probe(const ProbeOptions& options) {
  asio::io_context io;
  std::optional<Result<evidence::Evidence>> out;
  asio::co_spawn(
      io, [&]() -> asio::awaitable<void> { out.emplace(co_await probe_async(io, options)); },
      [&](std::exception_ptr e) {
        if (!e) return;
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          out.emplace(Error{fmt::format("{}: {}", format_host_port(options.host, options.port), ex.what())});
        }
      });
  io.run();
  if (!out) return Error{fmt::format("{}: the probe did not finish", format_host_port(options.host, options.port))};
  return std::move(*out);
}

}  // namespace uccert::net
