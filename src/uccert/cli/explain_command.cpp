// `uccert explain TEXT`: an ms-diagnostics header, an HRESULT or an event id, decoded, with the
// findings that usually cause it and the command to run next (run::run_explain).
#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "uccert/cli/app.h"
#include "uccert/cli/error_line.h"
#include "uccert/report/explain_render.h"
#include "uccert/run/explain.h"

namespace uccert::cli {

namespace {

struct ExplainOptions {
  std::vector<std::string> text;
  std::string format = "text";
};

}  // namespace

void add_explain_command(CLI::App& app, CommandContext& ctx) {
  auto opt = std::make_shared<ExplainOptions>();
  CLI::App* sub = app.add_subcommand(
      "explain", "Explain an ms-diagnostics header, an HRESULT or an event id: likely findings, next command");
  sub->add_option("TEXT", opt->text, "The header, code or event id (quote it, or pass its parts)")->required();
  sub->add_option("--format", opt->format, "Output format: text or json")->check(CLI::IsMember({"text", "json"}));
  sub->callback([opt, &ctx] {
    // A header pasted without quotes arrives in parts: rejoin them with the spaces the shell took.
    std::string text;
    for (const auto& part : opt->text) text += (text.empty() ? "" : " ") + part;
    auto e = run::run_explain(text);
    if (!e) {
      ctx.exit = fail(ctx.console, "explain", e.error().message);
      return;
    }
    *ctx.console.out << (opt->format == "json" ? report::render_explain_json(*e) : report::render_explain_text(*e));
    ctx.exit = kExitPass;
  });
}

}  // namespace uccert::cli
