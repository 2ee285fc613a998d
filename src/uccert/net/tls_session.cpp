// Connecting to an endpoint and completing the TLS handshake as a client would, then recording
// what the handshake showed: the chain in the order sent, the CA names the server asks client
// certificates from, and (TLS 1.3) whether it refused ours.
#include <algorithm>
#include <array>

#include <asio/connect.hpp>
#include <fmt/format.h>
#include <openssl/err.h>

#include "uccert/net/prober.h"

namespace uccert::net::probe_detail {

namespace {

std::string ssl_reason(const asio::error_code& ec) {
  const char* reason = ERR_reason_error_string(static_cast<unsigned long>(ec.value()));
  return reason != nullptr ? reason : ec.message();
}

int on_cert_request(SSL* /*ssl*/, void* arg) {
  *static_cast<bool*>(arg) = true;  // the server sent a CertificateRequest
  return 1;
}

}  // namespace

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

// OpenSSL's SSL_set_tlsext_host_name macro casts in C style.
void set_sni(SSL* ssl, const std::string& name) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
  SSL_set_tlsext_host_name(ssl, name.c_str());
#pragma GCC diagnostic pop
}

Result<asio::ssl::context> make_context(const ClientIdentity* identity) {
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  SSL_CTX* c = ctx.native_handle();
  // A diagnostic tool must talk to old Lync / OCS servers too: every version and cipher.
  SSL_CTX_set_security_level(c, 0);
  SSL_CTX_set_min_proto_version(c, TLS1_VERSION);
  SSL_CTX_set_cipher_list(c, "ALL:@SECLEVEL=0");
  SSL_CTX_set_options(c, SSL_OP_LEGACY_SERVER_CONNECT | SSL_OP_IGNORE_UNEXPECTED_EOF);
  // Thousands of connections may be open at once in a scan: idle ones give their buffers back.
  SSL_CTX_set_mode(c, SSL_MODE_RELEASE_BUFFERS);
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

asio::awaitable<Result<std::vector<std::string>>> Prober::addresses(const Target& target) {
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
asio::awaitable<Result<Handshake>> Prober::connect_and_handshake(asio::ssl::context& ctx, const Target& target,
                                                                 const std::string& sni,
                                                                 evidence::EndpointFacts& facts) {
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
  hs.chain = peer_chain(ssl, facts, o_.pool);
  for (std::size_t i = 0; i < hs.chain.size(); ++i) {
    if (!hs.chain[i]) {
      co_return Error{
          fmt::format("{}: certificate {} sent by the server cannot be decoded", where(target, connected), i)};
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

std::vector<pki::CertificatePtr> Prober::peer_chain(SSL* ssl, evidence::EndpointFacts& facts,
                                                   pki::CertificatePool* pool) {
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
    auto cert = pki::Certificate::from_der(der, pool);
    out.push_back(cert ? *cert : nullptr);
  }
  return out;
}

void Prober::record_client_ca_names(SSL* ssl, const Handshake& hs, evidence::EndpointFacts& facts) {
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
      fmt::format("no: issued by {}, which the server does not list",
                  one_line_name(X509_get_issuer_name(id->cert.get())));
}

// TLS 1.3: the client's handshake ends before the server has checked our certificate; a
// refusal arrives as an alert on the first read. With no application to speak, wait briefly
// for one (at most a second, within the probe's deadline).
asio::awaitable<void> Prober::await_client_cert_verdict(Handshake& hs, evidence::EndpointFacts& facts) {
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

}  // namespace uccert::net::probe_detail
