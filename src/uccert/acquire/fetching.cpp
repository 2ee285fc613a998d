#include "uccert/acquire/fetching.h"

#include <algorithm>
#include <ctime>

#include "uccert/net/http_body.h"

namespace uccert::acquire {

namespace {

long long now_seconds() { return static_cast<long long>(std::time(nullptr)); }

}  // namespace

Result<FetchSettings> make_fetch_settings(const FetchOptions& options, std::chrono::milliseconds timeout,
                                          const net::ResolverOptions& dns) {
  FetchSettings s;
  s.offline = options.offline;
  s.policy.timeout = timeout;
  s.policy.dns = dns;
  s.policy.allow_private = options.allow_private;
  if (!options.no_cache) {
    const std::string dir = !options.cache_dir.empty()    ? options.cache_dir
                            : options.default_cache_dir ? *options.default_cache_dir
                                                        : default_cache_dir();
    if (!dir.empty()) {
      auto cache = FetchCache::open(dir, s.policy.max_body);
      if (!cache) {
        // The default directory is a convenience: without it the run fetches afresh. A named
        // one that cannot be used is a mistake to say.
        if (!options.cache_dir.empty()) return cache.error();
      } else {
        s.cache = std::move(*cache);
      }
    }
  }
  return s;
}

asio::awaitable<CachedFetch> fetch_through_cache(asio::io_context& io, const FetchSettings& settings,
                                                 net::FetchRequest request, long long default_lifetime,
                                                 const ContentExpiry& content_expiry) {
  CachedFetch out;
  const bool cacheable = request.method == "GET";
  if (cacheable && settings.cache) {
    if (auto body = settings.cache->lookup(request.url, now_seconds())) {
      out.from_cache = true;
      out.result.ok = true;
      out.result.status = 200;
      out.result.final_url = request.url;
      out.result.body = std::move(*body);
      co_return out;
    }
  }
  if (settings.offline) {
    out.skipped_offline = true;
    out.result.error = request.url + ": not fetched (--offline)";
    co_return out;
  }
  out.result = co_await net::fetch_async(io, request, settings.policy);
  if (out.result.ok && cacheable && settings.cache && out.result.head) {
    const long long now = now_seconds();
    const auto life = net::cache_lifetime(*out.result.head, now);
    std::optional<long long> until;
    if (life.max_age) until = now + *life.max_age;
    if (content_expiry) {
      if (auto expiry = content_expiry(out.result.body)) until = until ? std::min(*until, *expiry) : *expiry;
    }
    if (!until) until = now + default_lifetime;
    if (!life.no_store && *until > now) (void)settings.cache->store(request.url, out.result.body, *until);
  }
  co_return out;
}

evidence::UrlFetch fetch_record(std::string purpose, std::string url, const CachedFetch& got) {
  evidence::UrlFetch f;
  f.purpose = std::move(purpose);
  f.url = std::move(url);
  f.from_cache = got.from_cache;
  f.redirected_to_https = got.result.redirected_to_https;
  f.unresolvable = got.result.unresolvable;
  f.bytes = got.result.body.size();
  if (got.skipped_offline) {
    f.outcome = evidence::FetchOutcome::kNotFetched;
    f.detail = "not fetched (--offline): unverified";
  } else if (got.result.refused_by_policy) {
    f.outcome = evidence::FetchOutcome::kNotFetched;
    f.detail = got.result.error + ": unverified";
  } else if (!got.result.ok) {
    f.outcome = evidence::FetchOutcome::kFailed;
    f.detail = got.result.error;
  } else {
    f.outcome = evidence::FetchOutcome::kFetched;
  }
  return f;
}

}  // namespace uccert::acquire
