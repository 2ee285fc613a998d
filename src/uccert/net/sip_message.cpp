#include "uccert/net/sip_message.h"

#include <fmt/format.h>

#include "uccert/net/endpoint.h"

namespace uccert::net {

namespace {

std::string uri_host(std::string_view h) {
  return h.find(':') != std::string_view::npos ? fmt::format("[{}]", h) : std::string(h);
}

}  // namespace

std::string build_sip_options(const SipOptionsRequest& r) {
  const std::string target = uri_host(r.target_host);
  const std::string local = uri_host(r.local_address.empty() ? "127.0.0.1" : r.local_address);
  const std::string from = r.from_domain.empty() ? target : uri_host(r.from_domain);
  return fmt::format(
      "OPTIONS sip:{0}:{1};transport=tls SIP/2.0\r\n"
      "Via: SIP/2.0/TLS {2}:{3};branch={4};rport\r\n"
      "Max-Forwards: 70\r\n"
      "From: <sip:uccert@{5}>;tag={6}\r\n"
      "To: <sip:{0}>\r\n"
      "Call-ID: {7}\r\n"
      "CSeq: 1 OPTIONS\r\n"
      "Contact: <sip:uccert@{2}:{3};transport=tls>\r\n"
      "Accept: application/sdp\r\n"
      "User-Agent: uccert\r\n"
      "Content-Length: 0\r\n"
      "\r\n",
      target, r.target_port, local, r.local_port, r.branch, from, r.tag, r.call_id);
}

std::optional<SipResponse> parse_sip_response(std::string_view head) {
  static constexpr StatusLineGrammar kSip{"SIP/2.0", 0, 100, 699};
  return parse_response_head(head, kSip);
}

}  // namespace uccert::net
