// The options that say how to judge one target: the name dialled, the clients, how to reach an
// endpoint and what to say to it, the expiry thresholds. `check` registers them for its target;
// `scan` for its defaults and again for each targets line (one definition, one parser).
#pragma once

#include <string>
#include <vector>

#include "uccert/acquire/endpoint.h"
#include "uccert/run/check.h"

namespace CLI {
class App;
}

namespace uccert::cli {

struct TargetOptions {
  // --name: the name dialled; with `check --role`, repeatable (every name the role must carry,
  // the first one dialled).
  std::vector<std::string> names;
  std::vector<std::string> profile_ids;
  acquire::EndpointOptions probe;  // HOST:PORT targets
  int warn_days = 30;
  int fail_days = 14;
};

// --name, --profile, --connect-to, --timeout, --dns-server, --sni, --no-sni, --proto,
// --client-cert, --client-key, --warn-days, --fail-days.
void add_target_options(CLI::App& command, TargetOptions& options);

// The options into a request: the name (the first --name), every --name as a role input, the
// clients, the endpoint options, the thresholds.
void fill_check_request(const TargetOptions& options, run::CheckRequest& request);

}  // namespace uccert::cli
