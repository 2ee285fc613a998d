// SIP OPTIONS over the TLS session, as a Lync client or federation peer opens a dialog: the final
// answer (after at most kMaxSipProvisionalResponses provisional ones), its Server header and the
// ms-diagnostics Lync adds to explain a refusal.
#include <cstdlib>
#include <random>

#include <asio/read_until.hpp>
#include <asio/write.hpp>
#include <fmt/format.h>

#include "uccert/net/ms_diagnostics.h"
#include "uccert/net/prober.h"
#include "uccert/net/sip_message.h"

namespace uccert::net::probe_detail {

namespace {

std::string random_token(std::size_t n) {
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  // One generator per thread: probes may run on several threads (a scan's event loop, the tests'
  // threads), and a shared std::mt19937_64 is a data race.
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<std::size_t> pick(0, sizeof kChars - 2);
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(kChars[pick(rng)]);
  return out;
}

}  // namespace

asio::awaitable<void> Prober::sip_options(Handshake& hs, DeadlineGuard& guard, evidence::EndpointFacts& facts) {
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
      facts.application_status =
          fmt::format("no SIP response: the response head exceeds {} bytes", kMaxSipResponseHead);
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

}  // namespace uccert::net::probe_detail
