// The endpoint options of `uccert check HOST:PORT` (and of `discover`): how to reach the server
// and what to say to it, registered on a command into acquire::EndpointOptions (checked there).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "uccert/acquire/endpoint.h"

namespace CLI {
class App;
}

namespace uccert::cli {

// Registers --connect-to, --timeout and --dns-server (shared by check and discover).
void add_connection_options(CLI::App& command, acquire::EndpointOptions& options);
// Registers the rest: --sni, --no-sni, --proto, --client-cert, --client-key.
void add_probe_options(CLI::App& command, acquire::EndpointOptions& options);

}  // namespace uccert::cli
