// `uccert check [options] TARGET`: judge the chain in a file for every kind of UC client. The file
// is acquired here (acquire_file); judging and rendering are library calls
// (report::check_evidence, render_check_text / render_check_json) that a live-endpoint check
// shares.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "uccert/cli/app.h"
#include "uccert/cli/error_line.h"
#include "uccert/cli/judge_setup.h"
#include "uccert/cli/password.h"
#include "uccert/cli/probe_options.h"
#include "uccert/cli/trust_options.h"
#include "uccert/names/reference_host.h"
#include "uccert/net/endpoint.h"
#include "uccert/pki/load.h"
#include "uccert/profiles/client_profile.h"
#include "uccert/report/check_json.h"
#include "uccert/report/check_report.h"
#include "uccert/report/check_text.h"
#include "uccert/rules/chain_shape.h"

namespace uccert::cli {

namespace {

struct CheckOptions {
  std::string target;
  std::string name;
  std::vector<std::string> profile_ids;
  std::string profiles_file;
  std::string at;
  TrustOptions trust;
  int warn_days = 30;
  int fail_days = 14;
  std::string format = "text";
  PasswordOptions password;
  ProbeCliOptions probe;         // HOST:PORT targets
};


// The file as a server would present it: PEM and DER in file order (leaf first, as given);
// PKCS#7 and PKCS#12 hold unordered sets, so their leaf is put first.
Result<pki::Evidence> acquire_file(const std::string& path, const std::string& name, const pki::LoadOptions& load,
                                   pki::UnixTime at) {
  auto loaded = pki::load_file(path, load);
  if (!loaded) return loaded.error();
  if (loaded->csr) return Error{path + ": a certificate request (CSR), not a certificate chain"};
  if (loaded->certificates.empty()) return Error{path + ": no certificate in the file"};
  pki::Evidence ev;
  ev.target = path;
  ev.dialled_name = name;
  ev.observed_at = at;
  ev.container = std::string(pki::container_name(loaded->container));
  ev.chain = loaded->certificates;
  if (loaded->container == pki::ContainerKind::kPkcs7 || loaded->container == pki::ContainerKind::kPkcs12)
    ev.chain = rules::leaf_first(ev.chain);
  if (loaded->pkcs12) ev.private_key_matches = loaded->pkcs12->key_matches_leaf;
  return ev;
}

int run_check(CheckOptions& opt, Console& console) {
  auto endpoint = endpoint_target(opt.target);  // HOST:PORT: a live endpoint (--name defaults to HOST)
  if (!endpoint && opt.target.find(':') != std::string::npos) {
    // Neither a file nor a valid HOST:PORT: say both, with what is wrong with the endpoint form.
    std::error_code ec;
    if (!std::filesystem::exists(opt.target, ec)) {
      auto hp = net::parse_host_port(opt.target);
      if (!hp) {
        return fail(console, "check",
                    fmt::format("{}: no such file, nor a live endpoint: {}", opt.target, hp.error().message));
      }
    }
  }
  if (!endpoint) {
    if (auto conn = make_connection_options(opt.probe); !conn) return fail(console, "check", conn.error().message);
    if (auto s = check_probe_values(opt.probe); !s) return fail(console, "check", s.error().message);
  }
  if (endpoint && opt.name.empty()) opt.name = endpoint->host;
  if (opt.name.empty()) return fail(console, "check", "--name FQDN is required: the name the client dialled");
  // The name is judged, and written into the fix's cmdlets: refuse what no client can dial.
  if (auto host = names::parse_reference_host(opt.name); !host) {
    return fail(console, "check", "--name: " + host.error().message);
  }
  if (opt.warn_days < 0 || opt.fail_days < 0) {
    return fail(console, "check", "--warn-days and --fail-days must be 0 or more");
  }
  if (opt.fail_days > opt.warn_days) {
    return fail(console, "check",
                fmt::format("--fail-days {} is more than --warn-days {}", opt.fail_days, opt.warn_days));
  }

  auto setup = make_judge_setup(opt.at, opt.profiles_file, opt.profile_ids);
  if (!setup) return fail(console, "check", setup.error().message);
  rules::JudgeOptions judge_options;
  judge_options.expiry_warn_days = opt.warn_days;
  judge_options.expiry_fail_days = opt.fail_days;
  judge_options.at = setup->at;

  auto source = make_password_source(opt.password, console);
  if (!source) return fail(console, "check", source.error().message);
  pki::LoadOptions load;
  load.password = std::move(source.value());
  load.missing_password_hint = missing_password_hint(console.stdin_is_tty);

  auto trust_loading = start_loading_trust(opt.trust);
  if (!trust_loading) return fail(console, "check", trust_loading.error().message);
  auto evidence = endpoint ? acquire_endpoint(*endpoint, opt.name, opt.probe, load.password)
                           : acquire_file(opt.target, opt.name, load, judge_options.at);
  if (!evidence) return fail(console, "check", evidence.error().message);
  auto trust = trust_loading->get();
  if (!trust) return fail(console, "check", trust.error().message);

  auto report = report::check_evidence(std::move(evidence.value()), setup->requested, std::move(trust->inputs),
                                       judge_options);
  report.notes = std::move(trust->notes);
  if (report.evidence.endpoint) {
    for (auto& n : endpoint_notes(*report.evidence.endpoint)) report.notes.push_back(std::move(n));
  }
  if (opt.format == "json")
    *console.out << report::render_check_json(report);
  else
    *console.out << report::render_check_text(report, report::CheckTextStyle{console.color});
  return report::exit_code(report);
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
  sub->add_option("--warn-days", opt->warn_days, "Warn when a certificate expires within N days (default 30)");
  sub->add_option("--fail-days", opt->fail_days, "Fail when a certificate expires within N days (default 14)");
  sub->add_option("--format", opt->format, "Output format: text or json")->check(CLI::IsMember({"text", "json"}));
  add_password_options(*sub, opt->password);
  // Accepted only to refuse it with a reason (a plain "unknown option" would invite retries).
  sub->callback([opt, &ctx] { ctx.exit = run_check(*opt, ctx.console); });
}

}  // namespace uccert::cli
