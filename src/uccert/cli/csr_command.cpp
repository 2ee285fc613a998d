// `uccert csr --subject CN --san NAME... --out REQ --key-out KEY`: a fresh key and a PKCS#10
// request in new files, and the cmdlet that would make the same request on the server;
// `uccert csr --check REQUEST.csr [--name NAME...]`: a request made elsewhere, judged before a CA
// signs it (run::run_csr, run::run_csr_check).
#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "uccert/cli/app.h"
#include "uccert/cli/error_line.h"
#include "uccert/report/csr_render.h"
#include "uccert/run/csr.h"

namespace uccert::cli {

namespace {

struct CsrOptions {
  std::string topology;  // the topology form (`csr TOPOLOGY --usage USAGE`) is not built yet
  std::string subject;
  std::vector<std::string> sans;
  std::vector<std::string> ekus;
  int key_size = 2048;
  std::string ecdsa;
  std::string usage = "default";
  std::string out;
  std::string key_out;
  std::string check;
  std::vector<std::string> names;
  std::string format = "text";
};

int run_check_form(const CsrOptions& opt, Console& console) {
  if (!opt.subject.empty() || !opt.sans.empty() || !opt.out.empty() || !opt.key_out.empty())
    return fail(console, "csr",
                "--check judges an existing request: --subject, --san, --out and --key-out do not apply");
  auto report = run::run_csr_check({opt.check, opt.names});
  if (!report) return fail(console, "csr", report.error().message);
  *console.out << (opt.format == "json" ? report::render_csr_check_json(*report)
                                        : report::render_csr_check_text(*report));
  return report::exit_code(*report);
}

int run_csr(const CsrOptions& opt, Console& console) {
  if (!opt.topology.empty())
    return fail(console, "csr",
                "'" + opt.topology + "': requests planned from a topology are not available yet; give --subject and "
                "--san");
  if (!opt.check.empty()) return run_check_form(opt, console);
  if (!opt.names.empty()) return fail(console, "csr", "--name goes with --check (a new request takes --san)");
  if (opt.subject.empty()) return fail(console, "csr", "--subject is required (or --check REQUEST)");
  if (opt.key_out == "-")
    return fail(console, "csr", "--key-out -: a private key is never written to a terminal or a pipe; give a file");
  if (opt.out.empty() || opt.key_out.empty()) return fail(console, "csr", "--out and --key-out are required");
  auto usage = run::parse_csr_usage(opt.usage);
  if (!usage) return fail(console, "csr", usage.error().message);
  run::CsrRequest request;
  request.plan = {opt.subject, opt.sans, opt.ekus, *usage};
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
  sub->add_option("TOPOLOGY", opt->topology, "A topology file (not available yet)");
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
                  "What the certificate is for, for the equivalent cmdlet: default (Front End), edge-external, "
                  "edge-internal, exchange");
  sub->add_option("--out", opt->out, "The request file to create (PEM); never overwritten");
  sub->add_option("--key-out", opt->key_out, "The private key file to create (PEM, mode 0600); never overwritten");
  sub->add_option("--check", opt->check, "Judge this existing request (PEM or DER) instead of making one");
  sub->add_option("--name", opt->names, "With --check: a name the certificate must carry (repeatable)")
      ->delimiter(',');
  sub->add_option("--format", opt->format, "Output format: text or json")->check(CLI::IsMember({"text", "json"}));
  sub->callback([opt, &ctx] { ctx.exit = run_csr(*opt, ctx.console); });
}

}  // namespace uccert::cli
