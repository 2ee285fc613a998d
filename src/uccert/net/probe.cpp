#include "uccert/net/probe.h"

#include <algorithm>
#include <ctime>
#include <random>

#include <asio/co_spawn.hpp>
#include <asio/connect.hpp>
#include <asio/detached.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read_until.hpp>
#include <asio/redirect_error.hpp>
#include <asio/ssl.hpp>
#include <asio/steady_timer.hpp>
#include <asio/streambuf.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>
#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "uccert/net/http_response.h"
#include "uccert/net/ms_diagnostics.h"
#include "uccert/net/sip_message.h"
#include "uccert/net/smtp_reply.h"

namespace uccert::net {

namespace {

using asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using SslStream = asio::ssl::stream<tcp::socket>;
namespace key = detail_key;

auto awaitable_ec(asio::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

// Closes whichever socket is current when the probe's time is up; every pending operation on it
// then completes with an error and the probe reports the phase it was in.
struct Watchdog {
  explicit Watchdog(asio::io_context& io) : timer(io) {}
  asio::steady_timer timer;
  tcp::socket* socket = nullptr;
  bool fired = false;
};

class DeadlineGuard {
 public:
  DeadlineGuard(asio::io_context& io, Clock::time_point deadline) : dog_(std::make_shared<Watchdog>(io)) {
    dog_->timer.expires_at(deadline);
    dog_->timer.async_wait([dog = dog_](asio::error_code ec) {
      if (ec) return;
      dog->fired = true;
      if (dog->socket != nullptr) {
        asio::error_code ignored;
        dog->socket->close(ignored);
      }
    });
  }
  ~DeadlineGuard() {
    dog_->socket = nullptr;
    dog_->timer.cancel();
  }
  DeadlineGuard(const DeadlineGuard&) = delete;
  DeadlineGuard& operator=(const DeadlineGuard&) = delete;
  void watch(tcp::socket* s) { dog_->socket = s; }
  bool fired() const { return dog_->fired; }

 private:
  std::shared_ptr<Watchdog> dog_;
};

std::string ssl_reason(const asio::error_code& ec) {
  const char* reason = ERR_reason_error_string(static_cast<unsigned long>(ec.value()));
  return reason != nullptr ? reason : ec.message();
}

// A person's words for what the network or the server did.
std::string describe(const asio::error_code& ec) {
  if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated || ec == asio::error::connection_reset ||
      ec == asio::error::broken_pipe) {
    return "the server closed the connection";
  }
  if (ec == asio::error::connection_refused) return "connection refused";
  if (ec == asio::error::host_unreachable || ec == asio::error::network_unreachable) return "no route to the address";
  if (ec.category() == asio::error::get_ssl_category()) {
    std::string r = ssl_reason(ec);
    if (r == "wrong version number" || r == "packet length too long" || r == "unknown protocol" ||
        r == "record layer failure" || r == "http request") {
      return fmt::format("the server does not speak TLS here ({})", r);
    }
    if (r.find("alert") != std::string::npos) return fmt::format("the server sent a TLS alert: {}", r);
    if (r == "excessive message size") {
      // OpenSSL's cap on a handshake message; in practice the server's certificate message.
      return fmt::format("the server's certificate message is larger than the {} KiB uccert accepts (TLS error: {})",
                         SSL_MAX_CERT_LIST_DEFAULT / 1024, r);
    }
    return fmt::format("TLS error: {}", r);
  }
  return ec.message();
}

std::string one_line_name(X509_NAME* name) {
  pki::BioPtr bio(BIO_new(BIO_s_mem()));
  constexpr unsigned long kFlags =
      (ASN1_STRFLGS_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) | XN_FLAG_SEP_CPLUS_SPC | XN_FLAG_DN_REV | XN_FLAG_FN_SN;
  X509_NAME_print_ex(bio.get(), name, 0, kFlags);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

std::string random_token(std::size_t n) {
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  static std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<std::size_t> pick(0, sizeof kChars - 2);
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(kChars[pick(rng)]);
  return out;
}

// OpenSSL's SSL_set_tlsext_host_name macro casts in C style.
void set_sni(SSL* ssl, const std::string& name) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
  SSL_set_tlsext_host_name(ssl, name.c_str());
#pragma GCC diagnostic pop
}

int on_cert_request(SSL* /*ssl*/, void* arg) {
  *static_cast<bool*>(arg) = true;  // the server sent a CertificateRequest
  return 1;
}

Result<asio::ssl::context> make_context(const ClientIdentity* identity) {
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  SSL_CTX* c = ctx.native_handle();
  // A diagnostic tool must talk to old Lync / OCS servers too: every version and cipher.
  SSL_CTX_set_security_level(c, 0);
  SSL_CTX_set_min_proto_version(c, TLS1_VERSION);
  SSL_CTX_set_cipher_list(c, "ALL:@SECLEVEL=0");
  SSL_CTX_set_options(c, SSL_OP_LEGACY_SERVER_CONNECT | SSL_OP_IGNORE_UNEXPECTED_EOF);
  // Record, never decide: the judge validates the chain later for each client profile.
  SSL_CTX_set_verify(c, SSL_VERIFY_NONE, nullptr);
  if (identity != nullptr) {
    if (SSL_CTX_use_certificate(c, identity->cert.get()) != 1 || SSL_CTX_use_PrivateKey(c, identity->key.get()) != 1) {
      return Error{fmt::format("{}: cannot use it as a client certificate: {}", identity->origin,
                               pki::drain_openssl_errors())};
    }
    for (int i = 0; i < sk_X509_num(identity->chain.get()); ++i) {
      X509* extra = sk_X509_value(identity->chain.get(), i);
      X509_up_ref(extra);
      if (SSL_CTX_add_extra_chain_cert(c, extra) != 1) {
        X509_free(extra);
        return Error{fmt::format("{}: cannot send its chain: {}", identity->origin, pki::drain_openssl_errors())};
      }
    }
  }
  return ctx;
}

struct Target {
  std::string display;  // "sip.contoso.com:5061"
  std::string host;     // the name dialled there
  std::string connect_host;
  std::uint16_t connect_port = 0;
};

// What one connection + handshake produced.
struct Handshake {
  std::unique_ptr<SslStream> stream;
  std::string address;
  std::vector<pki::CertificatePtr> chain;
  bool cert_requested = false;
  std::string handshake_error;  // set when the handshake failed after the chain arrived (MTLS refusal)
};

class Prober {
 public:
  Prober(asio::io_context& io, ProbeOptions options)
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

