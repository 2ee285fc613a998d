// `uccert check [options] TARGET`: judge the chain in a file or at a live endpoint for every kind
// of UC client (run::run_check), rendered in the format asked for.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

#include "uccert/cli/app.h"
#include "uccert/cli/error_line.h"
#include "uccert/cli/fetch_options.h"
#include "uccert/cli/password.h"
#include "uccert/cli/probe_options.h"
#include "uccert/cli/trust_options.h"
#include "uccert/cli/write_report.h"
#include "uccert/run/check.h"

namespace uccert::cli {

namespace {

struct CheckOptions {
  std::string target;
  std::string name;
  std::vector<std::string> profile_ids;
  std::string profiles_file;
  std::string at;
  acquire::TrustFiles trust;
  int warn_days = 30;
  int fail_days = 14;
  std::string format = "text";
  PasswordOptions password;
  acquire::EndpointOptions probe;         // HOST:PORT targets
  acquire::FetchOptions fetch;
  std::vector<std::string> crl_files;
  std::vector<std::string> ocsp_files;
};


// $XDG_CACHE_HOME/uccert, else ~/.cache/uccert, from the console's environment.
std::string default_cache_dir(const Console& console) {
  if (!console.getenv) return "";
  if (auto xdg = console.getenv("XDG_CACHE_HOME"); xdg && !xdg->empty() && xdg->front() == '/') return *xdg + "/uccert";
  if (auto home = console.getenv("HOME"); home && !home->empty()) return *home + "/.cache/uccert";
  return "";
}

int run_check(CheckOptions& opt, Console& console) {
  auto source = make_password_source(opt.password, console);
  if (!source) return fail(console, "check", source.error().message);
  run::CheckRequest request;
  request.target = opt.target;
  request.name = opt.name;
  request.profile_ids = opt.profile_ids;
  request.profiles_file = opt.profiles_file;
  request.at = opt.at;
  request.trust = opt.trust;
  request.warn_days = opt.warn_days;
  request.fail_days = opt.fail_days;
  request.endpoint = opt.probe;
  request.fetch = opt.fetch;
  request.fetch.default_cache_dir = default_cache_dir(console);
  request.crl_files = opt.crl_files;
  request.ocsp_files = opt.ocsp_files;
  request.password = std::move(source.value());
  request.missing_password_hint = missing_password_hint(console.stdin_is_tty);
  auto report = run::run_check(request);
  if (!report) return fail(console, "check", report.error().message);
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
  sub->add_option("--name", opt->name, "The name the client dialled (required for a file)");
  sub->add_option("--profile", opt->profile_ids, "Client profile id (repeatable; default: all profiles)")
      ->allow_extra_args(false);
  sub->add_option("--profiles", opt->profiles_file, "Extra or overriding client profiles (TOML)");
  sub->add_option("--at", opt->at, "Validate at this RFC 3339 time instead of now");
  add_trust_options(*sub, opt->trust);
  add_connection_options(*sub, opt->probe);
  add_probe_options(*sub, opt->probe);
  add_fetch_options(*sub, opt->fetch);
  sub->add_option("--crl", opt->crl_files,
                  "A CRL (DER or PEM) to judge revocation with, as fetched from a CDP (repeatable)")
      ->allow_extra_args(false);
  sub->add_option("--ocsp-response", opt->ocsp_files,
                  "An OCSP response (DER, as `openssl ocsp -respout` writes) to judge revocation with (repeatable)")
      ->allow_extra_args(false);
  sub->add_option("--warn-days", opt->warn_days, "Warn when a certificate expires within N days (default 30)");
  sub->add_option("--fail-days", opt->fail_days, "Fail when a certificate expires within N days (default 14)");
  sub->add_option("--format", opt->format, "Output format: text or json")->check(CLI::IsMember({"text", "json"}));
  add_password_options(*sub, opt->password);
  // Accepted only to refuse it with a reason (a plain "unknown option" would invite retries).
  sub->callback([opt, &ctx] { ctx.exit = run_check(*opt, ctx.console); });
}

}  // namespace uccert::cli
