// The options that govern what uccert fetches from the URLs certificates carry (AIA caIssuers):
// --offline, --cache-dir, --no-cache, --allow-private-fetch (docs/revocation.md).
#pragma once

#include "uccert/acquire/fetching.h"

namespace CLI {
class App;
}

namespace uccert::cli {

void add_fetch_options(CLI::App& command, acquire::FetchOptions& options);

}  // namespace uccert::cli
