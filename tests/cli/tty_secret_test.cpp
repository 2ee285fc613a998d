// The terminal prompt (cli/console.h, read_secret_from_tty) on a real pseudo-terminal, in a
// child process whose controlling terminal it is: the typed password comes back whole, and no
// copy of it is left in freed memory (a std::string grown one character at a time would leave
// its first characters behind at each reallocation).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "lab/freed_memory_watch.h"
#include "uccert/cli/console.h"

namespace uccert::cli {
namespace {

using testing::FreedMemoryWatch;

// Child exit codes.
constexpr int kOk = 0;
constexpr int kNothingRead = 3;
constexpr int kWrongValue = 4;
constexpr int kCopyLeftInFreedMemory = 5;
constexpr int kNoTerminal = 6;

std::string describe(int status) {
  if (!WIFEXITED(status)) return "did not exit normally (" + std::to_string(status) + ")";
  switch (WEXITSTATUS(status)) {
    case kOk: return "ok";
    case kNothingRead: return "read_secret_from_tty gave nothing";
    case kWrongValue: return "read_secret_from_tty gave another value";
    case kCopyLeftInFreedMemory: return "a copy of the typed password was freed without being wiped";
    case kNoTerminal: return "the pty could not be made the controlling terminal";
    default: return "exit " + std::to_string(WEXITSTATUS(status));
  }
}

struct Typed {
  int status = -1;
  std::string shown;  // what the terminal displayed
  bool exited = false;
};

// Runs read_secret_from_tty in a child on a fresh pty, types `keys` once the prompt shows.
Typed type_at_prompt(const std::string& keys, const std::string& expected, const std::string& needle) {
  Typed t;
  int master = -1;
  int slave = -1;
  if (::openpty(&master, &slave, nullptr, nullptr, nullptr) != 0) {
    ADD_FAILURE() << "openpty failed";
    return t;
  }
  termios echo_on{};
  ::tcgetattr(slave, &echo_on);
  echo_on.c_lflag |= ECHO | ICANON;
  ::tcsetattr(slave, TCSANOW, &echo_on);

  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(master);
    if (::setsid() < 0 || ::ioctl(slave, TIOCSCTTY, 0) != 0) ::_exit(kNoTerminal);
    int code = kOk;
    {
      FreedMemoryWatch watch(needle);
      {
        std::optional<pki::Secret> secret = read_secret_from_tty("Password: ");
        if (!secret) {
          code = kNothingRead;
        } else if (secret->view() != expected) {
          code = kWrongValue;
        }
      }  // the secret is gone: wiped, then freed
      if (code == kOk && watch.hits() != 0) code = kCopyLeftInFreedMemory;
    }
    ::_exit(code);
  }
  if (pid < 0) {
    ADD_FAILURE() << "fork failed";
    return t;
  }

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  bool typed = false;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{master, POLLIN, 0};
    if (::poll(&p, 1, 50) > 0 && (p.revents & POLLIN) != 0) {
      char buf[4096];
      const ssize_t n = ::read(master, buf, sizeof buf);
      if (n > 0) t.shown.append(buf, static_cast<std::size_t>(n));
    }
    if (!typed && t.shown.find("Password: ") != std::string::npos) {
      typed = ::write(master, keys.data(), keys.size()) == static_cast<ssize_t>(keys.size());
    }
    if (::waitpid(pid, &t.status, WNOHANG) == pid) {
      t.exited = true;
      break;
    }
  }
  if (!t.exited) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &t.status, 0);
  }
  // What the child wrote just before it exited is still in the pty (this process holds the
  // slave end open): read it all.
  for (;;) {
    pollfd p{master, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0 || (p.revents & POLLIN) == 0) break;
    char buf[4096];
    const ssize_t n = ::read(master, buf, sizeof buf);
    if (n <= 0) break;
    t.shown.append(buf, static_cast<std::size_t>(n));
  }
  ::close(master);
  ::close(slave);
  return t;
}

TEST(TtySecret, TypedPasswordComesBackAndLeavesNoCopy) {
  // Long enough that a growing std::string would reallocate several times (15, 30, 60 bytes).
  const std::string password = "Tr0ub4dor-5c0e9a7b3d1f4e2a8b6c0d9e7f1a3b5c-0123456789abcdef";
  const Typed t = type_at_prompt(password + "\n", password, password.substr(0, 24));
  ASSERT_TRUE(t.exited) << "the child did not finish: " << t.shown;
  EXPECT_EQ(describe(t.status), "ok") << t.shown;
  EXPECT_EQ(t.shown.find("Tr0ub4dor"), std::string::npos) << "echoed: " << t.shown;
}

TEST(TtySecret, EmptyLineIsAnEmptyPassword) {
  const Typed t = type_at_prompt("\n", "", "unused-needle-never-typed");
  ASSERT_TRUE(t.exited) << t.shown;
  EXPECT_EQ(describe(t.status), "ok") << t.shown;
}

TEST(TtySecret, OverlongLineIsRefusedAndSaidOnTheTerminal) {
  const std::string line(kMaxTypedSecret + 1, 'q');
  const Typed t = type_at_prompt(line + "\n", line, "unused-needle-never-typed");
  ASSERT_TRUE(t.exited) << t.shown;
  EXPECT_EQ(describe(t.status), "read_secret_from_tty gave nothing") << t.shown;
  EXPECT_NE(t.shown.find("longer than 1024 characters"), std::string::npos) << t.shown;
  EXPECT_EQ(t.shown.find("qqqq"), std::string::npos) << "echoed";
}

TEST(TtySecret, LongestAcceptedLine) {
  const std::string line(kMaxTypedSecret, 'k');
  const Typed t = type_at_prompt(line + "\n", line, "unused-needle-never-typed");
  ASSERT_TRUE(t.exited) << t.shown;
  EXPECT_EQ(describe(t.status), "ok") << t.shown;
}

}  // namespace
}  // namespace uccert::cli
