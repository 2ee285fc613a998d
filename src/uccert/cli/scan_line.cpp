#include "uccert/cli/scan_line.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>

namespace uccert::cli {

Result<run::ScanTarget> parse_targets_line(const run::TargetsLine& line, const TargetOptions& defaults) {
  const auto refuse = [&](std::string_view why) {
    return Error{fmt::format("targets line {}: {}", line.number, why)};
  };
  if (line.error) return refuse(*line.error);
  run::ScanTarget out;
  out.line = line.number;
  TargetOptions options = defaults;
  CLI::App app{"targets line", "line"};
  app.add_option("TARGET", out.request.target, "A certificate file or HOST:PORT")->required();
  add_target_options(app, options);
  std::vector<std::string> reversed(line.words.rbegin(), line.words.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    return refuse("--help is not a target option");
  } catch (const CLI::ParseError& e) {
    std::string why = e.what();
    if (why.find("not expected") != std::string::npos)
      why += " (a line takes a target and its own options; the scan's others go on the command line)";
    return refuse(why);
  }
  if (options.names.size() > 1) return refuse("--name given more than once (several names are a role's: use check --role)");
  fill_check_request(options, out.request);
  return out;
}

}  // namespace uccert::cli
