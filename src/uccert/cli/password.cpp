#include "uccert/cli/password.h"

#include <CLI/CLI.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "uccert/pki/secret.h"

namespace uccert::cli {

namespace {

// A password file is one short line; anything longer is a mistake (the wrong file given).
constexpr std::size_t kMaxPasswordFile = 4096;

// Reads the file straight into a buffer that is wiped afterwards (no stream buffers keep copies).
Result<pki::Secret> read_password_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return Error{path + ": cannot read the password file: " + std::strerror(errno)};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Error{path + ": the password file is not a regular file"};
  }
  char buf[kMaxPasswordFile + 1];
  std::size_t size = 0;
  bool failed = false;
  while (size < sizeof buf) {
    ssize_t n = ::read(fd, buf + size, sizeof buf - size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) failed = true;
    if (n <= 0) break;
    size += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (failed) {
    pki::wipe(buf, sizeof buf);
    return Error{path + ": cannot read the password file"};
  }
  if (size > kMaxPasswordFile) {
    pki::wipe(buf, sizeof buf);
    return Error{path + ": the password file is larger than " + std::to_string(kMaxPasswordFile) + " bytes"};
  }
  // The first line only: `echo secret > pw.txt` and Notepad's CRLF both end the password.
  std::size_t end = 0;
  while (end < size && buf[end] != '\n' && buf[end] != '\r') ++end;
  pki::Secret secret(buf, end);
  pki::wipe(buf, sizeof buf);
  return secret;
}

}  // namespace

std::optional<pki::Secret> take_environment_secret(const std::string& name) {
  if (name.empty() || name.find('=') != std::string::npos) return std::nullopt;
  char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  const std::size_t size = std::strlen(value);
  pki::Secret secret(value, size);
  pki::wipe(value, size);
  ::unsetenv(name.c_str());
  return secret;
}

Result<pki::PasswordSource> make_password_source(const PasswordOptions& options, Console& console) {
  if (!options.file.empty() && !options.env_var.empty()) {
    return Error{"give the PKCS#12 password with --password-file or --password-env, not both"};
  }
  if (!options.file.empty() || !options.env_var.empty()) {
    std::shared_ptr<pki::Secret> secret;
    if (!options.file.empty()) {
      auto read = read_password_file(options.file);
      if (!read) return read.error();
      secret = std::make_shared<pki::Secret>(std::move(read.value()));
    } else {
      std::optional<pki::Secret> value;
      if (console.take_env_secret) {
        value = console.take_env_secret(options.env_var);
      } else if (console.getenv) {
        if (std::optional<std::string> copy = console.getenv(options.env_var)) value.emplace(std::move(*copy));
      }
      if (!value) return Error{"--password-env " + options.env_var + ": the environment variable is not set"};
      secret = std::make_shared<pki::Secret>(std::move(*value));
    }
    return pki::PasswordSource([secret](const std::string&) -> std::optional<pki::Secret> {
      return pki::Secret(secret->data(), secret->size());
    });
  }
  Console* con = &console;
  return pki::PasswordSource([con](const std::string& path) -> std::optional<pki::Secret> {
    if (!con->stdin_is_tty || !con->read_secret) return std::nullopt;
    return con->read_secret("Password for " + path + ": ");
  });
}

void add_password_options(CLI::App& command, PasswordOptions& o) {
  const CLI::Validator not_empty(
      [](const std::string& v) { return v.empty() ? std::string("is empty") : std::string(); }, "", "not empty");
  command.add_option("--password-file", o.file, "PKCS#12 password: the first line of this file")->check(not_empty);
  command.add_option("--password-env", o.env_var, "PKCS#12 password: the value of this environment variable")
      ->check(not_empty);
}

}  // namespace uccert::cli
