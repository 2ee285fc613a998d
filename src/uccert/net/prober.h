// The probe of one endpoint, as one object per probe: its members are defined by idea in
// tls_session.cpp (connect, handshake, what the handshake showed), smtp_probe.cpp (STARTTLS),
// sip_probe.cpp (OPTIONS), http_probe.cpp (GET and redirects), sni_compare.cpp (the chain
// served without SNI) and probe.cpp (the order of it all). Private to net/.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <asio/awaitable.hpp>

#include "uccert/net/http_response.h"
#include "uccert/net/probe.h"
#include "uccert/net/smtp_reply.h"
#include "uccert/net/tls_session.h"

namespace uccert::net::probe_detail {

namespace key = detail_key;

// What one GET produced: the response head, or why there is none.
struct HttpAnswer {
  std::optional<HttpResponse> response;
  asio::error_code ec;
  bool timed_out = false;
  bool too_large = false;
  bool not_http = false;
  std::string body;  // an autodiscover document (200, its Content-Type), at most kMaxAutodiscoverDocument bytes
};

class Prober {
 public:
  Prober(asio::io_context& io, ProbeOptions options);

  asio::awaitable<Result<evidence::Evidence>> run();

 private:
  // probe.cpp
  Target make_target(const std::string& host, std::uint16_t port) const;
  std::string where(const std::string& address) const;
  static std::string where(const Target& t, const std::string& address);
  std::string seconds() const;
  Error fail(const std::string& address, std::string_view phase, const asio::error_code& ec, bool timed_out) const;
  Error fail(const Target& t, const std::string& address, std::string_view phase, const asio::error_code& ec,
             bool timed_out) const;
  asio::awaitable<void> speak_protocol(Handshake& hs, evidence::EndpointFacts& facts);
  void protocol_failure(std::string_view what, const asio::error_code& ec, bool timed_out,
                        evidence::EndpointFacts& facts, const Handshake& hs);

  // tls_session.cpp
  asio::awaitable<Result<std::vector<std::string>>> addresses(const Target& target);
  asio::awaitable<Result<Handshake>> connect_and_handshake(asio::ssl::context& ctx, const Target& target,
                                                           const std::string& sni, evidence::EndpointFacts& facts);
  static std::vector<pki::CertificatePtr> peer_chain(SSL* ssl, evidence::EndpointFacts& facts,
                                                    pki::CertificatePool* pool);
  void record_client_ca_names(SSL* ssl, const Handshake& hs, evidence::EndpointFacts& facts);
  asio::awaitable<void> await_client_cert_verdict(Handshake& hs, evidence::EndpointFacts& facts);

  // smtp_probe.cpp
  asio::awaitable<Result<SmtpReply>> smtp_read(tcp::socket& sock, std::string& buf, const std::string& address,
                                               DeadlineGuard& guard, std::string_view phase);
  asio::awaitable<Status> smtp_preamble(tcp::socket& sock, const std::string& address, DeadlineGuard& guard,
                                        evidence::EndpointFacts& facts);

  // sip_probe.cpp
  asio::awaitable<void> sip_options(Handshake& hs, DeadlineGuard& guard, evidence::EndpointFacts& facts);

  // http_probe.cpp
  std::string why_no_answer(const HttpAnswer& a) const;
  Url first_url() const;
  asio::awaitable<HttpAnswer> http_exchange(SslStream& stream, DeadlineGuard& guard, const Url& url);
  static void record_http_answer(const HttpResponse& r, evidence::EndpointFacts& facts);
  asio::awaitable<void> https_get(Handshake& hs, DeadlineGuard& guard, evidence::EndpointFacts& facts);
  std::string hop_sni(const Url& u) const;
  asio::awaitable<void> follow_redirects(asio::ssl::context& ctx, evidence::EndpointFacts& facts);
  void keep_document(const Url& url, HttpAnswer& answer);
  bool already_met(const std::string& host, std::uint16_t port, const evidence::EndpointFacts& facts) const;
  asio::awaitable<void> follow_links(asio::ssl::context& ctx, evidence::EndpointFacts& facts);

  // sni_compare.cpp
  asio::awaitable<void> compare_without_sni(asio::ssl::context& ctx, const std::vector<pki::CertificatePtr>& with,
                                            evidence::EndpointFacts& facts);

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
  // The autodiscover document of the final answer, whose links are visited last.
  struct PendingDocument {
    Url from;
    std::string body;
  };
  std::optional<PendingDocument> document_;
};

}  // namespace uccert::net::probe_detail