  asio::awaitable<Result<evidence::Evidence>> run() {
    auto ctx = make_context(o_.client_identity.get());
    if (!ctx) co_return ctx.error();

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
    }
    if (redirect_) co_await follow_redirects(*ctx, facts);

    if (!sni_.empty() && o_.compare_without_sni) co_await compare_without_sni(*ctx, ev.chain, facts);
    ev.endpoint = std::move(facts);
    co_return ev;
  }

 private:
  // Where to connect for host:port: through the same --connect-to rules as the first connection.
  Target make_target(const std::string& host, std::uint16_t port) const {
    Target t;
    t.display = format_host_port(host, port);
    t.host = host;
    auto to = apply_connect_to(o_.connect_to, host, port);
    t.connect_host = to.host;
    t.connect_port = to.port;
    return t;
  }

  std::string where(const std::string& address) const { return where(target_, address); }
  static std::string where(const Target& t, const std::string& address) {
    if (address.empty() || address == t.host) return t.display;
    return fmt::format("{} ({})", t.display, address);
  }

  std::string seconds() const {
    auto ms = o_.timeout.count();
    return ms % 1000 == 0 ? fmt::format("{} s", ms / 1000) : fmt::format("{} ms", ms);
  }

  Error fail(const std::string& address, std::string_view phase, const asio::error_code& ec, bool timed_out) const {
    return fail(target_, address, phase, ec, timed_out);
  }
  Error fail(const Target& t, const std::string& address, std::string_view phase, const asio::error_code& ec,
             bool timed_out) const {
    if (timed_out) return Error{fmt::format("{}: timed out after {} ({})", where(t, address), seconds(), phase)};
    return Error{fmt::format("{}: {}: {}", where(t, address), phase, describe(ec))};
  }

  asio::awaitable<Result<std::vector<std::string>>> addresses(const Target& target) {
    if (is_ip_literal(target.connect_host)) co_return std::vector<std::string>{target.connect_host};
    ResolverOptions dns = o_.dns;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
    dns.query_timeout = std::max(std::chrono::milliseconds(1), std::min(dns.query_timeout, left));
    Resolver r(io_, dns);
    auto a = co_await r.addresses(target.connect_host);
    if (a.status != DnsStatus::kOk) {
      co_return Error{fmt::format("{}: cannot resolve {}: {}", target.display, target.connect_host,
                                  a.error.empty() ? std::string(to_string(a.status)) : a.error)};
    }
    co_return a.addresses;
  }

