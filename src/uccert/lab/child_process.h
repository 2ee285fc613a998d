// A program the lab starts and owns: its output to a log file, stopped with SIGTERM (then
// SIGKILL after 5 seconds) when asked or when this object goes away, and killed by the kernel if
// the process that started it dies first (PR_SET_PDEATHSIG), so nothing outlives the lab.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace uccert::lab {

class ChildProcess {
 public:
  ChildProcess() = default;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess() { stop(); }

  // Starts argv[0] (an absolute path) with stdin from /dev/null and stdout and stderr appended to
  // `log` (empty: /dev/null). False when it could not be started.
  bool start(const std::vector<std::string>& argv, const std::filesystem::path& log);
  // Still running (false once it exited; it is then reaped).
  bool running();
  void stop();
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

}  // namespace uccert::lab
