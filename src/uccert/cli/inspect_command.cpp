// `uccert inspect FILE...`: shows every certificate of every file, and the order they are in.
#include <CLI/CLI.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "uccert/cli/app.h"
#include "uccert/cli/error_line.h"
#include "uccert/cli/password.h"
#include "uccert/pki/load.h"
#include "uccert/report/inspect_json.h"
#include "uccert/report/inspect_text.h"

namespace uccert::cli {

namespace {

struct InspectOptions {
  std::vector<std::string> files;
  std::string format = "text";
  PasswordOptions password;
  std::string at;
};

pki::UnixTime now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

int run_inspect(InspectOptions& opt, Console& console) {
  report::InspectReport report;
  if (opt.at.empty()) {
    report.at = now();
  } else if (auto t = pki::parse_time(opt.at)) {
    report.at = *t;
  } else {
    return fail(console, "inspect", "--at " + opt.at + ": not an RFC 3339 time (e.g. 2026-11-23T14:47:03Z)");
  }
  auto source = make_password_source(opt.password, console);
  if (!source) return fail(console, "inspect", source.error().message);
  pki::LoadOptions load_options;
  load_options.password = std::move(source.value());
  load_options.missing_password_hint = missing_password_hint(console.stdin_is_tty);

  int exit = kExitPass;
  for (const std::string& path : opt.files) {
    auto loaded = pki::load_file(path, load_options);
    if (loaded) {
      report.files.push_back(report::inspected(std::move(loaded.value())));
    } else {
      fail(console, "inspect", loaded.error().message);  // said, and the other files still read
      report.files.push_back(report::inspection_failed(path, loaded.error().message));
      exit = kExitUnknown;
    }
  }
  if (opt.format == "json") {
    *console.out << report::render_inspect_json(report);
  } else {
    *console.out << report::render_inspect_text(report, report::TextStyle{console.color});
  }
  return exit;
}

}  // namespace

void add_inspect_command(CLI::App& app, CommandContext& ctx) {
  auto opt = std::make_shared<InspectOptions>();
  CLI::App* sub = app.add_subcommand(
      "inspect", "Show every certificate in each file (PEM, DER, PKCS#7, PKCS#12, CSR) and the chain order");
  sub->add_option("FILE", opt->files, "Certificate files; the format is detected from the content")->required();
  sub->add_option("--format", opt->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  add_password_options(*sub, opt->password);
  sub->add_option("--at", opt->at, "Count days remaining from this RFC 3339 time instead of now");
  // Accepted only to refuse it with a reason (a plain "unknown option" would invite retries).
  sub->callback([opt, &ctx] { ctx.exit = run_inspect(*opt, ctx.console); });
}

}  // namespace uccert::cli
