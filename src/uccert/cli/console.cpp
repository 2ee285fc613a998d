#include "uccert/cli/console.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace uccert::cli {

namespace {

std::optional<std::string> read_secret_from_tty(const std::string& prompt) {
  int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  termios old{};
  bool have_termios = ::tcgetattr(fd, &old) == 0;
  if (have_termios) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  (void)!::write(fd, prompt.data(), prompt.size());
  std::string secret;
  char c = 0;
  while (::read(fd, &c, 1) == 1 && c != '\n' && c != '\r') secret.push_back(c);
  (void)!::write(fd, "\n", 1);
  if (have_termios) ::tcsetattr(fd, TCSAFLUSH, &old);
  ::close(fd);
  return secret;
}

}  // namespace

Console Console::system() {
  Console c;
  c.out = &std::cout;
  c.err = &std::cerr;
  c.out_is_tty = ::isatty(STDOUT_FILENO) == 1;
  c.stdin_is_tty = ::isatty(STDIN_FILENO) == 1;
  const char* no_color = std::getenv("NO_COLOR");
  c.color = c.out_is_tty && (no_color == nullptr || *no_color == '\0');
  c.read_secret = read_secret_from_tty;
  c.getenv = [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
  return c;
}

}  // namespace uccert::cli
