// `uccert rules`: every finding id with its title, severity per built-in client, source and fix
// in general terms, read from the rule registry (run::run_rules).
#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "uccert/cli/app.h"
#include "uccert/cli/error_line.h"
#include "uccert/run/rules.h"

namespace uccert::cli {

void add_rules_command(CLI::App& app, CommandContext& ctx) {
  auto opt = std::make_shared<run::RulesRequest>();
  CLI::App* sub = app.add_subcommand("rules", "List every finding id: title, severity per client, source, fix");
  sub->add_option("--format", opt->format, "Output format: text, json, or markdown (docs/findings.md)")
      ->check(CLI::IsMember({"text", "json", "markdown"}));
  sub->callback([opt, &ctx] {
    auto listing = run::run_rules(*opt);
    if (!listing) {
      ctx.exit = fail(ctx.console, "rules", listing.error().message);
      return;
    }
    *ctx.console.out << *listing;
    ctx.exit = kExitPass;
  });
}

}  // namespace uccert::cli
