#include "uccert/cli/console.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string_view>

#include "uccert/cli/password.h"

namespace uccert::cli {

namespace {

// What the signal handler needs to give the terminal its echo back: written before the handlers
// are installed, read only by them.
volatile std::sig_atomic_t g_prompt_tty = -1;
termios g_prompt_saved{};

// The signals whose default action ends the process from the keyboard or from outside
// (Ctrl-C, Ctrl-\, kill, a closed terminal window).
constexpr std::array<int, 4> kPromptSignals = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

// Async-signal-safe only: tcflush, tcsetattr, write and raise. SA_RESETHAND has put the default
// action back, so the raised signal ends the process as it would have without the prompt (exit
// status and core dump included) once this handler returns.
void restore_echo_and_reraise(int sig) {
  const int saved_errno = errno;
  const int fd = g_prompt_tty;
  if (fd >= 0) {
    // The part of the password typed so far is thrown away first: left in the terminal's input,
    // it would be echoed once echo is back on and read by the shell as its next command line.
    ::tcflush(fd, TCIFLUSH);
    ::tcsetattr(fd, TCSANOW, &g_prompt_saved);
    (void)!::write(fd, "\n", 1);  // the shell's prompt starts on a line of its own
  }
  ::raise(sig);
  errno = saved_errno;
}

// Installs restore_echo_and_reraise for the prompt's duration and puts the previous handlers
// back. A signal someone chose to ignore (nohup) or to handle stays theirs.
class PromptSignalGuard {
 public:
  PromptSignalGuard(int fd, const termios& saved) {
    g_prompt_saved = saved;
    g_prompt_tty = fd;
    struct sigaction handler {};
    handler.sa_handler = restore_echo_and_reraise;
    handler.sa_flags = SA_RESETHAND;
    sigemptyset(&handler.sa_mask);
    for (std::size_t i = 0; i < kPromptSignals.size(); ++i) {
      if (::sigaction(kPromptSignals[i], nullptr, &previous_[i]) != 0) continue;
      if ((previous_[i].sa_flags & SA_SIGINFO) != 0 || previous_[i].sa_handler != SIG_DFL) continue;
      installed_[i] = ::sigaction(kPromptSignals[i], &handler, nullptr) == 0;
    }
  }
  ~PromptSignalGuard() {
    for (std::size_t i = 0; i < kPromptSignals.size(); ++i) {
      if (installed_[i]) ::sigaction(kPromptSignals[i], &previous_[i], nullptr);
    }
    g_prompt_tty = -1;
  }
  PromptSignalGuard(const PromptSignalGuard&) = delete;
  PromptSignalGuard& operator=(const PromptSignalGuard&) = delete;

 private:
  std::array<struct sigaction, kPromptSignals.size()> previous_{};
  std::array<bool, kPromptSignals.size()> installed_{};
};

}  // namespace

std::optional<pki::Secret> read_secret_from_tty(const std::string& prompt) {
  const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  termios old{};
  const bool have_termios = ::tcgetattr(fd, &old) == 0;
  std::optional<pki::Secret> result;
  {
    // Handlers first, then echo off: there is no moment when echo is off and a Ctrl-C would
    // leave it so.
    std::optional<PromptSignalGuard> guard;
    if (have_termios) {
      guard.emplace(fd, old);
      termios quiet = old;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      ::tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    (void)!::write(fd, prompt.data(), prompt.size());

    // The line goes into storage that never moves and is wiped below: a growing std::string
    // would leave copies of the first characters in freed memory at each reallocation.
    std::array<char, kMaxTypedSecret> typed{};
    std::size_t size = 0;
    bool too_long = false;
    bool ended = false;  // end of input (Ctrl-D) or a read error
    char c = 0;
    for (;;) {
      const ssize_t n = ::read(fd, &c, 1);
      if (n < 0 && errno == EINTR) continue;
      if (n != 1) {
        ended = true;
        break;
      }
      if (c == '\n' || c == '\r') break;
      if (size < typed.size()) {
        typed[size++] = c;
      } else {
        too_long = true;  // read on to the end of the line, keeping nothing more
      }
    }
    pki::wipe(&c, sizeof c);
    (void)!::write(fd, "\n", 1);
    if (too_long) {
      static constexpr char kTooLong[] = "uccert: the password typed is longer than 1024 characters: not taken\n";
      static_assert(kMaxTypedSecret == 1024, "keep the message in step");
      (void)!::write(fd, kTooLong, sizeof kTooLong - 1);
    } else if (!(ended && size == 0)) {
      result.emplace(typed.data(), size);  // one allocation, sized up front (pki::Secret)
    }
    pki::wipe(typed.data(), typed.size());
    if (have_termios) ::tcsetattr(fd, TCSAFLUSH, &old);
  }  // handlers restored only after the terminal is
  ::close(fd);
  return result;
}

bool wants_color(bool out_is_tty, const char* no_color, const char* term) {
  if (!out_is_tty) return false;
  if (no_color != nullptr && *no_color != '\0') return false;  // https://no-color.org
  // A terminal that says it cannot do escapes (TERM=dumb: Emacs shells, some CI consoles), or
  // says nothing at all, gets plain text.
  if (term == nullptr || *term == '\0' || std::string_view(term) == "dumb") return false;
  return true;
}

Console Console::system() {
  Console c;
  c.out = &std::cout;
  c.err = &std::cerr;
  c.out_is_tty = ::isatty(STDOUT_FILENO) == 1;
  c.stdin_is_tty = ::isatty(STDIN_FILENO) == 1;
  c.err_is_tty = ::isatty(STDERR_FILENO) == 1;
  c.in = &std::cin;
  c.color = wants_color(c.out_is_tty, std::getenv("NO_COLOR"), std::getenv("TERM"));
  winsize size{};
  if (c.out_is_tty && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) c.width = size.ws_col;
  c.read_secret = read_secret_from_tty;
  c.getenv = [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
  c.take_env_secret = take_environment_secret;
  return c;
}

}  // namespace uccert::cli
