// The on-disk cache of what the fetcher got (AIA certificates; CRLs and OCSP responses later),
// keyed by URL, so a second run within an answer's lifetime sends no request and `--offline` can
// still use what an earlier run fetched. The lifetime comes from the HTTP headers
// (Cache-Control max-age, Expires) and, for signed content, from its own next update; no-store
// and no-cache are never kept. Entries are files named by the URL's SHA-256, written whole
// (a temporary file renamed), readable by the owner only, in a directory made 0700.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "uccert/pki/error.h"

namespace uccert::acquire {

// $XDG_CACHE_HOME/uccert, else $HOME/.cache/uccert; "" when neither variable is set.
std::string default_cache_dir();

class FetchCache {
 public:
  // The directory is made (0700) on the first store; a path that is not a directory is an error.
  static Result<FetchCache> open(const std::string& dir, std::size_t max_entry);

  // The body kept for `url`, when it is still fresh at `now` (Unix seconds).
  std::optional<std::string> lookup(const std::string& url, long long now) const;
  // Keeps `body` until `fresh_until`; a failure to write is not an error of the run (the next
  // run fetches again), so it is only returned for tests.
  Status store(const std::string& url, const std::string& body, long long fresh_until) const;

  const std::string& dir() const { return dir_; }

 private:
  FetchCache(std::string dir, std::size_t max_entry) : dir_(std::move(dir)), max_entry_(max_entry) {}
  std::string path_of(const std::string& url) const;
  Status ensure_dir() const;

  std::string dir_;
  std::size_t max_entry_;
};

}  // namespace uccert::acquire
