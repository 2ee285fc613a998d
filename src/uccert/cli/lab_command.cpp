// `uccert lab ...`: the certificate lab. `lab mint-demo --out DIR` mints the demo deployment
// (lab/demo_scenario.h) and writes DIR/scenarios.tsv, the checks scripts/demo.sh runs.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "uccert/cli/app.h"
#include "uccert/cli/error_line.h"
#include "uccert/lab/demo_scenario.h"
#include "uccert/lab/mint.h"

namespace uccert::cli {

namespace {

struct MintDemoOptions {
  std::string out;
};

int run_mint_demo(const MintDemoOptions& o, Console& console) {
  auto deployment = lab::mint_demo(o.out, lab::now());
  if (!deployment) return fail(console, "lab mint-demo", deployment.error().message);
  for (const auto& f : deployment->files) *console.out << f.string() << "\n";
  *console.out << fmt::format("{} certificate files and {} scenarios in {}\n", deployment->files.size() - 1,
                              deployment->scenarios.size(),
                              (deployment->dir / lab::demo_file::kScenarios).string());
  return kExitPass;
}

}  // namespace

void add_lab_command(CLI::App& app, CommandContext& ctx) {
  CLI::App* lab =
      app.add_subcommand("lab", "Mint test certificates and deployments (nothing leaves this machine)");
  lab->require_subcommand(1);

  auto opts = std::make_shared<MintDemoOptions>();
  CLI::App* demo = lab->add_subcommand(
      "mint-demo",
      "Mint a small Contoso deployment's certificates, with the classic mistakes, into a folder");
  demo->add_option("--out", opts->out, "Folder to write into (created if missing)")->required();
  demo->callback([opts, &ctx] { ctx.exit = run_mint_demo(*opts, ctx.console); });
}

}  // namespace uccert::cli
