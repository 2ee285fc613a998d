// --password-env VAR: the value is taken out of the process environment (wiped in place, then
// unset), so /proc/PID/environ stops showing it (docs/security.md, shared workstation).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "uccert/cli/console.h"
#include "uccert/cli/password.h"

extern char** environ;  // NOLINT: POSIX

namespace uccert::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A variable set after start: getenv points into the buffer handed to putenv, so the test can
// look at exactly the bytes the environment held.
TEST(PasswordEnvironment, TakenValueIsWipedAndUnset) {
  char entry[] = "UCCERT_TEST_TAKE_ME=Tr0ub4dor-env-77";
  // Whatever happens below, the environment must not keep pointing at this stack frame.
  struct UnsetAtExit {
    ~UnsetAtExit() { ::unsetenv("UCCERT_TEST_TAKE_ME"); }
  } unset_at_exit;
  ASSERT_EQ(::putenv(entry), 0);
  const char* value = std::getenv("UCCERT_TEST_TAKE_ME");
  ASSERT_EQ(value, entry + std::strlen("UCCERT_TEST_TAKE_ME="));

  std::optional<pki::Secret> taken = take_environment_secret("UCCERT_TEST_TAKE_ME");
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(taken->view(), "Tr0ub4dor-env-77");
  EXPECT_EQ(std::getenv("UCCERT_TEST_TAKE_ME"), nullptr);
  EXPECT_EQ(std::string(entry, sizeof entry - 1),
            std::string("UCCERT_TEST_TAKE_ME=") + std::string(std::strlen("Tr0ub4dor-env-77"), '\0'));
}

TEST(PasswordEnvironment, UnsetOrMalformedNameGivesNothing) {
  ::unsetenv("UCCERT_TEST_NOT_SET");
  EXPECT_FALSE(take_environment_secret("UCCERT_TEST_NOT_SET").has_value());
  EXPECT_FALSE(take_environment_secret("").has_value());
  EXPECT_FALSE(take_environment_secret("A=B").has_value());
}

// The path the command takes: make_password_source with the real Console's hook.
TEST(PasswordEnvironment, PasswordSourceTakesTheVariable) {
  ASSERT_EQ(::setenv("UCCERT_TEST_PFX_PW", "Tr0ub4dor-source", 1), 0);
  Console console = Console::system();
  PasswordOptions options;
  options.env_var = "UCCERT_TEST_PFX_PW";
  auto source = make_password_source(options, console);
  ASSERT_TRUE(source.ok()) << source.error().message;
  EXPECT_EQ(std::getenv("UCCERT_TEST_PFX_PW"), nullptr) << "taken when the source is made";
  auto secret = source.value()("pool.pfx");
  ASSERT_TRUE(secret.has_value());
  EXPECT_EQ(secret->view(), "Tr0ub4dor-source");
  // Asked again (several files), the source still has it.
  EXPECT_EQ(source.value()("other.pfx")->view(), "Tr0ub4dor-source");

  auto missing = make_password_source(options, console);
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.error().message, HasSubstr("UCCERT_TEST_PFX_PW"));
}

// ---------------------------------------------------------------------------------------------
// A variable the process started with lives in the original environment block, which is what
// /proc/PID/environ reads. The test runs itself again (this same test, by gtest filter) with the
// variable in its starting environment, and reads the child's /proc/PID/environ from outside
// before and after the child takes the variable.

constexpr const char* kChildMarker = "UCCERT_TEST_ENV_CHILD";  // its value: the child's end
constexpr const char* kVariable = "UCCERT_TEST_BLOCK_PW";

bool send_all(int fd, const std::string& s) {
  return ::send(fd, s.data(), s.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(s.size());
}

// Reads until `want` lines arrived or the deadline passed.
std::string read_lines(int fd, std::size_t want, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  std::string got;
  while (static_cast<std::size_t>(std::count(got.begin(), got.end(), '\n')) < want) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char buf[256];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    got.append(buf, static_cast<std::size_t>(n));
  }
  return got;
}

std::string proc_environ(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/environ", std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// In the child: say ready, wait for "go", take the variable, report what was taken, stay until
// the parent has looked.
[[noreturn]] void child_side(const char* channel) {
  const int fd = std::atoi(channel);
  send_all(fd, "ready\n");
  char go = 0;
  if (::read(fd, &go, 1) != 1) ::_exit(2);
  std::optional<pki::Secret> taken = take_environment_secret(kVariable);
  std::string report = taken ? "taken " + std::string(taken->view()) : std::string("taken nothing");
  report += std::getenv(kVariable) == nullptr ? "\nunset\n" : "\nstill set\n";
  send_all(fd, report);
  while (::read(fd, &go, 1) > 0) {
  }
  ::_exit(0);  // without gtest's summary
}

TEST(PasswordEnvironment, OriginalEnvironmentBlockIsWiped) {
  if (const char* channel = std::getenv(kChildMarker)) child_side(channel);

  const std::string value = "Tr0ub4dor-block-" + std::to_string(::getpid());
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);

  // Everything the child needs is built before fork.
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
  env_strings.push_back(std::string(kChildMarker) + "=" + std::to_string(sv[1]));
  env_strings.push_back(std::string(kVariable) + "=" + value);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::string exe = "/proc/self/exe";
  std::string filter = "--gtest_filter=PasswordEnvironment.OriginalEnvironmentBlockIsWiped";
  std::vector<char*> argv = {exe.data(), filter.data(), nullptr};

  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::fcntl(sv[1], F_SETFD, 0);  // the child's end survives exec
    const int null = ::open("/dev/null", O_WRONLY);
    if (null >= 0) {
      ::dup2(null, STDOUT_FILENO);
      ::dup2(null, STDERR_FILENO);
    }
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(sv[1]);

  const std::string ready = read_lines(sv[0], 1, std::chrono::seconds(60));
  EXPECT_EQ(ready, "ready\n");
  const std::string needle = std::string(kVariable) + "=" + value;
  if (ready == "ready\n") {
    // The method sees the value before: otherwise its absence after would prove nothing.
    EXPECT_THAT(proc_environ(pid), HasSubstr(needle));
    EXPECT_TRUE(send_all(sv[0], "g"));
    const std::string report = read_lines(sv[0], 2, std::chrono::seconds(60));
    EXPECT_EQ(report, "taken " + value + "\nunset\n");
    const std::string after = proc_environ(pid);
    EXPECT_THAT(after, Not(HasSubstr(value)));
    EXPECT_THAT(after, HasSubstr(std::string(kChildMarker) + "=")) << "the rest of the environment is still there";
  }

  ::close(sv[0]);  // lets the child go
  int status = 0;
  pid_t done = 0;
  for (int i = 0; i < 600 && done == 0; ++i) {
    done = ::waitpid(pid, &status, WNOHANG);
    if (done == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (done == 0) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    ADD_FAILURE() << "the child did not exit";
  } else {
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  }
}

}  // namespace
}  // namespace uccert::cli
