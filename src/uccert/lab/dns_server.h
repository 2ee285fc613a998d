// The lab's DNS: Debian's dnsmasq, started and owned by the lab on 127.0.0.1, authoritative for
// the scenario's zones and serving its records (every endpoint host as an A record on 127.0.0.1,
// the SRV records with the endpoints' lab ports, the CNAMEs). A maintained DNS server answers
// clients exactly as they expect, which a responder written here would have to be taught; and
// dnsmasq takes every record on its command line, so the lab writes no zone file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "uccert/lab/child_process.h"
#include "uccert/lab/scenario.h"
#include "uccert/pki/error.h"

namespace uccert::lab {

inline constexpr const char* kDnsmasqPath = "/usr/sbin/dnsmasq";

// dnsmasq's options for the scenario's zones and records; `port_of` gives an endpoint's lab port.
std::vector<std::string> dns_records(const Scenario& scenario,
                                     const std::function<std::uint16_t(const std::string&)>& port_of);

class DnsServer {
 public:

  // Starts dnsmasq on 127.0.0.1:port (0: a free port), logging to DIR/dnsmasq.log, and waits until
  // it answers (at most 5 seconds). It is killed with the lab: stop(), or the kernel when the lab
  // process dies (PR_SET_PDEATHSIG).
  Status start(const std::vector<std::string>& records, const std::filesystem::path& dir, std::uint16_t port);
  void stop() { process_.stop(); }
  std::uint16_t port() const { return port_; }

 private:
  ChildProcess process_;
  std::uint16_t port_ = 0;
};

}  // namespace uccert::lab
