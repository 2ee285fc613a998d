// Secrets on a shared workstation (docs/security.md): private keys are written 0600, through a
// temporary name and a rename (never truncated in place, never through a planted link);
// PKCS#12 passwords are never taken from the command line and never appear in any output; the
// terminal prompt never echoes, and gives the terminal its echo back even when interrupted.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "integration/hostile_server.h"
#include "uccert/lab/mint.h"

namespace uccert::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void write_plain(const fs::path& p, const std::string& text) {
  std::ofstream f(p, std::ios::binary);
  f << text;
}

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
  return st.st_mode;
}

ino_t inode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
  return st.st_ino;
}

// uccert on a pseudo-terminal of its own, as when a person runs it in a terminal window: the pty
// is its controlling terminal (/dev/tty, where the prompt goes) and its stdin, stdout and stderr.
// The test holds both ends, so it can read the terminal's settings after the child is gone.
class PtyRun {
 public:
  explicit PtyRun(const std::vector<std::string>& args) {
    winsize ws{};
    ws.ws_row = 50;
    ws.ws_col = 200;
    if (::openpty(&master_, &slave_, nullptr, nullptr, &ws) != 0) {
      ADD_FAILURE() << "openpty failed";
      return;
    }
    termios t{};
    ::tcgetattr(slave_, &t);
    t.c_lflag |= ECHO | ICANON | ISIG;  // a terminal as a shell leaves it: echo on
    ::tcsetattr(slave_, TCSANOW, &t);
    // Everything the child needs is built before fork.
    std::vector<std::string> arg_strings = args;
    std::vector<char*> argv;
    for (auto& a : arg_strings) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_strings = {"NO_COLOR=1", "PATH=/usr/bin:/bin", "LANG=C.UTF-8"};
    std::vector<char*> envp;
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::setsid();
      ::ioctl(slave_, TIOCSCTTY, 0);
      ::dup2(slave_, STDIN_FILENO);
      ::dup2(slave_, STDOUT_FILENO);
      ::dup2(slave_, STDERR_FILENO);
      ::close(master_);
      ::close(slave_);
      const rlimit no_core{0, 0};  // SIGQUIT's default action would write a core file
      ::setrlimit(RLIMIT_CORE, &no_core);
      sigset_t none;
      ::sigemptyset(&none);
      ::sigprocmask(SIG_SETMASK, &none, nullptr);
      for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) ::signal(sig, SIG_DFL);
      ::execve(argv[0], argv.data(), envp.data());
      ::_exit(127);
    }
  }
  ~PtyRun() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status_, 0);
    }
    if (master_ >= 0) ::close(master_);
    if (slave_ >= 0) ::close(slave_);
  }
  PtyRun(const PtyRun&) = delete;
  PtyRun& operator=(const PtyRun&) = delete;

  pid_t pid() const { return pid_; }
  int status() const { return status_; }
  const std::string& shown() const { return shown_; }  // everything the terminal displayed

  // Reads the terminal until `text` is shown; false when it is not within `limit`.
  bool wait_for(const std::string& text, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (shown_.find(text) == std::string::npos) {
      if (std::chrono::steady_clock::now() >= deadline || exited()) return shown_.find(text) != std::string::npos;
      pump(100);
    }
    return true;
  }
  void type(const std::string& keys) {
    ASSERT_EQ(::write(master_, keys.data(), keys.size()), static_cast<ssize_t>(keys.size()));
  }
  bool echo_on() const {
    termios t{};
    EXPECT_EQ(::tcgetattr(slave_, &t), 0);
    return (t.c_lflag & ECHO) != 0;
  }
  // Waits for the child to end, reading the terminal meanwhile (a full pty would block it).
  bool wait_exit(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!exited()) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      pump(50);
    }
    pump(0);
    return true;
  }

 private:
  bool exited() {
    if (!exited_ && pid_ > 0 && ::waitpid(pid_, &status_, WNOHANG) == pid_) exited_ = true;
    return exited_;
  }
  void pump(int timeout_ms) {
    for (;;) {
      pollfd p{master_, POLLIN, 0};
      if (::poll(&p, 1, timeout_ms) <= 0 || (p.revents & POLLIN) == 0) return;
      char buf[4096];
      const ssize_t n = ::read(master_, buf, sizeof buf);
      if (n <= 0) return;
      shown_.append(buf, static_cast<std::size_t>(n));
      timeout_ms = 0;  // then drain what is already there
    }
  }

  int master_ = -1;
  int slave_ = -1;
  pid_t pid_ = -1;
  bool exited_ = false;
  int status_ = 0;
  std::string shown_;
};

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exit " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return std::string("killed by ") + ::strsignal(WTERMSIG(status));
  return "status " + std::to_string(status);
}

