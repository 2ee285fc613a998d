#include "uccert/cli/target_options.h"

#include <CLI/CLI.hpp>

#include "uccert/cli/probe_options.h"

namespace uccert::cli {

void add_target_options(CLI::App& command, TargetOptions& o) {
  command.add_option("--name", o.name, "The name the client dialled (required for a file)");
  command.add_option("--profile", o.profile_ids, "Client profile id (repeatable; default: all profiles)")
      ->allow_extra_args(false);
  add_connection_options(command, o.probe);
  add_probe_options(command, o.probe);
  command.add_option("--warn-days", o.warn_days, "Warn when a certificate expires within N days (default 30)");
  command.add_option("--fail-days", o.fail_days, "Fail when a certificate expires within N days (default 14)");
}

}  // namespace uccert::cli
