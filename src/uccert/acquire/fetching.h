// How a run fetches what its certificates point to: online or --offline, through the on-disk
// cache or not, and the fetcher's policy (deadline, size cap, private addresses). One fetch
// through the cache: a fresh entry answers without a request; a new answer is kept for as long as
// its HTTP headers (or, when they say nothing, the caller's default) allow.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>

#include "uccert/acquire/fetch_cache.h"
#include "uccert/evidence/evidence.h"
#include "uccert/net/fetch.h"

namespace uccert::acquire {

// As given on a command line.
struct FetchOptions {
  bool offline = false;              // --offline
  std::string cache_dir;             // --cache-dir DIR; "" = default_cache_dir below
  // The user's cache directory as the caller's environment names it ($XDG_CACHE_HOME/uccert or
  // ~/.cache/uccert), "" when it names none; nullopt = read the process environment
  // (default_cache_dir()).
  std::optional<std::string> default_cache_dir;
  bool no_cache = false;             // --no-cache
  bool allow_private = false;        // --allow-private-fetch
};

struct FetchSettings {
  bool offline = false;
  std::optional<FetchCache> cache;
  net::FetchPolicy policy;
};

// Opens the cache (unless --no-cache, or no directory can be named); the error is one line.
Result<FetchSettings> make_fetch_settings(const FetchOptions& options, std::chrono::milliseconds timeout,
                                          const net::ResolverOptions& dns);

struct CachedFetch {
  net::FetchResult result;  // result.ok with the body when fetched or cached
  bool from_cache = false;
  bool skipped_offline = false;  // --offline and nothing fresh in the cache
};

// Signed content that names when it stops being current (a CRL's or an OCSP response's
// nextUpdate): that Unix time, or nullopt.
using ContentExpiry = std::function<std::optional<long long>(const std::string& body)>;

// Kept for the shorter of what the HTTP headers and `content_expiry` allow; when neither says,
// for `default_lifetime` seconds (0: not kept). POST answers are never kept.
asio::awaitable<CachedFetch> fetch_through_cache(asio::io_context& io, const FetchSettings& settings,
                                                 net::FetchRequest request, long long default_lifetime,
                                                 const ContentExpiry& content_expiry = {});

// What the evidence records of one fetch: fetched, failed (why), or not fetched (--offline, or a
// private address uccert refused: unverified, since the client may well reach it).
evidence::UrlFetch fetch_record(std::string purpose, std::string url, const CachedFetch& got);

}  // namespace uccert::acquire
