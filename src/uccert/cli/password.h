// Where a PKCS#12 password comes from: --password-file FILE, --password-env VAR, or a prompt on
// the terminal. Never an argument value: command lines are visible to every user of the machine
// (ps, /proc/PID/cmdline) and land in shell history.
#pragma once

#include <optional>
#include <string>

#include "uccert/cli/console.h"
#include "uccert/pki/error.h"
#include "uccert/pki/load.h"

namespace CLI {
class App;
}

namespace uccert::cli {

struct PasswordOptions {
  std::string file;     // --password-file: the file's first line (its line end is not part of it)
  std::string env_var;  // --password-env: the value of this environment variable
};

// A password source for pki::load_file, asked only for a protected PKCS#12 file. The file or
// variable is read once, here (an error names it); with neither option the source prompts on the
// terminal (Console::read_secret) when stdin is a TTY, once per file.
Result<pki::PasswordSource> make_password_source(const PasswordOptions& options, Console& console);

// Registers --password-file and --password-env. An empty value is refused: `--password-env ""`
// (an unset variable in a script) would otherwise read as no option at all.
void add_password_options(CLI::App& command, PasswordOptions& options);

// The value of environment variable `name`, taken out of the process: the bytes getenv points at
// are wiped in place, then the variable is unset. For a variable the process started with, those
// bytes are the original environment block, the one /proc/PID/environ shows to the same user and
// to root; without the wipe the password would stay there for the life of the process (unsetenv
// only drops the pointer). nullopt when the variable is not set.
std::optional<pki::Secret> take_environment_secret(const std::string& name);

// What to tell a person whose PKCS#12 file needs a password none of the sources gave: on a
// terminal they were asked and typed nothing (end of input, or a line too long to take).
inline constexpr const char* kMissingPasswordHint =
    "give it with --password-file FILE or --password-env VAR (or run on a terminal to be asked)";
inline constexpr const char* kNoPasswordTypedHint =
    "nothing was taken at the prompt; type it again, or give it with --password-file FILE or --password-env VAR";
inline const char* missing_password_hint(bool on_terminal) {
  return on_terminal ? kNoPasswordTypedHint : kMissingPasswordHint;
}

}  // namespace uccert::cli
