// `uccert discover SIPDOMAIN`: walk the DNS records Lync / Skype for Business clients and
// federation partners look up, probe every target, judge each certificate against the name
// dialled there for the clients using that record (run::run_discover), and render the report.
#include <CLI/CLI.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "uccert/cli/app.h"
#include "uccert/cli/error_line.h"
#include "uccert/cli/probe_options.h"
#include "uccert/cli/trust_options.h"
#include "uccert/cli/write_report.h"
#include "uccert/report/printable.h"
#include "uccert/run/discover.h"

namespace uccert::cli {

namespace {

struct DiscoverCliOptions {
  std::string domain;
  std::vector<std::string> profile_ids;
  std::string profiles_file;
  std::string at;
  acquire::TrustFiles trust;
  acquire::EndpointOptions connection;
  std::string format = "text";
  int concurrency = 8;
  double deadline_seconds = 0;  // --deadline; when not given: 3 x --timeout
  bool deadline_given = false;
  bool no_probe = false;
};

int run_discover(const DiscoverCliOptions& opt, Console& console) {
  run::DiscoverRequest request;
  request.started = std::chrono::steady_clock::now();  // --deadline covers the whole command
  request.domain = opt.domain;
  request.profile_ids = opt.profile_ids;
  request.profiles_file = opt.profiles_file;
  request.at = opt.at;
  request.trust = opt.trust;
  request.connection = opt.connection;
  request.concurrency = opt.concurrency;
  if (opt.deadline_given) request.deadline_seconds = opt.deadline_seconds;
  request.no_probe = opt.no_probe;
  auto report = run::run_discover(request);
  if (!report) return fail(console, "discover", report.error().message);
  const int exit = write_report(console, *report, opt.format);
  // The report is complete as far as it goes; the one line on stderr says it stopped short.
  for (const auto& n : report->as<report::DiscoverReport>()->facts.notes) {
    if (n.id == "discover.deadline") *console.err << "uccert: discover: " << report::printable(n.message) << "\n";
  }
  return exit;
}

}  // namespace

void add_discover_command(CLI::App& app, CommandContext& ctx) {
  auto opt = std::make_shared<DiscoverCliOptions>();
  CLI::App* sub = app.add_subcommand(
      "discover",
      "Find a SIP domain's sign-in, autodiscover and federation records as clients do, probe every target, and "
      "judge each certificate for the clients using that record");
  sub->add_option("SIPDOMAIN", opt->domain, "The SIP domain (contoso.com)")->required();
  sub->add_option("--profile", opt->profile_ids, "Only these client profiles (repeatable; default: all)")
      ->allow_extra_args(false);
  sub->add_option("--profiles", opt->profiles_file, "Extra or overriding client profiles (TOML)");
  sub->add_option("--at", opt->at, "Validate at this RFC 3339 time instead of now");
  add_trust_options(*sub, opt->trust);
  add_connection_options(*sub, opt->connection);
  sub->add_option("--concurrency", opt->concurrency, "Probes in flight at once (default 8)");
  auto* deadline = sub->add_option("--deadline", opt->deadline_seconds,
                  "The whole run ends within SECONDS (default 3 x --timeout): DNS gets at most one --timeout, "
                  "each probe min(--timeout, what is left); targets not probed by then are reported as \"not "
                  "probed: discover's deadline ran out\", and such a run never exits 0 (3 when nothing judged "
                  "is wrong)");
  sub->add_flag("--no-probe", opt->no_probe, "Look up the records only; connect to nothing");
  sub->add_option("--format", opt->format, "Output format: text, json, html or sarif")
      ->check(CLI::IsMember({"text", "json", "html", "sarif"}));
  sub->callback([opt, deadline, &ctx] {
    opt->deadline_given = deadline->count() > 0;
    ctx.exit = run_discover(*opt, ctx.console);
  });
}

}  // namespace uccert::cli
