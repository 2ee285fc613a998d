// `uccert inspect FILE...`: shows every certificate of every file, and the order they are in.
#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "uccert/cli/app.h"
#include "uccert/cli/error_line.h"
#include "uccert/cli/password.h"
#include "uccert/cli/write_report.h"
#include "uccert/run/inspect.h"

namespace uccert::cli {

namespace {

struct InspectOptions {
  std::vector<std::string> files;
  std::string format = "text";
  PasswordOptions password;
  std::string at;
};

int run_inspect(InspectOptions& opt, Console& console) {
  auto source = make_password_source(opt.password, console);
  if (!source) return fail(console, "inspect", source.error().message);
  run::InspectRequest request;
  request.files = opt.files;
  request.at = opt.at;
  request.password = std::move(source.value());
  request.missing_password_hint = missing_password_hint(console.stdin_is_tty);
  auto report = run::run_inspect(request);
  if (!report) return fail(console, "inspect", report.error().message);
  // Each file that could not be read is said on its own line; the others are still shown.
  for (const auto& f : report->as<report::InspectReport>()->files)
    if (!f.loaded) fail(console, "inspect", f.error);
  return write_report(console, *report, opt.format);
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
