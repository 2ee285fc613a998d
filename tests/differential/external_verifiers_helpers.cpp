#include "differential/external_verifiers.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>

extern char** environ;

namespace uccert::testing::differential {

namespace {

// posix_spawn file actions, released on every path.
class FileActions {
 public:
  FileActions() { ::posix_spawn_file_actions_init(&actions_); }
  ~FileActions() { ::posix_spawn_file_actions_destroy(&actions_); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
  posix_spawn_file_actions_t* get() { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_{};
};

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

bool in_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const auto candidate = std::filesystem::path(dir.empty() ? "." : dir) / program;
    if (::access(candidate.c_str(), X_OK) == 0) return true;
  }
  return false;
}

ToolRun run_tool(const std::vector<std::string>& argv, const std::filesystem::path& output_file) {
  ToolRun run;
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  FileActions actions;
  ::posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  ::posix_spawn_file_actions_addopen(actions.get(), STDOUT_FILENO, output_file.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ::posix_spawn_file_actions_adddup2(actions.get(), STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  if (::posix_spawnp(&pid, args[0], actions.get(), nullptr, args.data(), environ) != 0) {
    run.output = "could not start " + argv[0];
    return run;
  }
  int status = 0;
  pid_t waited = -1;
  do {
    waited = ::waitpid(pid, &status, 0);
  } while (waited < 0 && errno == EINTR);
  if (waited < 0) {
    run.output = "lost the child process of " + argv[0];
    return run;
  }
  run.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.accepted = run.exit_status == 0;
  run.output = read_all(output_file);
  return run;
}

ToolRun openssl_verify(const CaseFiles& files, const std::string& name, pki::UnixTime at) {
  return run_tool({"openssl", "verify", "-CAfile", files.root_pem.string(), "-untrusted", files.served_pem.string(),
                   "-verify_hostname", name, "-purpose", "sslserver", "-attime", std::to_string(at),
                   files.first_pem.string()},
                  files.root_pem.parent_path() / "openssl.out");
}

ToolRun certtool_verify(const CaseFiles& files, const std::string& name) {
  return run_tool({"certtool", "--verify", "--load-ca-certificate", files.root_pem.string(), "--infile",
                   files.served_pem.string(), "--verify-hostname", name, "--verify-purpose", "1.3.6.1.5.5.7.3.1",
                   "--verify-profile", "medium"},
                  files.root_pem.parent_path() / "certtool.out");
}

}  // namespace uccert::testing::differential
