// Fetching one URL a certificate carries (AIA caIssuers, a CRL distribution point, an OCSP
// responder) over http or https, on the caller's event loop: one deadline for the whole fetch
// (redirects included), a cap on the body, at most a few redirects, and only to public addresses
// unless private ones are allowed (docs/security.md: why). Facts, never findings: what the
// server answered, or one line saying why there is no answer.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>

#include "uccert/net/http_response.h"
#include "uccert/net/resolver.h"

namespace uccert::net {

// CRLs of large CAs reach tens of MiB; anything past this is refused while it arrives.
inline constexpr std::size_t kDefaultMaxFetchBody = 20U * 1024U * 1024U;
// Windows follows a few redirects for AIA and CDP URLs; more is a loop or a trap.
inline constexpr int kDefaultMaxFetchRedirects = 3;

struct FetchPolicy {
  std::chrono::milliseconds timeout{10000};  // the whole fetch, every redirect included
  std::size_t max_body = kDefaultMaxFetchBody;
  int max_redirects = kDefaultMaxFetchRedirects;
  // Loopback, private (RFC 1918, fc00::/7), link-local (169.254/16 with the cloud metadata
  // address, fe80::/10) and other non-public addresses: refused unless true.
  bool allow_private = false;
  ResolverOptions dns;
};

struct FetchRequest {
  std::string url;
  std::string method = "GET";  // "GET" or "POST"
  std::string content_type;    // POST
  std::string body;            // POST
  std::string accept = "*/*";
};

struct FetchResult {
  bool ok = false;    // a final 200 with its whole body
  std::string error;  // one line when not ok: what failed, where
  std::string final_url;
  int status = 0;  // the final status code, 0 when none arrived
  std::optional<HttpResponse> head;
  std::string body;
  std::vector<std::string> redirects;  // every URL a redirect led to, in order
  bool redirected_to_https = false;    // an http URL redirected to https (revocation clients do not follow)
  bool timed_out = false;
  bool too_large = false;
  bool refused_by_policy = false;  // a scheme or an address uccert does not fetch from
  bool unresolvable = false;       // the host has no address in DNS
};

// Why uccert does not connect to `address` (a literal), or nullopt when it is public.
std::optional<std::string> non_public_address(const std::string& address);

// Never throws for network or server behaviour.
asio::awaitable<FetchResult> fetch_async(asio::io_context& io, FetchRequest request, FetchPolicy policy);

// One fetch on its own io_context.
FetchResult fetch(const FetchRequest& request, const FetchPolicy& policy);

}  // namespace uccert::net
