// `uccert csr --subject CN --san NAME... --out REQ --key-out KEY`: a fresh key and a PKCS#10
// request in new files, and the cmdlet that would make the same request on the server;
// `uccert csr TOPOLOGY... --usage USAGE [--role ROLE] [--pool FQDN] --out REQ --key-out KEY`: the
// same, with the subject, names and EKU the topology's plan gives that certificate;
// `uccert csr --check REQUEST.csr [--name NAME... | TOPOLOGY... --usage USAGE]`: a request made
// elsewhere, judged before a CA signs it (run::run_csr, run::run_csr_check, run/csr_plan.h).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "uccert/cli/app.h"
#include "uccert/cli/error_line.h"
#include "uccert/report/csr_render.h"
#include "uccert/run/csr.h"
#include "uccert/run/csr_plan.h"

namespace uccert::cli {

namespace {

struct CsrOptions {
  std::vector<std::string> topology;  // the topology form: XML and/or overlays, as `plan` takes them
  std::string role;                   // with a topology: the role (docs/roles.md)
  std::string pool;                   // with a topology: the pool or server
  std::string subject;
  std::vector<std::string> sans;
  std::vector<std::string> ekus;
  int key_size = 2048;
  std::string ecdsa;
  std::string usage;  // without a topology: default, edge-external, edge-internal, exchange
  std::string out;
  std::string key_out;
  std::string check;
  std::vector<std::string> names;
  std::string format = "text";
};

// With a topology: the plan of the certificate --usage / --role / --pool name.
Result<run::CsrPlan> topology_plan(const CsrOptions& opt) {
  return run::csr_plan_from_topology({opt.topology, opt.usage, opt.role, opt.pool});
}

int run_check_form(const CsrOptions& opt, Console& console) {
  if (!opt.subject.empty() || !opt.sans.empty() || !opt.out.empty() || !opt.key_out.empty())
    return fail(console, "csr",
                "--check judges an existing request: --subject, --san, --out and --key-out do not apply");
  std::vector<std::string> names = opt.names;
  if (!opt.topology.empty()) {
    if (!names.empty()) return fail(console, "csr", "--name or a topology, not both: the topology gives the names");
    auto plan = topology_plan(opt);
    if (!plan) return fail(console, "csr", plan.error().message);
    names.push_back(plan->subject);
    for (const auto& n : plan->sans)
      if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  }
  auto report = run::run_csr_check({opt.check, names});
  if (!report) return fail(console, "csr", report.error().message);
  *console.out << (opt.format == "json" ? report::render_csr_check_json(*report)
                                        : report::render_csr_check_text(*report));
  return report::exit_code(*report);
}

int run_csr(const CsrOptions& opt, Console& console) {
  if (!opt.check.empty()) return run_check_form(opt, console);
  if (!opt.names.empty()) return fail(console, "csr", "--name goes with --check (a new request takes --san)");
  if ((!opt.role.empty() || !opt.pool.empty()) && opt.topology.empty())
    return fail(console, "csr", "--role and --pool choose a certificate of a topology: give the topology files");
  run::CsrRequest request;
  if (!opt.topology.empty()) {
    if (!opt.subject.empty() || !opt.sans.empty() || !opt.ekus.empty())
      return fail(console, "csr", "--subject, --san and --eku come from the topology's plan; give one or the other");
    auto plan = topology_plan(opt);
    if (!plan) return fail(console, "csr", plan.error().message);
    request.plan = std::move(*plan);
  } else {
    if (opt.subject.empty()) return fail(console, "csr", "--subject is required (or a topology, or --check REQUEST)");
    auto usage = run::parse_csr_usage(opt.usage.empty() ? "default" : opt.usage);
    if (!usage) return fail(console, "csr", usage.error().message);
    request.plan = {opt.subject, opt.sans, opt.ekus, *usage};
  }
  if (opt.key_out == "-")
    return fail(console, "csr", "--key-out -: a private key is never written to a terminal or a pipe; give a file");
  if (opt.out.empty() || opt.key_out.empty()) return fail(console, "csr", "--out and --key-out are required");
  if (!opt.ecdsa.empty()) {
    request.key.algorithm = pki::CsrKeySpec::Algorithm::kEcdsa;
    request.key.curve = opt.ecdsa;
  } else {
    request.key.rsa_bits = opt.key_size;
  }
  request.out = opt.out;
  request.key_out = opt.key_out;
  auto made = run::run_csr(request);
  if (!made) return fail(console, "csr", made.error().message);
  *console.out << (opt.format == "json" ? report::render_csr_made_json(*made) : report::render_csr_made_text(*made));
  return kExitPass;
}

}  // namespace

void add_csr_command(CLI::App& app, CommandContext& ctx) {
  auto opt = std::make_shared<CsrOptions>();
  CLI::App* sub = app.add_subcommand(
      "csr", "Make a certificate request (new key, PKCS#10) with the names UC clients need, or --check one");
  sub->add_option("TOPOLOGY", opt->topology,
                  "Topology files (Topology XML and/or TOML overlays, as plan takes them): request the certificate "
                  "the plan gives for --usage / --role (and --pool)");
  sub->add_option("--subject", opt->subject, "The subject CN: the server's or pool's FQDN");
  sub->add_option("--san", opt->sans, "SAN DNS names, in order (repeatable or comma-separated; the CN comes first)")
      ->delimiter(',');
  sub->add_option("--eku", opt->ekus, "Extended key usages (default serverAuth; dotted OIDs or serverAuth, "
                                      "clientAuth)")
      ->delimiter(',');
  auto* size = sub->add_option("--key-size", opt->key_size, "RSA key size (default 2048)");
  sub->add_option("--ecdsa", opt->ecdsa, "An ECDSA key on this curve instead of RSA")
      ->check(CLI::IsMember({"P-256", "P-384"}))
      ->excludes(size);
  sub->add_option("--usage", opt->usage,
                  "Without a topology: what the certificate is for, for the equivalent cmdlet: default (Front End), "
                  "edge-external, edge-internal, exchange. With one: a Set-CsCertificate -Type value (Default, "
                  "WebServicesExternal, AccessEdgeExternal, Internal...) or UM, IIS");
  sub->add_option("--role", opt->role, "With a topology: the certificate's role (docs/roles.md)");
  sub->add_option("--pool", opt->pool, "With a topology: the pool or server, when several have that usage");
  sub->add_option("--out", opt->out, "The request file to create (PEM); never overwritten");
  sub->add_option("--key-out", opt->key_out, "The private key file to create (PEM, mode 0600); never overwritten");
  sub->add_option("--check", opt->check, "Judge this existing request (PEM or DER) instead of making one");
  sub->add_option("--name", opt->names, "With --check: a name the certificate must carry (repeatable)")
      ->delimiter(',');
  sub->add_option("--format", opt->format, "Output format: text or json")->check(CLI::IsMember({"text", "json"}));
  sub->callback([opt, &ctx] { ctx.exit = run_csr(*opt, ctx.console); });
}

}  // namespace uccert::cli
