// The trust options of `uccert check` and `discover`: which files hold the roots each kind of
// client trusts, registered on a command into acquire::TrustFiles (read and checked there).
#pragma once

#include "uccert/acquire/trust_stores.h"

namespace CLI {
class App;
}

namespace uccert::cli {

// Registers --public-roots, --enterprise-root, --pool-cert, --trusted-ca-cert, --mobile-root.
void add_trust_options(CLI::App& command, acquire::TrustFiles& options);

}  // namespace uccert::cli
