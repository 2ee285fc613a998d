// `uccert check [options] TARGET`: judge the chain in a file or at a live endpoint for every kind
// of UC client (run::run_check), rendered in the format asked for.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "uccert/cli/app.h"
#include "uccert/cli/error_line.h"
#include "uccert/cli/fetch_options.h"
#include "uccert/cli/password.h"
#include "uccert/cli/target_options.h"
#include "uccert/cli/trust_options.h"
#include "uccert/cli/write_report.h"
#include "uccert/profiles/roles.h"
#include "uccert/report/nagios.h"
#include "uccert/run/check.h"
#include "uccert/run/fix_script.h"

namespace uccert::cli {

namespace {

struct CheckOptions {
  std::string target;
  TargetOptions judged;  // --name, --profile, the endpoint options, --warn-days, --fail-days
  std::string role;
  profiles::RoleInputs role_inputs;
  std::vector<std::string> simple_urls;
  std::string profiles_file;
  std::string at;
  acquire::TrustFiles trust;
  std::string format = "text";
  PasswordOptions password;
  std::string fix_script;                 // --fix-script FILE
  acquire::FetchOptions fetch;
  std::vector<std::string> crl_files;
  std::vector<std::string> ocsp_files;
};

// The monitoring format's caller reads stdout only: a target it could not evaluate is said there
// too, as a plugin says it.
int fail_check(Console& console, const std::string& format, const std::string& message) {
  if (format == "nagios") *console.out << report::nagios_unknown_line(message);
  return fail(console, "check", message);
}

// $XDG_CACHE_HOME/uccert, else ~/.cache/uccert, from the console's environment.
std::string default_cache_dir(const Console& console) {
  if (!console.getenv) return "";
  if (auto xdg = console.getenv("XDG_CACHE_HOME"); xdg && !xdg->empty() && xdg->front() == '/') return *xdg + "/uccert";
  if (auto home = console.getenv("HOME"); home && !home->empty()) return *home + "/.cache/uccert";
  return "";
}

int run_check(CheckOptions& opt, Console& console) {
  auto source = make_password_source(opt.password, console);
  if (!source) return fail_check(console, opt.format, source.error().message);
  run::CheckRequest request;
  request.target = opt.target;
  fill_check_request(opt.judged, request);
  request.role = opt.role;
  const std::vector<std::string> names = request.role_inputs.names;
  request.role_inputs = opt.role_inputs;
  request.role_inputs.names = names;
  for (const auto& url : opt.simple_urls)
    if (!profiles::add_simple_url(request.role_inputs, url))
      return fail_check(console, opt.format, "--simple-url " + url + ": no host name in it");
  request.profiles_file = opt.profiles_file;
  request.at = opt.at;
  request.trust = opt.trust;
  request.fetch = opt.fetch;
  request.fetch.default_cache_dir = default_cache_dir(console);
  request.crl_files = opt.crl_files;
  request.ocsp_files = opt.ocsp_files;
  request.password = std::move(source.value());
  request.missing_password_hint = missing_password_hint(console.stdin_is_tty);
  auto report = run::run_check(request);
  if (!report) return fail_check(console, opt.format, report.error().message);
  if (!opt.fix_script.empty()) {
    std::string again = "uccert check " + opt.target;
    for (const auto& n : opt.judged.names) again += " --name " + n;
    if (!opt.role.empty()) again += " --role " + opt.role;
    for (const auto& p : opt.judged.profile_ids) again += " --profile " + p;
    auto written = run::write_fix_script(run::report_findings(*report), opt.fix_script, again);
    if (!written) return fail(console, "check", written.error().message);
  }
  return write_report(console, *report, opt.format);
}

// --role and the inputs its names derive from (docs/roles.md).
void add_role_options(CLI::App& sub, CheckOptions& opt) {
  const std::string group = "Role (docs/roles.md)";
  auto one = [&](const char* name, std::string& value, const char* help) {
    sub.add_option(name, value, help)->group(group);
  };
  auto many = [&](const char* name, std::vector<std::string>& values, const char* help) {
    sub.add_option(name, values, help)->allow_extra_args(false)->group(group);
  };
  one("--role", opt.role,
      "The server role of the certificate: fe-default, fe-web-internal, fe-web-external, director, edge-internal, "
      "edge-external, reverse-proxy, exchange-um, exchange-web, office-web-apps, mediation, sbc");
  many("--sip-domain", opt.role_inputs.sip_domains, "A SIP domain (repeatable): sip.<domain>, lyncdiscover.<domain>");
  one("--pool", opt.role_inputs.pool, "The pool FQDN (Standard Edition: the server's FQDN)");
  many("--server", opt.role_inputs.servers, "A pool member's FQDN (repeatable)");
  many("--simple-url", opt.simple_urls, "A meet, dial-in or admin Simple URL (repeatable)");
  one("--internal-web", opt.role_inputs.internal_web, "The internal web services FQDN");
  one("--external-web", opt.role_inputs.external_web, "The external web services FQDN");
  one("--access-edge", opt.role_inputs.access_edge, "The Access Edge FQDN");
  one("--webconf-edge", opt.role_inputs.webconf_edge, "The Web Conferencing Edge FQDN");
  one("--av-edge", opt.role_inputs.av_edge, "The A/V Edge FQDN (never name-checked, EDGE-04)");
  one("--edge-internal", opt.role_inputs.edge_internal, "The Edge pool's internal FQDN");
  one("--office-web-apps", opt.role_inputs.office_web_apps, "The Office Web Apps farm FQDN");
  sub.add_flag_function(
         "--no-lyncdiscover", [&opt](std::int64_t) { opt.role_inputs.lyncdiscover = false; },
         "Mobility autodiscover is not published: no lyncdiscover(internal).<sipdomain> names (FE-07, RP-04)")
      ->group(group);
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
  add_role_options(*sub, *opt);
  sub->add_option("--profiles", opt->profiles_file, "Extra or overriding client profiles (TOML)");
  sub->add_option("--at", opt->at, "Validate at this RFC 3339 time instead of now");
  add_trust_options(*sub, opt->trust);
  add_fetch_options(*sub, opt->fetch);
  sub->add_option("--crl", opt->crl_files,
                  "A CRL (DER or PEM) to judge revocation with, as fetched from a CDP (repeatable)")
      ->allow_extra_args(false);
  sub->add_option("--ocsp-response", opt->ocsp_files,
                  "An OCSP response (DER, as `openssl ocsp -respout` writes) to judge revocation with (repeatable)")
      ->allow_extra_args(false);
  sub->add_option("--format", opt->format,
                  "Output format: text, json, html (one self-contained page), sarif (SARIF 2.1.0), nagios (a plugin's "
                  "status line) or prometheus (textfile collector)")
      ->check(CLI::IsMember({"text", "json", "html", "sarif", "nagios", "prometheus"}));
  add_password_options(*sub, opt->password);
  sub->add_option("--fix-script", opt->fix_script,
                  "Also write every fix as one PowerShell script to this new file (a dry run unless run with -Apply)");
  // Accepted only to refuse it with a reason (a plain "unknown option" would invite retries).
  sub->callback([opt, &ctx] { ctx.exit = run_check(*opt, ctx.console); });
}

}  // namespace uccert::cli
