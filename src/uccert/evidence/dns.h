// What DNS answered: SRV records and host addresses with their CNAME chain, as plain values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace uccert::evidence {

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

}  // namespace uccert::evidence
