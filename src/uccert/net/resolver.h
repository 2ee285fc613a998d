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

enum class DnsStatus {
  kOk,
  kNoData,    // the name exists, no record of that type
  kNxDomain,  // the name does not exist
  kTimeout,
  kError,     // refused, server failure, malformed answer...
};
std::string_view to_string(DnsStatus s);  // "ok", "no-data", "nxdomain", "timeout", "error"

struct SrvRecord {
  std::string target;  // lower case, no trailing dot
  std::uint16_t port = 0;
  std::uint16_t priority = 0;
  std::uint16_t weight = 0;
};

struct SrvAnswer {
  std::string name;
  DnsStatus status = DnsStatus::kError;
  std::string error;               // c-ares' words when not kOk
  std::vector<SrvRecord> records;  // sorted by priority, then weight (highest first)
};

struct AddressAnswer {
  std::string name;
  DnsStatus status = DnsStatus::kError;
  std::string error;
  std::vector<std::string> cname_chain;  // each alias target in order: name -> a -> b
  std::string canonical_name;            // the last name of the chain (== name without CNAME)
  std::vector<std::string> addresses;    // IPv4 (A) first, then IPv6 (AAAA), text form
};

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