class Secrets : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("uccert-secrets-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    old_umask_ = ::umask(022);  // the usual umask: files would be world-readable by default
    key_ = lab::KeyPair::cached(lab::KeySpec::ec());
    root_ = std::make_unique<lab::Minted>(lab::mint(lab::root_ca_spec("Secrets Root"), key_));
    leaf_ = std::make_unique<lab::Minted>(
        lab::mint(lab::server_spec("sip.contoso.test", {"sip.contoso.test"}), key_, root_.get()));
  }
  void TearDown() override {
    ::umask(old_umask_);
    fs::remove_all(dir_);
  }

  // Only the files the test expects: no temporary left behind.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  ChildOutcome uccert(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
    std::vector<std::string> argv = {UCCERT_EXE};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv, 60s, env);
  }

  fs::path pfx_with_password(const std::string& password) {
    lab::Pkcs12Options o;
    o.password = password;
    o.friendly_name = "Lync pool";
    auto p = dir_ / "pool.pfx";
    EXPECT_TRUE(lab::write_pkcs12(p, {*leaf_, *root_}, o).ok());
    return p;
  }

  fs::path dir_;
  mode_t old_umask_ = 022;
  lab::KeyPair key_ = lab::KeyPair::cached(lab::KeySpec::ec());
  std::unique_ptr<lab::Minted> root_, leaf_;
};

TEST_F(Secrets, PrivateKeyIsOwnerOnly) {
  auto p = dir_ / "pool.key";
  ASSERT_TRUE(lab::write_private_key(p, key_).ok());
  EXPECT_EQ(mode_of(p) & 07777, 0600U);
  EXPECT_TRUE(S_ISREG(mode_of(p)));
  EXPECT_THAT(read_file(p), HasSubstr("PRIVATE KEY"));
  EXPECT_EQ(entries(), std::vector<std::string>{"pool.key"});
}

TEST_F(Secrets, Pkcs12WithKeyIsOwnerOnly) {
  auto p = pfx_with_password("Tr0ub4dor-77");
  EXPECT_EQ(mode_of(p) & 07777, 0600U);
  EXPECT_EQ(entries(), std::vector<std::string>{"pool.pfx"});
}

// Overwriting goes through a new file renamed into place: a hard link to the old file (made by
// another user, or a backup) keeps the old bytes and never receives the key; the new file does
// not inherit the old file's wider mode.
TEST_F(Secrets, OverwriteIsRenameNotTruncate) {
  auto p = dir_ / "pool.key";
  auto link = dir_ / "other-name";
  write_plain(p, "old contents\n");
  ::chmod(p.c_str(), 0644);
  fs::create_hard_link(p, link);
  const ino_t before = inode_of(p);
  ASSERT_TRUE(lab::write_private_key(p, key_).ok());
  EXPECT_NE(inode_of(p), before);
  EXPECT_EQ(read_file(link), "old contents\n");
  EXPECT_EQ(mode_of(p) & 07777, 0600U);
  EXPECT_EQ(entries(), (std::vector<std::string>{"other-name", "pool.key"}));
}

// A symbolic link planted at the key's name is replaced, not followed: the file it points to
// is left alone.
TEST_F(Secrets, PlantedSymlinkIsNotFollowed) {
  auto victim = dir_ / "victim.txt";
  auto p = dir_ / "pool.key";
  write_plain(victim, "victim\n");
  fs::create_symlink(victim, p);
  ASSERT_TRUE(lab::write_private_key(p, key_).ok());
  EXPECT_EQ(read_file(victim), "victim\n");
  EXPECT_FALSE(S_ISLNK(mode_of(p)));
  EXPECT_EQ(mode_of(p) & 07777, 0600U);
}

