// A lab brought up by the real `uccert lab up` binary for the live tests, and the small process
// helpers they share: run a program with its output captured and a deadline, see whether a
// port on 127.0.0.1 listens.
#pragma once

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/inspect_helpers.h"
#include "uccert/lab/check_list.h"
#include "uccert/lab/scenario.h"
#include "uccert/lab/session.h"

extern char** environ;

namespace uccert::testing {

namespace live_lab_fs = std::filesystem;

inline const std::string kUccert = UCCERT_BINARY_DIR "/apps/uccert";

inline std::string read_all(const live_lab_fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline live_lab_fs::path scratch(const std::string& name) {
  return live_lab_fs::temp_directory_path() /
         ("uccert-lablive-" + name + "-" + std::to_string(::getpid()) + "-" +
          std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
}

struct Process {
  pid_t pid = -1;
  live_lab_fs::path out, err;
};

// Starts `argv` (argv[0] an absolute path) with stdin from /dev/null, stdout and stderr to LOGS.out and LOGS.err.
inline Process spawn_program(std::vector<std::string> argv, const live_lab_fs::path& logs) {
  Process p;
  p.out = logs.string() + ".out";
  p.err = logs.string() + ".err";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, p.out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, p.err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> cargs;
  for (auto& a : argv) cargs.push_back(a.data());
  cargs.push_back(nullptr);
  if (posix_spawn(&p.pid, argv[0].c_str(), &fa, nullptr, cargs.data(), environ) != 0) p.pid = -1;
  posix_spawn_file_actions_destroy(&fa);
  return p;
}

// `uccert ARGS...`, the binary this build made.
inline Process spawn(const std::vector<std::string>& args, const live_lab_fs::path& logs) {
  std::vector<std::string> argv = {kUccert};
  argv.insert(argv.end(), args.begin(), args.end());
  return spawn_program(std::move(argv), logs);
}

// Waits for the process; -1 when it did not end within `seconds` (it is then killed).
inline int wait_exit(pid_t pid, int seconds) {
  for (int i = 0; i < seconds * 20; ++i) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid)
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return -1;
}

inline CommandResult finish(const Process& p, int seconds) {
  CommandResult r;
  if (p.pid < 0) return r;
  r.exit = wait_exit(p.pid, seconds);
  r.out = read_all(p.out);
  r.err = read_all(p.err);
  live_lab_fs::remove(p.out);
  live_lab_fs::remove(p.err);
  return r;
}

inline CommandResult run_binary(const std::vector<std::string>& args, const live_lab_fs::path& logs, int seconds = 60) {
  return finish(spawn(args, logs), seconds);
}

inline CommandResult run_program(const std::vector<std::string>& argv, const live_lab_fs::path& logs,
                                 int seconds = 30) {
  return finish(spawn_program(argv, logs), seconds);
}

inline bool listening(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

inline bool process_alive(pid_t pid) { return ::kill(pid, 0) == 0; }

// Every port the lab serves: HTTP, DNS (TCP), each endpoint.
inline std::vector<std::uint16_t> lab_ports(const lab::LabState& s) {
  std::vector<std::uint16_t> out = {s.http_port, s.dns_port};
  for (const auto& e : s.endpoints) out.push_back(e.lab_port);
  return out;
}

// A lab brought up detached for one test suite and brought down at its end.
class LiveLab {
 public:
  explicit LiveLab(const std::string& scenario) : dir_(scratch(scenario)) {
    up_ = run_binary({"lab", "up", scenario, "--detach", "--dir", dir_.string()}, dir_.string() + "-up");
    if (up_.exit == 0) {
      auto s = lab::read_lab_state(dir_);
      if (s) state_ = *s;
      auto checks = lab::parse_checks_tsv(read_all(dir_ / "checks.tsv"));
      if (checks) checks_ = *checks;
    }
  }
  ~LiveLab() {
    run_binary({"lab", "down", "--dir", dir_.string()}, dir_.string() + "-down");
    for (const char* suffix : {"-up.out", "-up.err", "-down.out", "-down.err"})
      live_lab_fs::remove(dir_.string() + suffix);
  }
  bool up() const { return up_.exit == 0 && state_.pid > 0; }
  std::string why() const { return up_.out + up_.err; }
  const live_lab_fs::path& dir() const { return dir_; }
  const lab::LabState& state() const { return state_; }
  const std::vector<lab::LabCheck>& checks() const { return checks_; }

  std::vector<std::string> trust_args() const {
    return {"--enterprise-root", (dir_ / "ca" / "contoso-root.pem").string(), "--public-roots",
            (dir_ / "ca" / "public-root.pem").string()};
  }
  // `uccert audit DIR/topology.toml` against the lab, as JSON.
  CommandResult audit(const std::vector<std::string>& extra = {}) const {
    std::vector<std::string> a = {"audit", (dir_ / "topology.toml").string(), "--format", "json", "--dns-server",
                                  "127.0.0.1:" + std::to_string(state_.dns_port), "--public-roots",
                                  (dir_ / "ca" / "public-root.pem").string()};
    for (const auto& c : state_.connect_to_options()) a.insert(a.end(), {"--connect-to", c});
    a.insert(a.end(), extra.begin(), extra.end());
    return run_uccert(a);
  }
  CommandResult discover(const std::string& domain, std::vector<std::string> extra = {}) const {
    std::vector<std::string> a = {"discover", domain, "--format", "json", "--dns-server",
                                  "127.0.0.1:" + std::to_string(state_.dns_port)};
    for (const auto& c : state_.connect_to_options()) a.insert(a.end(), {"--connect-to", c});
    for (const auto& t : trust_args()) a.push_back(t);
    a.insert(a.end(), extra.begin(), extra.end());
    return run_uccert(a);
  }

 private:
  live_lab_fs::path dir_;
  CommandResult up_;
  lab::LabState state_;
  std::vector<lab::LabCheck> checks_;
};

}  // namespace uccert::testing
