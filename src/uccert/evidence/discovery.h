// What `discover` observed for one SIP domain: each record the clients look up (in the order they
// look them up), its answer, and each target it names with the probe's outcome. Plain values:
// acquire/discovery_walk fills them, rules/dns_rules and the judge read them, renderers print them.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "uccert/evidence/dns.h"
#include "uccert/evidence/evidence.h"
#include "uccert/evidence/protocol.h"

namespace uccert::evidence {

enum class RecordKind { kSrv, kHost };

// One record the clients look up, as data (the table is acquire::discovery_records()).
struct RecordSpec {
  std::string prefix;                   // "_sipinternaltls._tcp." or "lyncdiscover."
  RecordKind kind = RecordKind::kHost;
  std::string purpose;                  // for people
  std::vector<std::string> profiles;    // the clients that use it
  Protocol protocol = Protocol::kSip;   // spoken on its targets
  std::vector<std::uint16_t> ports;     // host records: ports tried (DNS-03: 5061, then 443)
  bool tls = true;                      // false: _sipinternal._tcp (plain TCP, nothing to probe)
  bool federation = false;              // DNS-10: exact-domain target
  bool internal = false;                // looked up inside the network
  std::string rules;                    // uc-rules ids behind it
};

// Why a target was not probed (its `error` says it in words).
enum class NotProbed {
  kNo,           // probed (it may have failed: see error)
  kNoAddress,    // its name has no address (and no --connect-to rule sends it elsewhere)
  kOverCap,      // beyond the run's cap on probes
  kDeadline,     // discover's deadline ran out before (or while) it was probed
};

struct ProbedTarget {
  std::string name;  // the name the client dials (SRV target or the A record's name)
  std::uint16_t port = 0;
  Protocol protocol = Protocol::kSip;
  std::vector<std::string> profiles;
  std::optional<AddressAnswer> addresses;  // the A/AAAA (and CNAME) answer for the name
  std::optional<Evidence> evidence;        // the probe's result
  std::string error;                       // when the probe failed, or why it was not probed
  NotProbed not_probed = NotProbed::kNo;
};

struct DiscoveredRecord {
  RecordSpec spec;
  std::string name;  // the full DNS name looked up
  DnsStatus status = DnsStatus::kError;
  std::string error;
  std::vector<SrvRecord> srv;              // SRV answers kept (the first few, client order)
  std::size_t srv_answered = 0;            // how many SRV records the answer held
  std::optional<AddressAnswer> host;       // host-record answer
  std::vector<ProbedTarget> targets;
};

// Something a person should know about the run that is no finding about the deployment (no
// uc-rules rule says a client reads only N SRV records): what was dropped or left out, and why.
struct DiscoverNote {
  std::string id;       // dns.srv-answer-capped, discover.targets-capped, discover.deadline
  std::string message;  // one line
};

struct DiscoveryFacts {
  std::string domain;
  std::vector<DiscoveredRecord> records;
  bool any_record = false;
  bool probed = false;            // false with --no-probe: the verdict rests on the records alone
  bool deadline_reached = false;  // some target was left unprobed (or cut short) by the deadline
  std::chrono::milliseconds deadline{0};  // the deadline the run had
  std::vector<DiscoverNote> notes;
};

}  // namespace uccert::evidence
