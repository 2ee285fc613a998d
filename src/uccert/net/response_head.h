// The head of a SIP or HTTP/1.x response: a status line, then header fields up to the empty
// line. SIP (RFC 3261 7.2) and HTTP/1.1 (RFC 9112 4, 5) share this grammar; one parser serves
// both (sip_message.h, http_response.h), so a fix to one is a fix to the other.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace uccert::net {

struct ResponseHead {
  std::string version;      // "SIP/2.0", "HTTP/1.1"
  std::string status_line;  // "SIP/2.0 504 Server Time-out", without the line end
  int status_code = 0;
  std::string reason_phrase;  // may be empty ("HTTP/1.1 200")
  std::vector<std::pair<std::string, std::string>> headers;  // in order, names as sent
  // First value of a header, compared case-insensitively; compact forms are not used by the
  // headers uccert reads.
  std::optional<std::string> header(std::string_view name) const;
};

// What distinguishes one protocol's status line: "SIP/2.0" exactly, or "HTTP/1." and one digit.
struct StatusLineGrammar {
  std::string_view version_prefix;  // "SIP/2.0", "HTTP/1."
  std::size_t version_digits = 0;   // digits that must follow the prefix
  int min_status = 100;
  int max_status = 699;
};

// Parses the status line and header fields of `head` (text up to and including the empty line;
// CRLF or bare LF). Folded continuation lines join the previous field; lines without a colon are
// skipped. nullopt when the status line is not `<version> NNN[ reason]` per `grammar`.
std::optional<ResponseHead> parse_response_head(std::string_view head, const StatusLineGrammar& grammar);

bool iequals_ascii(std::string_view a, std::string_view b);

}  // namespace uccert::net
