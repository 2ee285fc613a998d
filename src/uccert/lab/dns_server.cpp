#include "uccert/lab/dns_server.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

namespace uccert::lab {

namespace {

namespace fs = std::filesystem;

bool bind_loopback(int type, std::uint16_t port, std::uint16_t* chosen = nullptr) {
  const int fd = ::socket(AF_INET, type, 0);
  if (fd < 0) return false;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  if (ok && chosen != nullptr) {
    socklen_t len = sizeof a;
    ok = ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0;
    *chosen = ntohs(a.sin_port);
  }
  ::close(fd);
  return ok;
}

// A port free for both UDP and TCP right now (dnsmasq binds both).
std::uint16_t free_dns_port() {
  for (int attempt = 0; attempt < 50; ++attempt) {
    std::uint16_t port = 0;
    if (bind_loopback(SOCK_DGRAM, 0, &port) && bind_loopback(SOCK_STREAM, port)) return port;
  }
  return 0;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The zone a name lies in, for dnsmasq's --local (its last two labels).
std::string zone_of(const std::string& name) {
  const auto last = name.rfind('.');
  if (last == std::string::npos || last == 0) return name;
  const auto before = name.rfind('.', last - 1);
  return before == std::string::npos ? name : name.substr(before + 1);
}

}  // namespace

std::vector<std::string> dns_records(const Scenario& scenario,
                                     const std::function<std::uint16_t(const std::string&)>& port_of) {
  std::vector<std::string> out;
  std::set<std::string> zones(scenario.sip_domains.begin(), scenario.sip_domains.end());
  std::set<std::string> hosts;
  for (const auto& e : scenario.endpoints) {
    if (hosts.insert(e.host).second) out.push_back(fmt::format("--host-record={},127.0.0.1", e.host));
    zones.insert(zone_of(e.host));
  }
  for (const auto& r : scenario.srv) {
    const ScenarioEndpoint* e = scenario.find_endpoint(r.endpoint);
    out.push_back(fmt::format("--srv-host={},{},{},0,100", r.name, e->host, port_of(e->id)));
    zones.insert(zone_of(r.name));
  }
  for (const auto& c : scenario.cnames) {
    out.push_back(fmt::format("--cname={},{}", c.name, c.target));
    zones.insert(zone_of(c.name));
  }
  // Authoritative for each zone: a name the scenario lacks is NXDOMAIN, never a refusal.
  for (const auto& z : zones) out.push_back(fmt::format("--local=/{}/", z));
  return out;
}

Status DnsServer::start(const std::vector<std::string>& records, const fs::path& dir, std::uint16_t port_in) {
  if (::access(kDnsmasqPath, X_OK) != 0)
    return Error{fmt::format("{} is missing: the lab's DNS needs Debian's dnsmasq-base (make deps)", kDnsmasqPath)};
  const fs::path log = dir / "dnsmasq.log";
  std::string last_log;
  for (int attempt = 0; attempt < 3; ++attempt) {
    const std::uint16_t port = port_in != 0 ? port_in : free_dns_port();
    if (port == 0) return Error{"no free port on 127.0.0.1 for the lab's DNS"};
    std::vector<std::string> argv = {kDnsmasqPath, "--keep-in-foreground", "--port=" + std::to_string(port),
                                     "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
                                     "--log-queries", "--log-facility=" + log.string(), "--pid-file="};
    if (::geteuid() == 0) argv.emplace_back("--user=root");  // stays able to write its log
    argv.insert(argv.end(), records.begin(), records.end());
    if (!process_.start(argv, {})) return Error{"cannot start dnsmasq: fork failed"};
    port_ = port;
    for (int i = 0; i < 100; ++i) {
      last_log = read_text(log);
      if (last_log.find("started") != std::string::npos) return Ok{};
      if (!process_.running()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    stop();
    if (port_in != 0) break;  // a fixed port that does not work will not work again
  }
  const auto nl = last_log.find_last_of('\n', last_log.size() > 1 ? last_log.size() - 2 : 0);
  const std::string reason =
      last_log.empty() ? "it printed nothing" : last_log.substr(nl == std::string::npos ? 0 : nl + 1);
  return Error{fmt::format("the lab's DNS (dnsmasq) did not start on 127.0.0.1:{}: {}", port_in,
                           reason.empty() ? "see " + log.string() : reason)};
}

}  // namespace uccert::lab