// A write that cannot complete leaves neither a half-written key nor a temporary file.
TEST_F(Secrets, FailedWriteLeavesNothing) {
  auto target = dir_ / "a-directory";
  fs::create_directories(target);
  auto s = lab::write_private_key(target, key_);
  EXPECT_FALSE(s.ok());
  if (!s.ok()) {
    EXPECT_THAT(s.error().message, HasSubstr(target.string()));
  }
  EXPECT_EQ(entries(), std::vector<std::string>{"a-directory"});
  EXPECT_TRUE(fs::is_empty(target));
}

// Refused before the command line is parsed (cli/argv_secrets.h): the same one line for every
// command and spelling, the value never echoed back.
TEST_F(Secrets, PasswordArgumentIsRefused) {
  auto pfx = pfx_with_password("Tr0ub4dor-77");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"inspect", "--password", "Tr0ub4dor-77", pfx.string()},
        std::vector<std::string>{"inspect", "--password=Tr0ub4dor-77", pfx.string()},
        std::vector<std::string>{"inspect", pfx.string(), "--password", "Tr0ub4dor-77", "--format", "json"},
        std::vector<std::string>{"check", pfx.string(), "--name", "sip.contoso.test", "--password", "Tr0ub4dor-77"}}) {
    auto out = uccert(args);
    EXPECT_EQ(out.exit_code, 3) << out.err;
    EXPECT_THAT(out.err, HasSubstr("--password is refused"));
    EXPECT_THAT(out.err, HasSubstr("--password-file FILE or --password-env VAR"));
    EXPECT_EQ(std::count(out.err.begin(), out.err.end(), '\n'), 1) << out.err;
    EXPECT_THAT(out.output + out.err, Not(HasSubstr("Tr0ub4dor-77")));
    // Refused before the file is opened: no report of its contents.
    EXPECT_THAT(out.output, Not(HasSubstr("sip.contoso.test")));
  }
}

// The terminal prompt (no --password-file / --password-env, stdin a terminal): echo is off while
// the password is typed, the password never shows on the terminal, and the file opens.
TEST_F(Secrets, TerminalPromptDoesNotEcho) {
  auto pfx = pfx_with_password("Tr0ub4dor-77");
  PtyRun run({UCCERT_EXE, "inspect", pfx.string()});
  ASSERT_TRUE(run.wait_for("Password for", 30s)) << run.shown();
  EXPECT_FALSE(run.echo_on()) << "echo must be off at the prompt";
  run.type("Tr0ub4dor-77\n");
  ASSERT_TRUE(run.wait_exit(60s)) << run.shown();
  EXPECT_EQ(describe_status(run.status()), "exit 0") << run.shown();
  EXPECT_THAT(run.shown(), HasSubstr(pfx.string()));
  EXPECT_THAT(run.shown(), HasSubstr("sip.contoso.test")) << "the file was opened with the typed password";
  EXPECT_THAT(run.shown(), Not(HasSubstr("Tr0ub4dor")));
  EXPECT_TRUE(run.echo_on());
}

// Interrupted at the prompt (Ctrl-C typed, or SIGINT/SIGTERM/SIGHUP/SIGQUIT from outside): uccert
// dies of that signal, as it would without a prompt, but gives the terminal its echo back first.
TEST_F(Secrets, InterruptedPromptRestoresEcho) {
  auto pfx = pfx_with_password("Tr0ub4dor-77");
  struct Case {
    const char* name;
    int signal;
    bool typed;  // Ctrl-C on the keyboard rather than kill(2)
  };
  for (const Case& c : {Case{"Ctrl-C", SIGINT, true}, Case{"SIGINT", SIGINT, false}, Case{"SIGTERM", SIGTERM, false},
                        Case{"SIGHUP", SIGHUP, false}, Case{"SIGQUIT", SIGQUIT, false}}) {
    SCOPED_TRACE(c.name);
    PtyRun run({UCCERT_EXE, "inspect", pfx.string()});
    ASSERT_TRUE(run.wait_for("Password for", 30s)) << run.shown();
    ASSERT_FALSE(run.echo_on()) << "echo must be off at the prompt";
    run.type("Tr0ub");  // half a password, no Enter yet
    if (c.typed) {
      run.type("\x03");
    } else {
      ASSERT_EQ(::kill(run.pid(), c.signal), 0);
    }
    ASSERT_TRUE(run.wait_exit(30s)) << run.shown();
    EXPECT_EQ(describe_status(run.status()), std::string("killed by ") + ::strsignal(c.signal)) << run.shown();
    EXPECT_TRUE(run.echo_on()) << "the terminal was left without echo";
    EXPECT_THAT(run.shown(), Not(HasSubstr("Tr0ub")));
  }
}

