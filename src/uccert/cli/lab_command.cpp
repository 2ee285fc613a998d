// `uccert lab ...`: the loopback lab. `lab up SCENARIO` mints a scenario's certificates and serves
// the whole deployment on 127.0.0.1 (lab/session.h); `lab down` stops it; `lab list` and
// `lab describe` show the scenarios; `lab mint SCENARIO --out DIR` mints its files only.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "uccert/cli/app.h"
#include "uccert/cli/error_line.h"
#include "uccert/lab/scenario.h"
#include "uccert/lab/session.h"

namespace uccert::cli {

namespace {

int run_list(Console& console) {
  for (const auto& [name, text] : lab::builtin_scenarios()) {
    auto s = lab::parse_scenario(text, name);
    *console.out << fmt::format("{:<16} {}\n", name, s ? s->description : s.error().message);
  }
  return kExitPass;
}

int run_describe(const std::string& name, Console& console) {
  auto s = lab::load_scenario(name);
  if (!s) return fail(console, "lab describe", s.error().message);
  std::ostream& out = *console.out;
  out << fmt::format("{}: {}\nSIP domains: {}\n\nEndpoints:\n", s->name, s->description,
                     fmt::join(s->sip_domains, ", "));
  for (const auto& e : s->endpoints) {
    const auto* c = s->find_certificate(e.certificate);
    out << fmt::format("  {:<26} {:<5} {}:{}  certificate {} (CN {}, issued by {}){}\n", e.id,
                       lab::protocol_name(e.protocol), e.host, e.port, c->id, c->cn, c->issuer,
                       e.send_intermediates ? "" : ", sent without intermediates");
  }
  out << "\nDNS:\n";
  for (const auto& r : s->srv) {
    const auto* e = s->find_endpoint(r.endpoint);
    out << fmt::format("  SRV   {} -> {}:{}\n", r.name, e->host, e->port);
  }
  for (const auto& c : s->cnames) out << fmt::format("  CNAME {} -> {}\n", c.name, c.target);
  out << "\nChecks:\n";
  for (const auto& c : s->checks) {
    std::string expect;
    for (const auto& [profile, verdict] : c.expect) expect += fmt::format("{}{}={}", expect.empty() ? "" : ", ", profile, verdict);
    out << fmt::format("  {}\n    {}\n    expected: {}\n", c.id, c.story, expect);
  }
  return kExitPass;
}

}  // namespace

void add_lab_command(CLI::App& app, CommandContext& ctx) {
  CLI::App* lab = app.add_subcommand(
      "lab", "A whole UC deployment on 127.0.0.1, healthy or broken as the field breaks it (nothing leaves this machine)");
  lab->require_subcommand(1);

  auto up = std::make_shared<lab::UpOptions>();
  auto up_dir = std::make_shared<std::string>();
  CLI::App* up_cmd = lab->add_subcommand("up", "Mint a scenario's certificates and serve it on 127.0.0.1 until Ctrl-C");
  up_cmd->add_option("SCENARIO", up->scenario, "A built-in scenario (uccert lab list) or a scenario .toml file")
      ->required();
  up_cmd->add_option("--dir", *up_dir, "Folder for the certificates, keys and state (default: " +
                                           lab::default_lab_dir().string() + ")");
  up_cmd->add_option("--base-port", up->base_port,
                     "HTTP on N, DNS on N+1, endpoints from N+2 (default: ports the system chooses)")
      ->check(CLI::Range(1024, 65000));
  up_cmd->add_flag("--detach", up->detach, "Serve in the background; stop with uccert lab down");
  up_cmd->add_flag("--keep", up->keep, "Keep the folder when the lab stops");
  up_cmd->callback([up, up_dir, &ctx] {
    up->dir = *up_dir;
    ctx.console.out->flush();
    ctx.exit = lab::lab_up(*up, *ctx.console.out, *ctx.console.err);
  });

  auto down_dir = std::make_shared<std::string>();
  auto down_keep = std::make_shared<bool>(false);
  CLI::App* down = lab->add_subcommand("down", "Stop a lab started with --detach and remove its folder");
  down->add_option("--dir", *down_dir, "The lab's folder (default: " + lab::default_lab_dir().string() + ")");
  down->add_flag("--keep", *down_keep, "Keep the folder");
  down->callback([down_dir, down_keep, &ctx] {
    ctx.exit = lab::lab_down(*down_dir, *down_keep, *ctx.console.out, *ctx.console.err);
  });

  lab->add_subcommand("list", "The built-in scenarios")->callback([&ctx] { ctx.exit = run_list(ctx.console); });

  auto describe_name = std::make_shared<std::string>();
  CLI::App* describe = lab->add_subcommand("describe", "What a scenario serves and what it demonstrates");
  describe->add_option("SCENARIO", *describe_name, "A built-in scenario or a scenario .toml file")->required();
  describe->callback([describe_name, &ctx] { ctx.exit = run_describe(*describe_name, ctx.console); });

  auto mint_name = std::make_shared<std::string>();
  auto mint_out = std::make_shared<std::string>();
  CLI::App* mint = lab->add_subcommand(
      "mint", "Mint a scenario's certificates into a folder, with the checks to run on them; serve nothing");
  mint->add_option("SCENARIO", *mint_name, "A built-in scenario or a scenario .toml file")->required();
  mint->add_option("--out", *mint_out, "A new or empty folder to write into")->required();
  mint->callback([mint_name, mint_out, &ctx] {
    ctx.exit = lab::lab_mint(*mint_name, *mint_out, *ctx.console.out, *ctx.console.err);
  });
}

}  // namespace uccert::cli
