#include "uccert/cli/argv_secrets.h"

#include <cstring>
#include <string_view>

#include "uccert/pki/secret.h"

namespace uccert::cli {

namespace {

constexpr std::string_view kOption = "--password";

enum class Spelling { kNone, kSeparateValue, kJoinedValue };

// Exactly "--password" or "--password=...": --password-file and --password-env are fine.
Spelling spelling(std::string_view arg) {
  if (arg == kOption) return Spelling::kSeparateValue;
  if (arg.size() > kOption.size() && arg.substr(0, kOption.size()) == kOption && arg[kOption.size()] == '=')
    return Spelling::kJoinedValue;
  return Spelling::kNone;
}

Error refusal() { return Error{kPasswordArgumentRefused}; }

}  // namespace

std::optional<Error> refuse_password_arguments(int argc, char** argv) {
  bool found = false;
  for (int i = 1; i < argc && argv != nullptr; ++i) {
    char* arg = argv[i];
    if (arg == nullptr) break;
    switch (spelling(arg)) {
      case Spelling::kNone:
        break;
      case Spelling::kJoinedValue: {
        char* value = arg + kOption.size() + 1;
        pki::wipe(value, std::strlen(value));
        found = true;
        break;
      }
      case Spelling::kSeparateValue:
        found = true;
        // The next argument is the value CLI11 would have taken, whatever it looks like.
        if (i + 1 < argc && argv[i + 1] != nullptr) {
          ++i;
          pki::wipe(argv[i], std::strlen(argv[i]));
        }
        break;
    }
  }
  if (found) return refusal();
  return std::nullopt;
}

std::optional<Error> refuse_password_arguments(const std::vector<std::string>& args) {
  for (const std::string& arg : args) {
    if (spelling(arg) != Spelling::kNone) return refusal();
  }
  return std::nullopt;
}

}  // namespace uccert::cli