  // Connect (trying each address), SMTP preamble when needed, then the handshake.
  asio::awaitable<Result<Handshake>> connect_and_handshake(asio::ssl::context& ctx, const Target& target,
                                                           const std::string& sni, evidence::EndpointFacts& facts) {
    auto addrs = co_await addresses(target);
    if (!addrs) co_return addrs.error();
    DeadlineGuard guard(io_, deadline_);
    tcp::socket sock(io_);
    std::string connected;
    asio::error_code last;
    for (const auto& a : *addrs) {
      asio::error_code ec;
      auto ip = asio::ip::make_address(a, ec);
      if (ec) continue;
      sock = tcp::socket(io_);
      guard.watch(&sock);
      co_await sock.async_connect(tcp::endpoint(ip, target.connect_port), awaitable_ec(ec));
      if (!ec) {
        connected = a;
        break;
      }
      last = ec;
      if (guard.fired()) break;
    }
    if (connected.empty()) {
      co_return fail(target, addrs->size() == 1 ? addrs->front() : "", "connect", last, guard.fired());
    }
    facts.address = connected;
    facts.connected_port = target.connect_port;

    if (protocol_ == Protocol::kSmtp) {
      auto pre = co_await smtp_preamble(sock, connected, guard, facts);
      if (!pre) co_return pre.error();
    }

    Handshake hs;
    hs.address = connected;
    hs.stream = std::make_unique<SslStream>(std::move(sock), ctx);
    guard.watch(&hs.stream->next_layer());
    SSL* ssl = hs.stream->native_handle();
    if (!sni.empty()) set_sni(ssl, sni);
    SSL_set_tlsext_status_type(ssl, TLSEXT_STATUSTYPE_ocsp);
    SSL_set_cert_cb(ssl, &on_cert_request, &hs.cert_requested);
    asio::error_code ec;
    co_await hs.stream->async_handshake(asio::ssl::stream_base::client, awaitable_ec(ec));
    SSL_set_cert_cb(ssl, nullptr, nullptr);  // `hs` moves on return: drop the pointer into it
    hs.chain = peer_chain(ssl, facts);
    for (std::size_t i = 0; i < hs.chain.size(); ++i) {
      if (!hs.chain[i]) {
        co_return Error{fmt::format("{}: certificate {} sent by the server cannot be decoded", where(target, connected), i)};
      }
    }
    if (ec) {
      // TLS 1.2: the server refuses a client certificate after sending its own chain.
      if (!guard.fired() && !hs.chain.empty() && ec.category() == asio::error::get_ssl_category()) {
        hs.handshake_error = describe(ec);
        guard.watch(nullptr);
        co_return hs;
      }
      co_return fail(target, connected, "TLS handshake", ec, guard.fired());
    }
    if (hs.chain.empty()) co_return Error{fmt::format("{}: the server sent no certificate", where(target, connected))};
    guard.watch(nullptr);
    co_return hs;
  }

  static std::vector<pki::CertificatePtr> peer_chain(SSL* ssl, evidence::EndpointFacts& facts) {
    std::vector<pki::CertificatePtr> out;
    // The chain exactly as sent, in order; on the client side it includes the leaf.
    STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl);
    if (chain == nullptr) return out;
    const int sent = sk_X509_num(chain);
    const int kept = std::min(sent, static_cast<int>(kMaxPeerChain));
    if (sent > kept) {
      facts.application_details[key::kChainTruncated] =
          fmt::format("the server sent {} certificates; the first {} are judged", sent, kept);
    }
    for (int i = 0; i < kept; ++i) {
      X509* x = sk_X509_value(chain, i);
      int len = i2d_X509(x, nullptr);
      if (len <= 0) {
        out.push_back(nullptr);
        continue;
      }
      pki::Bytes der(static_cast<std::size_t>(len));
      unsigned char* p = der.data();
      i2d_X509(x, &p);
      auto cert = pki::Certificate::from_der(der);
      out.push_back(cert ? *cert : nullptr);
    }
    return out;
  }

