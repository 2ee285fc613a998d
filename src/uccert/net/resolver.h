// DNS lookups with c-ares, driven by the caller's asio::io_context (c-ares' sockets are watched
// by asio, its retransmit timer is an asio timer): SRV, A/AAAA with the CNAME chain, and host
// addresses. Each query has its own deadline and its own c-ares channel, so one slow name never
// holds up another and cancelling one never touches the rest.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>

#include "uccert/evidence/dns.h"
#include "uccert/pki/error.h"

namespace uccert::net {

struct ResolverOptions {
  // "ADDR", "ADDR:PORT", "[IPv6]:PORT"; empty = the system's resolver configuration
  // (/etc/resolv.conf), as a Lync client would use.
  std::vector<std::string> servers;
  std::chrono::milliseconds query_timeout{5000};  // per query, retries included
};

// Checks the --dns-server values; the error names the bad one.
Status validate_resolver_options(const ResolverOptions& options);

// The answers are plain values of evidence/ (what DNS said).
using evidence::AddressAnswer;
using evidence::DnsStatus;
using evidence::SrvAnswer;
using evidence::SrvRecord;
using evidence::to_string;

class Resolver {
 public:
  Resolver(asio::io_context& io, ResolverOptions options);

  asio::awaitable<SrvAnswer> srv(std::string name);
  // A and AAAA records from DNS only (never the hosts file when servers are given).
  asio::awaitable<AddressAnswer> addresses(std::string name);

  const ResolverOptions& options() const { return options_; }

 private:
  asio::io_context& io_;
  ResolverOptions options_;
};

}  // namespace uccert::net
