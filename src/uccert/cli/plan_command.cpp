// `uccert plan TOPOLOGY...`: the certificates and DNS records a deployment needs.
// `uccert plan --diff OLD NEW` (or `--old FILE... NEW...`): what a change does to the certificates.
#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "uccert/cli/app.h"
#include "uccert/cli/error_line.h"
#include "uccert/cli/write_report.h"
#include "uccert/run/plan.h"

namespace uccert::cli {

namespace {

struct PlanOptions {
  std::vector<std::string> files;
  std::vector<std::string> old_files;
  bool diff = false;
  std::string format = "text";
};

int run_plan(PlanOptions& opt, Console& console) {
  run::PlanRequest request;
  request.files = opt.files;
  request.old_files = opt.old_files;
  if (opt.diff && opt.old_files.empty()) {
    if (opt.files.size() != 2)
      return fail(console, "plan",
                  "--diff takes two topology files, OLD and NEW (for more files per side: --old FILE... NEW...)");
    request.old_files = {opt.files[0]};
    request.files = {opt.files[1]};
  }
  auto report = run::run_plan(request);
  if (!report) return fail(console, "plan", report.error().message);
  return write_report(console, *report, opt.format);
}

}  // namespace

void add_plan_command(CLI::App& app, CommandContext& ctx) {
  auto opt = std::make_shared<PlanOptions>();
  CLI::App* sub =
      app.add_subcommand("plan",
                         "The certificates (names in device order, EKU, CA, key, request command) and DNS records a "
                         "deployment needs, from its Topology XML and/or TOML overlay (docs/topology.md)");
  sub->add_option("TOPOLOGY", opt->files,
                  "Topology XML (Get-CsTopology -AsXml, or a Topology Builder .tbxml) and TOML overlays")
      ->required();
  sub->add_flag("--diff", opt->diff, "Compare two topologies, OLD NEW: which certificates must be re-issued");
  sub->add_option("--old", opt->old_files, "A file of the older topology to compare with (repeatable)")
      ->allow_extra_args(false);
  sub->add_option("--format", opt->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  sub->callback([opt, &ctx] { ctx.exit = run_plan(*opt, ctx.console); });
}

}  // namespace uccert::cli
