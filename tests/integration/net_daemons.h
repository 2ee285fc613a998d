// Real peers for the live-endpoint tests, started by the test on 127.0.0.1 and stopped by it:
// a child process with its own log file, killed by its pid (never by name) when the test ends.
#pragma once

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "uccert/lab/child_process.h"
#include "uccert/lab/mint.h"


namespace uccert::testing {

// A port nothing listens on right now (TCP or UDP), for a daemon to bind.
inline std::uint16_t free_port(int type = SOCK_STREAM) {
  int fd = ::socket(AF_INET, type, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

// A port free for both UDP and TCP (dnsmasq binds both): a UDP port whose TCP twin is taken by
// another test's server would make the daemon fail to start.
inline std::uint16_t free_udp_and_tcp_port() {
  for (int attempt = 0; attempt < 50; ++attempt) {
    std::uint16_t port = free_port(SOCK_DGRAM);
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    if (ok) return port;
  }
  return free_port(SOCK_DGRAM);
}

inline bool port_open(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::filesystem::path scratch_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("uccert-" + name + "-" + std::to_string(::getpid()) + "-" +
              std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  std::filesystem::create_directories(dir);
  return dir;
}

// A daemon the test owns (lab::ChildProcess: its log, SIGTERM then SIGKILL, dies with the test).
class Daemon : public lab::ChildProcess {
 public:
  bool start(const std::vector<std::string>& argv, const std::filesystem::path& log) {
    log_ = log;
    return lab::ChildProcess::start(argv, log);
  }

  // Waits until `ready` is true (or the daemon died, or 10 s passed).
  template <class F>
  bool wait_until(F ready) {
    for (int i = 0; i < 200; ++i) {
      if (ready()) return true;
      if (!running()) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  std::string log() const { return read_text(log_); }

 private:
  std::filesystem::path log_;
};

// A server certificate as a real enterprise CA issues it: with a CRL distribution point (on
// 127.0.0.1, G-02), so a well-made certificate passes for every client.
inline lab::CertSpec enterprise_server_spec(std::string_view cn, std::vector<std::string> dns) {
  auto spec = lab::server_spec(cn, std::move(dns));
  spec.crl_urls = {std::string(lab::kLabCrlUrl)};
  return spec;
}

inline constexpr const char* kDnsmasq = "/usr/sbin/dnsmasq";

// Starts dnsmasq on 127.0.0.1, authoritative for `zones`, serving `records` (its --srv-host,
// --host-record, --cname options), logging queries to `dir`/dnsmasq.log. The port is chosen,
// released, then bound by dnsmasq: another test may take it in between, so a daemon that exits
// at once is started again on a new port. Returns the port, or 0 (see dns.log()).
inline std::uint16_t start_dnsmasq(Daemon& dns, const std::filesystem::path& dir, const std::vector<std::string>& zones,
                                   const std::vector<std::string>& records) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    std::uint16_t port = free_udp_and_tcp_port();
    std::vector<std::string> argv = {kDnsmasq, "--no-daemon", "--port=" + std::to_string(port),
                                     "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
                                     "--log-queries", "--log-facility=-", "--pid-file=" + (dir / "dnsmasq.pid").string(),
                                     "--user=root"};
    // Authoritative for each zone: unknown names get NXDOMAIN, never "refused".
    for (const auto& z : zones) argv.push_back("--local=/" + z + "/");
    argv.insert(argv.end(), records.begin(), records.end());
    if (dns.start(argv, dir / "dnsmasq.log") &&
        dns.wait_until([&] { return dns.log().find("started") != std::string::npos; })) {
      return port;
    }
    dns.stop();
  }
  return 0;
}

}  // namespace uccert::testing
