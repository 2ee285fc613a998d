// Runs a whole uccert command in-process against string streams.
#pragma once

#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "uccert/cli/app.h"
#include "uccert/cli/console.h"
#include "uccert/pki/secret.h"

namespace uccert::testing {

struct CommandResult {
  int exit = -1;
  std::string out;
  std::string err;
};

struct FakeTerminal {
  std::map<std::string, std::string> env;
  bool color = false;
  bool stdin_is_tty = false;
  std::optional<std::string> typed_password;  // what read_secret returns
  std::vector<std::string> prompts;           // what it was asked

  CommandResult run(const std::vector<std::string>& args) {
    std::ostringstream out;
    std::ostringstream err;
    cli::Console console;
    console.out = &out;
    console.err = &err;
    console.out_is_tty = color;
    console.color = color;
    console.stdin_is_tty = stdin_is_tty;
    console.read_secret = [this](const std::string& prompt) -> std::optional<pki::Secret> {
      prompts.push_back(prompt);
      if (!typed_password) return std::nullopt;
      return pki::Secret(typed_password->data(), typed_password->size());
    };
    console.getenv = [this](const std::string& name) -> std::optional<std::string> {
      auto it = env.find(name);
      if (it == env.end()) return std::nullopt;
      return it->second;
    };
    CommandResult r;
    r.exit = cli::run(args, console);
    r.out = out.str();
    r.err = err.str();
    return r;
  }
};

inline CommandResult run_uccert(const std::vector<std::string>& args) {
  FakeTerminal t;
  return t.run(args);
}

inline std::size_t count_lines(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) n += c == '\n' ? 1 : 0;
  return n;
}

}  // namespace uccert::testing