  void record_client_ca_names(SSL* ssl, const Handshake& hs, evidence::EndpointFacts& facts) {
    STACK_OF(X509_NAME)* cas = SSL_get_client_CA_list(ssl);
    for (int i = 0; cas != nullptr && i < sk_X509_NAME_num(cas); ++i) {
      facts.client_ca_names.push_back(one_line_name(sk_X509_NAME_value(cas, i)));
    }
    facts.application_details[key::kClientCertRequested] = hs.cert_requested ? "yes" : "no";
    const ClientIdentity* id = o_.client_identity.get();
    if (id == nullptr) return;
    facts.application_details[key::kClientCertSent] =
        hs.cert_requested ? one_line_name(X509_get_subject_name(id->cert.get())) : "not requested by the server";
    if (!hs.cert_requested) return;
    if (cas == nullptr || sk_X509_NAME_num(cas) == 0) {
      facts.application_details[key::kClientCertIssuerListed] = "the server listed no CA names";
      return;
    }
    // Does the client certificate chain to a CA the server names? Compare the issuer of every
    // certificate we send (and the subjects of the intermediates) with the list.
    std::vector<X509_NAME*> ours{X509_get_issuer_name(id->cert.get())};
    for (int i = 0; i < sk_X509_num(id->chain.get()); ++i) {
      X509* c = sk_X509_value(id->chain.get(), i);
      ours.push_back(X509_get_subject_name(c));
      ours.push_back(X509_get_issuer_name(c));
    }
    for (int i = 0; i < sk_X509_NAME_num(cas); ++i) {
      X509_NAME* listed = sk_X509_NAME_value(cas, i);
      for (X509_NAME* n : ours) {
        if (X509_NAME_cmp(listed, n) == 0) {
          facts.application_details[key::kClientCertIssuerListed] = fmt::format("yes: {}", one_line_name(listed));
          return;
        }
      }
    }
    facts.application_details[key::kClientCertIssuerListed] =
        fmt::format("no: issued by {}, which the server does not list", one_line_name(X509_get_issuer_name(id->cert.get())));
  }

  // ---- SMTP (RFC 3207) -------------------------------------------------------------------

  asio::awaitable<Result<SmtpReply>> smtp_read(tcp::socket& sock, std::string& buf, const std::string& address,
                                               DeadlineGuard& guard, std::string_view phase) {
    std::array<char, 1024> chunk{};
    while (true) {
      if (auto n = complete_smtp_reply(buf)) {
        auto reply = parse_smtp_reply(std::string_view(buf).substr(0, *n));
        buf.erase(0, *n);
        if (!reply) co_return Error{fmt::format("{}: {}: not an SMTP reply", where(address), phase)};
        co_return *reply;
      }
      if (buf.size() > kMaxSmtpReply) {
        co_return Error{fmt::format("{}: {}: reply longer than {} bytes", where(address), phase, kMaxSmtpReply)};
      }
      asio::error_code ec;
      std::size_t n = co_await sock.async_read_some(asio::buffer(chunk), awaitable_ec(ec));
      if (ec) co_return fail(address, std::string(phase), ec, guard.fired());
      buf.append(chunk.data(), n);
    }
  }

  asio::awaitable<Status> smtp_preamble(tcp::socket& sock, const std::string& address, DeadlineGuard& guard,
                                        evidence::EndpointFacts& facts) {
    std::string buf;
    auto greeting = co_await smtp_read(sock, buf, address, guard, "waiting for the SMTP greeting");
    if (!greeting) co_return greeting.error();
    facts.application_details[key::kSmtpGreeting] = greeting->first_line();
    if (greeting->code != 220) {
      co_return Error{fmt::format("{}: the SMTP server refused the session: {}", where(address), greeting->first_line())};
    }
    asio::error_code ec;
    std::string ehlo = fmt::format("EHLO {}\r\n", o_.ehlo_name);
    co_await asio::async_write(sock, asio::buffer(ehlo), awaitable_ec(ec));
    if (ec) co_return fail(address, "sending EHLO", ec, guard.fired());
    auto caps = co_await smtp_read(sock, buf, address, guard, "waiting for the EHLO reply");
    if (!caps) co_return caps.error();
    facts.application_details[key::kSmtpEhlo] = caps->first_line();
    if (caps->code != 250) {
      co_return Error{fmt::format("{}: EHLO refused: {}", where(address), caps->first_line())};
    }
    if (!caps->has_keyword("STARTTLS")) {
      co_return Error{fmt::format("{}: the SMTP server does not offer STARTTLS (EHLO answered {})", where(address),
                                  caps->first_line())};
    }
    std::string starttls = "STARTTLS\r\n";
    co_await asio::async_write(sock, asio::buffer(starttls), awaitable_ec(ec));
    if (ec) co_return fail(address, "sending STARTTLS", ec, guard.fired());
    auto go = co_await smtp_read(sock, buf, address, guard, "waiting for the STARTTLS reply");
    if (!go) co_return go.error();
    if (go->code != 220) {
      co_return Error{fmt::format("{}: the SMTP server refused STARTTLS: {}", where(address), go->first_line())};
    }
    facts.application_status = go->first_line();
    co_return Ok{};
  }

