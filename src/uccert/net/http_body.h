// The body of an HTTP/1.x response as the fetcher reads it (CRLs, AIA certificates, OCSP
// responses): the head, then Content-Length bytes, chunked transfer coding, or everything up to
// the close. Fed the bytes as they arrive, so a response larger than the cap is refused as soon
// as it says (or shows) so, not after it was read. Pure: no socket, fuzzed (fuzz/).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "uccert/net/http_response.h"

namespace uccert::net {

class ResponseAssembler {
 public:
  enum class State { kNeedMore, kComplete, kError };

  // `max_body`: the largest decoded body accepted; `max_head`: the largest head.
  ResponseAssembler(std::size_t max_body, std::size_t max_head);

  // Appends bytes received; returns the state after them.
  State feed(std::string_view bytes);
  // The peer closed the connection: a body delimited by the close is complete now; one that
  // promised more (Content-Length, an unfinished chunk) is an error.
  State finish();

  State state() const { return state_; }
  // One line: what is wrong with the response (kError).
  const std::string& error() const { return error_; }
  // Set once the head is complete.
  const std::optional<HttpResponse>& head() const { return head_; }
  // The decoded body (kComplete).
  const std::string& body() const { return body_; }
  bool body_too_large() const { return too_large_; }

 private:
  State fail(std::string why, bool too_large = false);
  State parse_head();
  State advance();
  State advance_chunked();

  std::size_t max_body_;
  std::size_t max_head_;
  State state_ = State::kNeedMore;
  std::string error_;
  std::string raw_;  // bytes not yet consumed
  std::optional<HttpResponse> head_;
  std::string body_;
  bool too_large_ = false;
  enum class Framing { kLength, kChunked, kClose } framing_ = Framing::kClose;
  std::size_t remaining_ = 0;  // kLength: bytes still expected
  // kChunked: inside a chunk's data (remaining_ bytes left, then CRLF), or expecting a size line.
  bool in_chunk_ = false;
  bool in_trailer_ = false;
};

// How long a response may be reused (RFC 9111 5.2, 5.3), from Cache-Control and Expires.
struct CacheLifetime {
  bool no_store = false;  // no-store or no-cache (no-cache means revalidate: uccert does not)
  // Seconds from the response's arrival; nullopt when the headers say nothing.
  std::optional<long long> max_age;
};

// `now`: the arrival, Unix seconds (Expires is converted relative to it; Date is not used:
// a server's clock off by minutes should not make a CRL stale).
CacheLifetime cache_lifetime(const HttpResponse& head, long long now);

// An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") as Unix seconds; nullopt when malformed.
std::optional<long long> parse_http_date(std::string_view text);

}  // namespace uccert::net
