// `uccert check [options] TARGET`: judge the chain in a file or at a live endpoint for every kind
// of UC client (run::run_check), rendered in the format asked for.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

#include "uccert/cli/app.h"
#include "uccert/cli/error_line.h"
#include "uccert/cli/password.h"
#include "uccert/cli/target_options.h"
#include "uccert/cli/trust_options.h"
#include "uccert/cli/write_report.h"
#include "uccert/report/nagios.h"
#include "uccert/run/check.h"

namespace uccert::cli {

namespace {

struct CheckOptions {
  std::string target;
  TargetOptions judged;  // --name, --profile, the endpoint options, --warn-days, --fail-days
  std::string profiles_file;
  std::string at;
  acquire::TrustFiles trust;
  std::string format = "text";
  PasswordOptions password;
};

// The monitoring format's caller reads stdout only: a target it could not evaluate is said there
// too, as a plugin says it.
int fail_check(Console& console, const std::string& format, const std::string& message) {
  if (format == "nagios") *console.out << report::nagios_unknown_line(message);
  return fail(console, "check", message);
}


int run_check(CheckOptions& opt, Console& console) {
  auto source = make_password_source(opt.password, console);
  if (!source) return fail_check(console, opt.format, source.error().message);
  run::CheckRequest request;
  request.target = opt.target;
  request.name = opt.judged.name;
  request.profile_ids = opt.judged.profile_ids;
  request.profiles_file = opt.profiles_file;
  request.at = opt.at;
  request.trust = opt.trust;
  request.warn_days = opt.judged.warn_days;
  request.fail_days = opt.judged.fail_days;
  request.endpoint = opt.judged.probe;
  request.password = std::move(source.value());
  request.missing_password_hint = missing_password_hint(console.stdin_is_tty);
  auto report = run::run_check(request);
  if (!report) return fail_check(console, opt.format, report.error().message);
  return write_report(console, *report, opt.format);
}

}  // namespace

void add_check_command(CLI::App& app, CommandContext& ctx) {
  auto opt = std::make_shared<CheckOptions>();
  CLI::App* sub = app.add_subcommand(
      "check", "Judge a certificate chain for every kind of UC client: verdict per client, findings, exact fixes");
  sub->add_option("TARGET", opt->target,
                  "A file with the chain as a server presents it (leaf first; PEM, DER, PKCS#7 or PKCS#12), or "
                  "HOST:PORT of a live endpoint")
      ->required();
  add_target_options(*sub, opt->judged);
  sub->add_option("--profiles", opt->profiles_file, "Extra or overriding client profiles (TOML)");
  sub->add_option("--at", opt->at, "Validate at this RFC 3339 time instead of now");
  add_trust_options(*sub, opt->trust);
  sub->add_option("--format", opt->format,
                  "Output format: text, json, nagios (a plugin's status line) or prometheus (textfile collector)")
      ->check(CLI::IsMember({"text", "json", "nagios", "prometheus"}));
  add_password_options(*sub, opt->password);
  // Accepted only to refuse it with a reason (a plain "unknown option" would invite retries).
  sub->callback([opt, &ctx] { ctx.exit = run_check(*opt, ctx.console); });
}

}  // namespace uccert::cli
