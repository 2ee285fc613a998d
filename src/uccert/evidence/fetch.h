// What uccert fetched from the URLs the certificates carry (AIA caIssuers, CRL distribution
// points, OCSP responders), or why not:
// plain values, filled by acquire/, read by the rules and printed by the reports.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace uccert::evidence {

// Whether this run fetched from the network at all.
enum class FetchMode {
  kNone,     // nothing tried to fetch (a judge called on evidence made elsewhere)
  kOffline,  // --offline: only the cache was read
  kOnline,
};

enum class FetchOutcome {
  kFetched,      // a usable answer (from the network or the cache)
  kFailed,       // unreachable, an HTTP error, unusable content: `detail` says which
  kNotFetched,   // --offline and nothing cached: unverified
};

struct UrlFetch {
  std::string purpose;  // "aia", "crl", "ocsp"
  std::string url;
  FetchOutcome outcome = FetchOutcome::kNotFetched;
  std::string detail;       // one line: why it failed, or what it held
  bool from_cache = false;  // answered from the on-disk cache; no request was sent
  bool redirected_to_https = false;
  bool unresolvable = false;
  std::size_t bytes = 0;  // the body's size when one arrived (a CRL's, for the phones' limit)
};

std::string_view to_string(FetchOutcome outcome);  // "fetched", "failed", "not-fetched"
std::string_view to_string(FetchMode mode);        // "none", "offline", "online"

}  // namespace uccert::evidence
