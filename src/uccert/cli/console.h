// All terminal I/O of a command goes through a Console, so tests run whole commands in-process
// and capture what a person would see.
#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>

namespace uccert::cli {

struct Console {
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  bool out_is_tty = false;   // colour and progress only on a TTY
  bool color = false;        // out_is_tty and NO_COLOR unset
  bool stdin_is_tty = false;
  // Reads a secret (PKCS#12 password) without echo; nullopt when there is no TTY.
  std::function<std::optional<std::string>(const std::string& prompt)> read_secret;
  // Environment lookup (tests substitute their own).
  std::function<std::optional<std::string>(const std::string& name)> getenv;

  // The real terminal: std::cout / std::cerr, isatty, NO_COLOR, /dev/tty prompts.
  static Console system();
};

}  // namespace uccert::cli