  // ---- after the handshake -----------------------------------------------------------------

  asio::awaitable<void> speak_protocol(Handshake& hs, evidence::EndpointFacts& facts) {
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

  // TLS 1.3: the client's handshake ends before the server has checked our certificate; a
  // refusal arrives as an alert on the first read. With no application to speak, wait briefly
  // for one (at most a second, within the probe's deadline).
  asio::awaitable<void> await_client_cert_verdict(Handshake& hs, evidence::EndpointFacts& facts) {
    if (SSL_version(hs.stream->native_handle()) < TLS1_3_VERSION) {
      facts.application_details[key::kClientCertOutcome] = "handshake completed";
      co_return;
    }
    struct Wait {
      bool done = false;
      bool expired = false;
      tcp::socket* socket = nullptr;
    };
    auto w = std::make_shared<Wait>();
    w->socket = &hs.stream->next_layer();
    asio::steady_timer t(io_);
    t.expires_at(std::min(deadline_, Clock::now() + std::chrono::seconds(1)));
    t.async_wait([w](asio::error_code ec) {
      if (ec || w->done) return;
      w->expired = true;
      asio::error_code ignored;
      w->socket->cancel(ignored);
    });
    std::array<char, 256> buf{};
    asio::error_code ec;
    co_await hs.stream->async_read_some(asio::buffer(buf), awaitable_ec(ec));
    w->done = true;
    t.cancel();
    if (w->expired) {
      facts.application_details[key::kClientCertOutcome] = "no TLS alert within a second (accepted as far as TLS shows)";
    } else if (ec && ec.category() == asio::error::get_ssl_category()) {
      facts.application_details[key::kClientCertOutcome] = fmt::format("refused: {}", describe(ec));
    } else {
      facts.application_details[key::kClientCertOutcome] = "handshake completed";
    }
  }

  void protocol_failure(std::string_view what, const asio::error_code& ec, bool timed_out, evidence::EndpointFacts& facts,
                        const Handshake& hs) {
    std::string why = timed_out ? fmt::format("no answer within {}", seconds()) : describe(ec);
    facts.application_status = fmt::format("no {} response: {}", what, why);
    facts.application_details[key::kProtocolError] = why;
    if (o_.client_identity && hs.cert_requested) {
      facts.application_details[key::kClientCertOutcome] = fmt::format("refused: {}", why);
    }
  }

  asio::awaitable<void> sip_options(Handshake& hs, DeadlineGuard& guard, evidence::EndpointFacts& facts) {
    SipOptionsRequest req;
    req.target_host = o_.host;
    req.target_port = o_.port;
    asio::error_code ec;
    auto local = hs.stream->next_layer().local_endpoint(ec);
    req.local_address = ec ? "127.0.0.1" : local.address().to_string();
    req.local_port = ec ? 0 : local.port();
    req.from_domain = o_.sip_from_domain;
    req.call_id = random_token(20) + "@uccert";
    req.branch = "z9hG4bK" + random_token(16);
    req.tag = random_token(10);
    std::string msg = build_sip_options(req);
    co_await asio::async_write(*hs.stream, asio::buffer(msg), awaitable_ec(ec));
    if (ec) {
      protocol_failure("SIP", ec, guard.fired(), facts, hs);
      co_return;
    }
    std::string buf;
    for (int i = 0; i < kMaxSipProvisionalResponses; ++i) {
      std::size_t n = co_await asio::async_read_until(*hs.stream, asio::dynamic_buffer(buf, kMaxSipResponseHead),
                                                      "\r\n\r\n", awaitable_ec(ec));
      if (ec == asio::error::not_found) {
        facts.application_status = fmt::format("no SIP response: the response head exceeds {} bytes", kMaxSipResponseHead);
        facts.application_details[key::kProtocolError] = "response too large";
        co_return;
      }
      if (ec) {
        protocol_failure("SIP", ec, guard.fired(), facts, hs);
        co_return;
      }
      auto resp = parse_sip_response(std::string_view(buf).substr(0, n));
      if (!resp) {
        facts.application_status = "no SIP response: the server answered something that is not SIP";
        facts.application_details[key::kProtocolError] = "not SIP";
        co_return;
      }
      buf.erase(0, n);
      // Skip a provisional response's body (there should be none) without holding it.
      if (auto cl = resp->header("Content-Length")) {
        std::size_t len = std::strtoul(cl->c_str(), nullptr, 10);
        if (len <= buf.size()) {
          buf.erase(0, len);
        } else {
          buf.clear();
        }
      }
      if (resp->status_code < 200) continue;
      facts.application_status = resp->status_line;
      if (o_.client_identity && hs.cert_requested) facts.application_details[key::kClientCertOutcome] = "accepted";
      if (auto server = resp->header("Server")) facts.application_details[key::kSipServer] = *server;
      else if (auto ua = resp->header("User-Agent")) facts.application_details[key::kSipServer] = *ua;
      auto diag = resp->header("ms-diagnostics");
      if (!diag) diag = resp->header("ms-diagnostics-public");
      if (diag) {
        facts.application_details[key::kSipMsDiagnostics] = *diag;
        if (auto d = parse_ms_diagnostics(*diag)) {
          facts.application_details[key::kSipDiagnosticsCode] = std::to_string(d->code);
          if (!d->reason.empty()) facts.application_details[key::kSipDiagnosticsReason] = d->reason;
          if (d->hresult) facts.application_details[key::kSipHresult] = format_hresult(*d->hresult);
          if (!d->hresult_name.empty()) facts.application_details[key::kSipHresultName] = d->hresult_name;
          if (!d->rule.empty()) facts.application_details[key::kSipRule] = d->rule;
        }
      }
      co_return;
    }
    facts.application_status = "no final SIP response after several provisional ones";
  }

  // ---- HTTPS (lyncdiscover, web services) ----------------------------------------------------

  // What one GET produced: the response head, or why there is none.
  struct HttpAnswer {
    std::optional<HttpResponse> response;
    asio::error_code ec;
    bool timed_out = false;
    bool too_large = false;
    bool not_http = false;
  };

  std::string why_no_answer(const HttpAnswer& a) const {
    if (a.timed_out) return fmt::format("no answer within {}", seconds());
    if (a.too_large) return fmt::format("the response head exceeds {} bytes", kMaxHttpResponseHead);
    if (a.not_http) return "the server answered something that is not HTTP";
    return describe(a.ec);
  }

  // The URL of the first GET: the name dialled, its port, --http-path.
  Url first_url() const {
    Url u;
    u.scheme = "https";
    u.host = lower_name(o_.host);
    u.port = o_.port;
    u.target = o_.http_path.empty() ? std::string("/") : o_.http_path;
    return u;
  }

  // One GET of `url` on an established TLS stream; reads the head only, at most
  // kMaxHttpResponseHead bytes; the body is never read.
  asio::awaitable<HttpAnswer> http_exchange(SslStream& stream, DeadlineGuard& guard, const Url& url) {
    HttpAnswer out;
    std::string req = fmt::format(
        "GET {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: uccert\r\nAccept: */*\r\nConnection: close\r\n\r\n", url.target,
        url.authority());
    co_await asio::async_write(stream, asio::buffer(req), awaitable_ec(out.ec));
    if (out.ec) {
      out.timed_out = guard.fired();
      co_return out;
    }
    std::string buf;
    std::size_t n = co_await asio::async_read_until(stream, asio::dynamic_buffer(buf, kMaxHttpResponseHead), "\r\n\r\n",
                                                    awaitable_ec(out.ec));
    if (out.ec == asio::error::not_found) {
      out.too_large = true;
      co_return out;
    }
    if (out.ec) {
      out.timed_out = guard.fired();
      co_return out;
    }
    out.response = parse_http_response(std::string_view(buf).substr(0, n));
    out.not_http = !out.response;
    co_return out;
  }

  // The answer's status line and headers become the endpoint's (the last answer wins).
  static void record_http_answer(const HttpResponse& r, evidence::EndpointFacts& facts) {
    facts.application_status = r.status_line;
    auto set = [&](const char* k, const std::optional<std::string>& v) {
      if (v) {
        facts.application_details[k] = *v;
      } else {
        facts.application_details.erase(k);
      }
    };
    set(key::kHttpServer, r.header("Server"));
    set(key::kHttpLocation, r.header("Location"));
  }

  asio::awaitable<void> https_get(Handshake& hs, DeadlineGuard& guard, evidence::EndpointFacts& facts) {
    const Url url = first_url();
    auto answer = co_await http_exchange(*hs.stream, guard, url);
    if (!answer.response) {
      if (answer.too_large || answer.not_http) {
        facts.application_status = fmt::format("no HTTP response: {}", why_no_answer(answer));
        facts.application_details[key::kProtocolError] = answer.too_large ? "response too large" : "not HTTP";
      } else {
        protocol_failure("HTTP", answer.ec, answer.timed_out, facts, hs);
      }
      co_return;
    }
    if (o_.client_identity && hs.cert_requested) facts.application_details[key::kClientCertOutcome] = "accepted";
    record_http_answer(*answer.response, facts);
    if (is_followed_redirect(answer.response->status_code)) {
      if (auto location = answer.response->header("Location")) {
        redirect_ = PendingRedirect{url, answer.response->status_code, std::move(*location)};
      }
    }
  }

  // SNI for a redirect hop: as the first connection on the name dialled (so --sni and --no-sni
  // hold), else the hop's host unless it is an IP address.
  std::string hop_sni(const Url& u) const {
    if (u.host == lower_name(o_.host)) return sni_;
    return is_ip_literal(u.host) ? std::string() : u.host;
  }

  // Mobile clients follow the autodiscover redirects (DNS-01, MOB-04): each hop is a new TCP +
  // TLS connection and one GET, all within the probe's one deadline. The chain judged stays the
  // dialled endpoint's; a hop on another host:port has its certificate named, since that is the
  // next one the client meets. Kept per hop: its URL (at most kMaxUrlLength) and status code.
  asio::awaitable<void> follow_redirects(asio::ssl::context& ctx, evidence::EndpointFacts& facts) {
    PendingRedirect pending = std::move(*redirect_);
    redirect_.reset();
    Url current = pending.from;
    std::string location = std::move(pending.location);
    std::vector<std::string> seen{current.text()};
    std::string hops = fmt::format("{} {}", current.text(), pending.status);
    int followed = 0;
    auto stop = [&](std::string line, std::string why) {
      facts.application_status = std::move(line);
      facts.application_details[key::kProtocolError] = std::move(why);
    };
    auto out_of_time = [&](const std::string& url) {
      stop(fmt::format("no final HTTP response: no answer within {} after {} redirect{} (waiting for {})", seconds(),
                       followed, followed == 1 ? "" : "s", url),
           fmt::format("no answer within {} after {} redirect{}", seconds(), followed, followed == 1 ? "" : "s"));
    };
    while (true) {
      auto next = resolve_location(current, location);
      if (!next) {
        stop(fmt::format("redirect not followed: the Location \"{}\" sent by {} cannot be used: {}", printable(location),
                         current.text(), next.error().message),
             "unusable Location");
        break;
      }
      const std::string url = next->text();
      if (next->scheme != "https") {
        hops += fmt::format(" -> {} (not followed)", url);
        stop(fmt::format("redirect to plain HTTP not followed: {} (mobile clients need HTTPS at every hop)", url),
             "redirect to plain HTTP");
        break;
      }
      if (followed >= kMaxHttpRedirects) {
        hops += fmt::format(" -> {} (not followed)", url);
        stop(fmt::format("no final HTTP response: more than {} redirects; last Location: {}", kMaxHttpRedirects, url),
             "too many redirects");
        break;
      }
      if (std::find(seen.begin(), seen.end(), url) != seen.end()) {
        hops += " -> " + url;
        stop(fmt::format("redirect loop: {} came back after {} redirect{}", url, followed + 1, followed == 0 ? "" : "s"),
             "redirect loop");
        break;
      }
      seen.push_back(url);
      ++followed;
      hops += " -> " + url;
      if (Clock::now() >= deadline_) {
        out_of_time(url);
        break;
      }
      const Target t = make_target(next->host, next->port);
      evidence::EndpointFacts scratch;  // the hop's own handshake facts are not the endpoint's
      auto hs = co_await connect_and_handshake(ctx, t, hop_sni(*next), scratch);
      if (!hs || !hs->handshake_error.empty()) {
        hops += " (failed)";
        if (Clock::now() >= deadline_) {
          out_of_time(url);
        } else {
          std::string why = hs ? fmt::format("{}: TLS handshake refused: {}", where(t, hs->address), hs->handshake_error)
                               : hs.error().message;
          stop(fmt::format("redirect {} to {} failed: {}", followed, url, why), fmt::format("redirect failed: {}", why));
        }
        if (hs) {
          asio::error_code ignored;
          hs->stream->next_layer().close(ignored);
        }
        break;
      }
      if (next->host != lower_name(o_.host) || next->port != o_.port) {
        const auto& leaf = hs->chain.front();
        facts.application_details[key::http_hop_certificate(followed)] =
            fmt::format("{}: {}, SHA-1 {}", where(t, hs->address), leaf->subject.text, leaf->sha1_thumbprint);
      }
      HttpAnswer answer;
      {
        DeadlineGuard guard(io_, deadline_);
        guard.watch(&hs->stream->next_layer());
        answer = co_await http_exchange(*hs->stream, guard, *next);
        guard.watch(nullptr);
        asio::error_code ignored;
        hs->stream->next_layer().close(ignored);
      }
      if (!answer.response) {
        hops += " (no answer)";
        if (answer.timed_out) {
          out_of_time(url);
        } else {
          stop(fmt::format("no final HTTP response: redirect {} to {}: {}", followed, url, why_no_answer(answer)),
               why_no_answer(answer));
        }
        break;
      }
      const int code = answer.response->status_code;
      hops += fmt::format(" {}", code);
      record_http_answer(*answer.response, facts);
      auto next_location = answer.response->header("Location");
      if (!is_followed_redirect(code) || !next_location) break;  // the final answer
      current = std::move(*next);
      location = std::move(*next_location);
    }
    facts.application_details[key::kHttpRedirects] = std::to_string(followed);
    facts.application_details[key::kHttpHops] = std::move(hops);
  }

  // ---- the certificate served without SNI ------------------------------------------------

  asio::awaitable<void> compare_without_sni(asio::ssl::context& ctx, const std::vector<pki::CertificatePtr>& with,
                                            evidence::EndpointFacts& facts) {
    if (Clock::now() >= deadline_) {
      facts.application_details[key::kSniComparison] = "not done: no time left";
      co_return;
    }
    evidence::EndpointFacts scratch;
    auto second = co_await connect_and_handshake(ctx, target_, "", scratch);
    if (!second) {
      facts.application_details[key::kSniComparison] = fmt::format("handshake without SNI failed: {}", second.error().message);
      co_return;
    }
    asio::error_code ignored;
    second->stream->next_layer().close(ignored);
    const auto& without = second->chain;
    bool same = without.size() == with.size();
    for (std::size_t i = 0; same && i < with.size(); ++i) same = with[i]->der() == without[i]->der();
    if (same) {
      facts.application_details[key::kSniComparison] = "same chain without SNI";
    } else {
      bool same_leaf = !without.empty() && with.front()->der() == without.front()->der();
      facts.application_details[key::kSniComparison] =
          same_leaf ? "same certificate without SNI, different chain"
                    : fmt::format("different certificate without SNI: {}",
                                  without.empty() ? std::string("none") : without.front()->subject.text);
      facts.chain_without_sni = without;
    }
  }

  asio::io_context& io_;
  ProbeOptions o_;
  Clock::time_point deadline_;
  Protocol protocol_ = Protocol::kTls;
  Target target_;
  std::string sni_;
  // A redirect the first HTTPS answer asked for, followed once that connection is closed.
  struct PendingRedirect {
    Url from;
    int status = 0;
    std::string location;
  };
  std::optional<PendingRedirect> redirect_;
};

}  // namespace

asio::awaitable<Result<evidence::Evidence>> probe_async(asio::io_context& io, ProbeOptions options) {
  Prober p(io, std::move(options));
  co_return co_await p.run();
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
