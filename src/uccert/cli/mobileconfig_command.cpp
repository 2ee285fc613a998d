// `uccert mobileconfig ROOT.pem... --out FILE`: an Apple configuration profile installing the
// internal root CAs on iPhone and iPad (run::run_mobileconfig).
#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "uccert/cli/app.h"
#include "uccert/cli/error_line.h"
#include "uccert/run/mobileconfig.h"

namespace uccert::cli {

void add_mobileconfig_command(CLI::App& app, CommandContext& ctx) {
  auto opt = std::make_shared<run::MobileconfigRequest>();
  CLI::App* sub = app.add_subcommand(
      "mobileconfig", "Write an iOS / iPadOS configuration profile that installs internal root CAs");
  sub->add_option("ROOT", opt->roots, "Files holding the self-signed root CA certificates")->required();
  sub->add_option("--out", opt->out, "The .mobileconfig file to create; never overwritten")->required();
  sub->add_option("--name", opt->name, "The profile's name in Settings (default: the roots' names)");
  sub->add_option("--identifier", opt->identifier, "The profile's reverse-DNS identifier (com.contoso.uc-roots)");
  sub->callback([opt, &ctx] {
    auto written = run::run_mobileconfig(*opt);
    if (!written) {
      ctx.exit = fail(ctx.console, "mobileconfig", written.error().message);
      return;
    }
    *ctx.console.out << written->text;
    ctx.exit = kExitPass;
  });
}

}  // namespace uccert::cli
