// `uccert thumbprint TEXT`: turns a thumbprint pasted from a Windows dialog into the form the
// cmdlets take (PS-02, PS-07, PS-08), and says what it removed.
#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "uccert/cli/app.h"
#include "uccert/cli/error_line.h"
#include "uccert/pki/thumbprint.h"
#include "uccert/report/thumbprint_render.h"

namespace uccert::cli {

namespace {

struct ThumbprintOptions {
  std::vector<std::string> text;
  std::string format = "text";
};

int run_thumbprint(const ThumbprintOptions& opt, Console& console) {
  // Pasted without quotes, "a9 09 50 ..." arrives as many arguments: rejoin them with the spaces
  // the shell removed.
  std::string input;
  for (const std::string& part : opt.text) {
    if (!input.empty()) input += ' ';
    input += part;
  }
  auto normalized = pki::normalize_thumbprint(input);
  if (!normalized) return fail(console, "thumbprint", normalized.error().message);
  if (opt.format == "json") {
    *console.out << report::render_thumbprint_json(*normalized);
  } else {
    *console.out << report::render_thumbprint_text(*normalized);
    console.out->flush();  // the thumbprint first, then the notes, even when both go to one terminal
    *console.err << report::render_thumbprint_notes(*normalized);
  }
  return kExitPass;
}

}  // namespace

void add_thumbprint_command(CLI::App& app, CommandContext& ctx) {
  auto opt = std::make_shared<ThumbprintOptions>();
  CLI::App* sub = app.add_subcommand(
      "thumbprint", "Clean a thumbprint pasted from Windows (spaces, colons, invisible marks) for the cmdlets");
  sub->add_option("TEXT", opt->text, "The thumbprint as pasted (quote it, or pass its parts)")->required();
  sub->add_option("--format", opt->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  sub->callback([opt, &ctx] { ctx.exit = run_thumbprint(*opt, ctx.console); });
}

}  // namespace uccert::cli
