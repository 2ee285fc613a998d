#include "uccert/cli/fetch_options.h"

#include <CLI/CLI.hpp>

namespace uccert::cli {

void add_fetch_options(CLI::App& command, acquire::FetchOptions& o) {
  command.add_flag("--offline", o.offline,
                   "Fetch nothing from the network (AIA caIssuers); use only what the cache holds, and call the "
                   "rest unverified");
  command.add_option("--cache-dir", o.cache_dir,
                     "Where fetched certificates are kept between runs (default $XDG_CACHE_HOME/uccert or "
                     "~/.cache/uccert, made 0700)");
  command.add_flag("--no-cache", o.no_cache, "Neither read nor write the fetch cache");
  command.add_flag("--allow-private-fetch", o.allow_private,
                   "Also fetch from loopback, private and link-local addresses (refused by default: "
                   "docs/security.md)");
}

}  // namespace uccert::cli