// A line longer than the prompt takes is refused as a whole (not cut to a wrong password), said
// on the terminal, and never echoed.
TEST_F(Secrets, OverlongTypedPasswordIsRefused) {
  auto pfx = pfx_with_password("Tr0ub4dor-77");
  PtyRun run({UCCERT_EXE, "inspect", pfx.string()});
  ASSERT_TRUE(run.wait_for("Password for", 30s)) << run.shown();
  run.type(std::string(1100, 'q') + "\n");
  ASSERT_TRUE(run.wait_exit(60s)) << run.shown();
  EXPECT_EQ(describe_status(run.status()), "exit 3") << run.shown();
  EXPECT_THAT(run.shown(), HasSubstr("longer than 1024 characters"));
  EXPECT_THAT(run.shown(), Not(HasSubstr("qqqq")));
  EXPECT_TRUE(run.echo_on());
}

TEST_F(Secrets, PasswordFromFileNeverPrinted) {
  auto pfx = pfx_with_password("Tr0ub4dor-77");
  auto pw = dir_ / "pw.txt";
  write_plain(pw, "Tr0ub4dor-77\r\n");
  ::chmod(pw.c_str(), 0600);
  for (const char* format : {"text", "json"}) {
    auto out = uccert({"inspect", "--password-file", pw.string(), "--format", format, pfx.string()});
    EXPECT_EQ(out.exit_code, 0) << out.err;
    EXPECT_THAT(out.output, HasSubstr("sip.contoso.test")) << "the file was opened with the password";
    EXPECT_THAT(out.output + out.err, Not(HasSubstr("Tr0ub4dor")));
  }
}

TEST_F(Secrets, PasswordFromEnvironmentNeverPrinted) {
  auto pfx = pfx_with_password("Tr0ub4dor-77");
  auto out = uccert({"inspect", "--password-env", "UCCERT_TEST_PFX_PASSWORD", "--format", "json", pfx.string()},
                    {"UCCERT_TEST_PFX_PASSWORD=Tr0ub4dor-77"});
  EXPECT_EQ(out.exit_code, 0) << out.err;
  EXPECT_THAT(out.output, HasSubstr("sip.contoso.test"));
  EXPECT_THAT(out.output + out.err, Not(HasSubstr("Tr0ub4dor")));
}

TEST_F(Secrets, WrongPasswordNotEchoed) {
  auto pfx = pfx_with_password("Tr0ub4dor-77");
  auto pw = dir_ / "pw.txt";
  write_plain(pw, "Wr0ng-Guess-42\n");
  auto out = uccert({"inspect", "--password-file", pw.string(), pfx.string()});
  EXPECT_EQ(out.exit_code, 3);
  EXPECT_THAT(out.err, HasSubstr("wrong password"));
  EXPECT_THAT(out.output + out.err, Not(HasSubstr("Wr0ng-Guess")));
  EXPECT_THAT(out.output + out.err, Not(HasSubstr("Tr0ub4dor")));
}

// A PEM file holding a private key next to the certificate: the key is skipped, never shown.
TEST_F(Secrets, PrivateKeyInPemNeverPrinted) {
  const std::string key_pem = key_.pem_private();
  auto p = dir_ / "bundle.pem";
  write_plain(p, leaf_->pem() + key_pem + root_->pem());
  // A stretch of the key's base64 body that cannot occur by chance in a report.
  const std::size_t body = key_pem.find('\n') + 1;
  const std::string fragment = key_pem.substr(body, 40);
  for (const char* format : {"text", "json"}) {
    auto out = uccert({"inspect", "--format", format, p.string()});
    EXPECT_EQ(out.exit_code, 0) << out.err;
    EXPECT_THAT(out.output, HasSubstr("sip.contoso.test"));
    EXPECT_THAT(out.output + out.err, Not(HasSubstr(fragment)));
  }
}

}  // namespace
}  // namespace uccert::testing
