#include "uccert/cli/app.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>
#include <string_view>

#include "uccert/cli/argv_secrets.h"
#include "uccert/cli/error_line.h"

namespace uccert::cli {

namespace {

constexpr const char* kVersion = "0.1.0";

}  // namespace

int run(const std::vector<std::string>& args, Console& console) {
  if (auto refused = refuse_password_arguments(args)) {  // before CLI11 keeps a copy
    *console.err << "uccert: " << refused->message << "\n";
    return kExitUnknown;
  }
  CLI::App app{"uccert: will these certificates work for every UC client, and if not, what to change", "uccert"};
  app.set_version_flag("--version", kVersion);
  app.require_subcommand(1);
  app.fallthrough(false);

  CommandContext ctx{console};
  // Only the command named is built when the first argument names one: building all of them with
  // their options costs a short run (one `check FILE`) a tenth of its start-up. Anything else (no
  // command, an option first, a misspelt command) builds every command for help and errors.
  struct Command {
    std::string_view name;
    void (*add)(CLI::App&, CommandContext&);
  };
  // The command list, in the order help shows it: one line per command.
  static constexpr Command kCommands[] = {
      {"inspect", add_inspect_command},   {"thumbprint", add_thumbprint_command},
      {"lab", add_lab_command},           {"check", add_check_command},
      {"discover", add_discover_command}, {"rules", add_rules_command},
      {"csr", add_csr_command},           {"mobileconfig", add_mobileconfig_command},
      {"explain", add_explain_command},   {"plan", add_plan_command},
      {"audit", add_audit_command},       {"scan", add_scan_command},
      {"serve", add_serve_command},
  };
  const bool named = !args.empty() && std::any_of(std::begin(kCommands), std::end(kCommands),
                                                  [&](const Command& c) { return c.name == args.front(); });
  for (const auto& c : kCommands)
    if (!named || c.name == args.front()) c.add(app, ctx);

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    *console.out << app.help();
    return kExitPass;
  } catch (const CLI::CallForAllHelp&) {
    *console.out << app.help("", CLI::AppFormatMode::All);
    return kExitPass;
  } catch (const CLI::CallForVersion&) {
    *console.out << "uccert " << kVersion << "\n";
    return kExitPass;
  } catch (const CLI::ParseError& e) {
    // Name the command whose arguments were wrong ("lab mint"), and where its help is.
    std::string command;
    for (const CLI::App* at = &app; !at->get_subcommands().empty();) {
      at = at->get_subcommands().front();
      command += (command.empty() ? "" : " ") + at->get_name();
    }
    if (command.empty() && !args.empty() && !args.front().starts_with("-")) {
      std::string known;
      for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
        known += (known.empty() ? "" : ", ") + sub->get_name();
      return fail(console, "", "'" + args.front() + "' is not a command (" + known + "; see: uccert --help)");
    }
    if (command.empty()) return fail(console, "", std::string(e.what()) + " (see: uccert --help)");
    return fail(console, command, std::string(e.what()) + " (see: uccert " + command + " --help)");
  }
  return ctx.exit;
}

int run(int argc, char** argv) {
  // Wiped in argv itself before anything copies it (docs/security.md, shared workstation).
  if (auto refused = refuse_password_arguments(argc, argv)) {
    std::cerr << "uccert: " << refused->message << "\n";
    return kExitUnknown;
  }
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  Console console = Console::system();
  try {
    const int exit = run(args, console);
    // Output that did not reach its file (a full disk, a closed pipe or stdout) must not pass for a
    // finished report: a truncated JSON file with the verdict's exit code would.
    errno = 0;
    console.out->flush();
    if (!*console.out || std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
      const int err = errno;
      return fail(console, "", std::string("cannot write the output") +
                                   (err != 0 ? std::string(": ") + std::strerror(err) : std::string()));
    }
    return exit;
  } catch (const std::exception& e) {
    // A broken invariant: still one line and exit 3, never a stack trace.
    return fail(console, "", std::string("internal error: ") + e.what());
  }
}

}  // namespace uccert::cli
