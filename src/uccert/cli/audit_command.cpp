// `uccert audit TOPOLOGY...`: every assigned certificate acquired and judged with its role's rules
// for the clients that reach it (run::run_audit), rendered in the format asked for.
#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "uccert/cli/app.h"
#include "uccert/cli/error_line.h"
#include "uccert/cli/probe_options.h"
#include "uccert/cli/trust_options.h"
#include "uccert/cli/write_report.h"
#include "uccert/run/audit.h"
#include "uccert/run/fix_script.h"

namespace uccert::cli {

namespace {

struct AuditOptions {
  run::AuditRequest request;
  std::string format = "text";
  std::string fix_script;  // --fix-script FILE
};

int run_audit(AuditOptions& opt, Console& console) {
  auto report = run::run_audit(opt.request);
  if (!report) return fail(console, "audit", report.error().message);
  if (!opt.fix_script.empty()) {
    std::string again = "uccert audit";
    for (const auto& f : opt.request.files) again += " " + f;
    auto written = run::write_fix_script(run::report_findings(*report), opt.fix_script, again);
    if (!written) return fail(console, "audit", written.error().message);
  }
  return write_report(console, *report, opt.format);
}

}  // namespace

void add_audit_command(CLI::App& app, CommandContext& ctx) {
  auto opt = std::make_shared<AuditOptions>();
  CLI::App* sub = app.add_subcommand(
      "audit", "Acquire every certificate a topology assigns (file or live) and judge each with its role's rules for "
               "the clients that reach it: verdict table, name coverage, consistency, findings with fixes");
  sub->add_option("TOPOLOGY", opt->request.files,
                  "Topology XML (Get-CsTopology -AsXml, or a Topology Builder .tbxml) and TOML overlays with the "
                  "[[assignment]] entries (docs/topology.md)")
      ->required();
  sub->add_option("--at", opt->request.at, "Validate at this RFC 3339 time instead of now");
  add_trust_options(*sub, opt->request.trust);
  add_connection_options(*sub, opt->request.endpoint);
  sub->add_option("--deadline", opt->request.deadline_seconds,
                  "The whole run ends within SECONDS (default 3 x --timeout); each probe gets min(--timeout, what is "
                  "left); a certificate not probed by then is unknown, and such a run never exits 0");
  sub->add_option("--warn-days", opt->request.warn_days, "Warn when a certificate expires within N days (default 30)");
  sub->add_option("--fail-days", opt->request.fail_days, "Fail when a certificate expires within N days (default 14)");
  sub->add_option("--fix-script", opt->fix_script,
                  "Also write every fix of the audit as one PowerShell script to this new file (a dry run unless run "
                  "with -Apply)");
  sub->add_option("--format", opt->format,
                  "Output format: text, json, html (one self-contained page) or sarif (SARIF 2.1.0, findings at the "
                  "topology file and line of their assignment)")
      ->check(CLI::IsMember({"text", "json", "html", "sarif"}));
  sub->callback([opt, &ctx] { ctx.exit = run_audit(*opt, ctx.console); });
}

}  // namespace uccert::cli
