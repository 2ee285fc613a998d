// A PKCS#12 password given on the command line (`--password VALUE`, `--password=VALUE`) is
// refused before any option parser sees it: every user of the machine can read a running
// process's arguments (ps, /proc/PID/cmdline) and the shell keeps them in its history.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "uccert/pki/error.h"

namespace uccert::cli {

// The one line said when a password is an argument (after "uccert: ").
inline constexpr const char* kPasswordArgumentRefused =
    "--password is refused: other users can read a command line (ps, /proc/PID/cmdline); give the "
    "PKCS#12 password with --password-file FILE or --password-env VAR";

// Looks at argv[1..argc) for --password VALUE and --password=VALUE; overwrites each VALUE's bytes
// in place with zeros (so /proc/PID/cmdline stops showing it, and no copy is made) and returns
// the refusal. nullopt when there is none. Every occurrence is wiped, not only the first.
std::optional<Error> refuse_password_arguments(int argc, char** argv);

// The same check for arguments already copied into strings (the in-process entry point of
// tests); the values are the caller's to wipe.
std::optional<Error> refuse_password_arguments(const std::vector<std::string>& args);

}  // namespace uccert::cli
