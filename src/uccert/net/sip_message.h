// The SIP OPTIONS request uccert sends over a TLS connection (as Exchange UM and Lync servers
// probe each other, seed:UM-WILD) and the parts of the response it reports.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "uccert/net/response_head.h"

namespace uccert::net {

struct SipOptionsRequest {
  std::string target_host;   // the name dialled: Request-URI and To
  std::uint16_t target_port = 5061;
  std::string local_address; // for Via and Contact
  std::uint16_t local_port = 0;
  std::string from_domain;   // From: <sip:uccert@from_domain>; default the target host
  std::string call_id;       // unique per request
  std::string branch;        // Via branch, must start with "z9hG4bK"
  std::string tag;
};

std::string build_sip_options(const SipOptionsRequest& r);

// The response head shared with HTTP (response_head.h): status_line ("SIP/2.0 504 Server
// Time-out"), status_code, reason_phrase, headers and header(name).
using SipResponse = ResponseHead;

// Parses the start line and headers of a response (text up to and including the empty line).
// nullopt when the start line is not "SIP/2.0 NNN ...".
std::optional<SipResponse> parse_sip_response(std::string_view head);

}  // namespace uccert::net
