// All terminal I/O of a command goes through a Console, so tests run whole commands in-process
// and capture what a person would see.
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>

#include "uccert/pki/secret.h"

namespace uccert::cli {

// The longest password the terminal prompt takes; a longer line is refused, not cut.
inline constexpr std::size_t kMaxTypedSecret = 1024;

// Colour only on a terminal that can show it: stdout a TTY, NO_COLOR unset or empty, and TERM set
// and not "dumb".
bool wants_color(bool out_is_tty, const char* no_color, const char* term);

struct Console {
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  bool out_is_tty = false;   // colour and progress only on a TTY
  bool color = false;        // out_is_tty and NO_COLOR unset
  std::size_t width = 0;     // the terminal's columns when out_is_tty (text prose wraps there), else 0
  bool stdin_is_tty = false;
  bool err_is_tty = false;   // a progress line (scan) only on a terminal
  std::istream* in = nullptr;  // standard input (scan reads its targets there); nullptr: none
  // Reads a secret (PKCS#12 password) without echo; nullopt when there is no TTY, at end of
  // input, or when the line is longer than kMaxTypedSecret (said on the terminal).
  std::function<std::optional<pki::Secret>(const std::string& prompt)> read_secret;
  // Environment lookup (tests substitute their own).
  std::function<std::optional<std::string>(const std::string& name)> getenv;
  // Takes a secret out of the environment (--password-env): its value, after which the variable
  // is wiped and unset (take_environment_secret in password.h). When unset, `getenv` is used.
  std::function<std::optional<pki::Secret>(const std::string& name)> take_env_secret;

  // The real terminal: std::cout / std::cerr, isatty, NO_COLOR, /dev/tty prompts.
  static Console system();
};

// The prompt on the controlling terminal (/dev/tty) that Console::system() uses: echo off while
// typing; the line is read into a fixed buffer that is wiped, so no copy of the password is left
// in freed memory; SIGINT, SIGTERM, SIGHUP and SIGQUIT during the prompt restore the terminal's
// settings before the process dies of them.
std::optional<pki::Secret> read_secret_from_tty(const std::string& prompt);

}  // namespace uccert::cli
