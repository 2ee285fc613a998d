// The uccert command line: CLI11 options mapped to structs, one library call per command, the
// exit code computed by the library. No logic here that a test would want to call directly.
#pragma once

#include <string>
#include <vector>

#include "uccert/cli/console.h"
#include "uccert/report/report.h"

namespace CLI {
class App;
}

namespace uccert::cli {

// Exit codes (report/report.h): 0 pass, 1 warn, 2 fail, 3 could not evaluate.
using report::kExitFail;
using report::kExitPass;
using report::kExitUnknown;
using report::kExitWarn;

// Runs uccert with the given arguments (without argv[0]) against a Console; returns the exit code.
int run(const std::vector<std::string>& args, Console& console);
int run(int argc, char** argv);

// Each command registers itself on the app and stores the code its callback produced in `exit`.
// One file per command: inspect_command.cpp, thumbprint_command.cpp, check_command.cpp, ...
struct CommandContext {
  Console& console;
  int exit = kExitPass;
};

void add_inspect_command(CLI::App& app, CommandContext& ctx);
void add_thumbprint_command(CLI::App& app, CommandContext& ctx);
void add_lab_command(CLI::App& app, CommandContext& ctx);
void add_check_command(CLI::App& app, CommandContext& ctx);
void add_discover_command(CLI::App& app, CommandContext& ctx);
void add_rules_command(CLI::App& app, CommandContext& ctx);
void add_csr_command(CLI::App& app, CommandContext& ctx);
void add_mobileconfig_command(CLI::App& app, CommandContext& ctx);
void add_explain_command(CLI::App& app, CommandContext& ctx);
void add_plan_command(CLI::App& app, CommandContext& ctx);
void add_audit_command(CLI::App& app, CommandContext& ctx);
void add_scan_command(CLI::App& app, CommandContext& ctx);
void add_serve_command(CLI::App& app, CommandContext& ctx);
// (new commands: declare here and list in app.cpp)

}  // namespace uccert::cli
