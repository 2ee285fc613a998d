// The HTTP/1.x response head uccert reads after an HTTPS GET (lyncdiscover, web services), and the
// URLs of the autodiscover redirects a mobile client follows (DNS-01, MOB-04): a Location is
// resolved against the URL that answered it, and whatever a client could not or should not
// follow (user information, a bad port, control characters, an over-long value) is refused with
// one line saying why.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "uccert/net/response_head.h"
#include "uccert/pki/error.h"

namespace uccert::net {

// Status line ("HTTP/1.1 302 Found"), status_code, reason_phrase, headers, header(name).
using HttpResponse = ResponseHead;

// Parses the head of an HTTP/1.0 or HTTP/1.1 response (up to and including the empty line).
// nullopt when the status line is not "HTTP/1.x NNN ..." with NNN in 100..599.
std::optional<HttpResponse> parse_http_response(std::string_view head);

// 301, 302, 303, 307, 308: the redirects a client follows with a GET.
bool is_followed_redirect(int status_code);

// The longest Location (and URL) taken from a server; IIS's own default limit is 4096.
inline constexpr std::size_t kMaxUrlLength = 4096;

struct Url {
  std::string scheme;  // "https" or "http", lower case
  std::string host;    // lower case, no trailing dot; IPv6 literals without brackets
  std::uint16_t port = 0;  // always set: explicit, or the scheme's default
  std::string target;  // path and query, starting with "/"; no fragment; no space or control character

  // "https://host[:port]/path?query", the port only when not the scheme's default.
  std::string text() const;
  // The Host header's value: "host", "host:port", "[v6]:port".
  std::string authority() const;
  std::uint16_t default_port() const { return scheme == "http" ? 80 : 443; }
};

// An absolute http:// or https:// URL.
Result<Url> parse_url(std::string_view text);

// Resolves a Location header value against the URL that answered it (RFC 9110 10.2.2, RFC 3986
// 5.2): absolute ("https://host[:port]/path"), scheme-relative ("//host/path"), absolute path
// ("/path"), relative path ("a/b", "../b", "?q"). The fragment is dropped; spaces and bytes above
// 0x7F in the path are percent-encoded. The error is one line naming what is wrong.
Result<Url> resolve_location(const Url& base, std::string_view location);

// A header value fit for a one-line message: control characters as \xNN, at most `max` bytes.
std::string printable(std::string_view value, std::size_t max = 200);

}  // namespace uccert::net
