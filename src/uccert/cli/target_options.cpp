#include "uccert/cli/target_options.h"

#include <CLI/CLI.hpp>

#include "uccert/cli/probe_options.h"

namespace uccert::cli {

void add_target_options(CLI::App& command, TargetOptions& o) {
  command.add_option("--name", o.names,
                     "The name the client dialled (required for a file without --role); with check --role, "
                     "repeatable: every name the role must carry, the first one dialled")
      ->allow_extra_args(false);
  command.add_option("--profile", o.profile_ids, "Client profile id (repeatable; default: all profiles)")
      ->allow_extra_args(false);
  add_connection_options(command, o.probe);
  add_probe_options(command, o.probe);
  command.add_option("--warn-days", o.warn_days, "Warn when a certificate expires within N days (default 30)");
  command.add_option("--fail-days", o.fail_days, "Fail when a certificate expires within N days (default 14)");
}

void fill_check_request(const TargetOptions& o, run::CheckRequest& request) {
  if (!o.names.empty()) request.name = o.names.front();
  request.role_inputs.names = o.names;
  request.profile_ids = o.profile_ids;
  request.endpoint = o.probe;
  request.warn_days = o.warn_days;
  request.fail_days = o.fail_days;
}

}  // namespace uccert::cli
