// `uccert discover SIPDOMAIN`: the DNS records a Lync / Skype for Business client and a federation
// partner look up, in the order they look them up (DNS-01, DNS-02, DNS-05), the strict domain
// checks on SRV targets (DNS-07, DNS-08, DNS-10), and a probe of every target found, judged
// against the name the client dialled there for the clients that use that record.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "uccert/net/endpoint.h"
#include "uccert/net/probe.h"
#include "uccert/net/resolver.h"
#include "uccert/pki/evidence.h"
#include "uccert/rules/finding.h"
#include "uccert/rules/judge.h"

namespace uccert::net {

enum class RecordKind { kSrv, kHost };

// One record the clients look up, as data.
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

// The walk, in client order.
const std::vector<RecordSpec>& discovery_records();

struct ProbedTarget {
  std::string name;  // the name the client dials (SRV target or the A record's name)
  std::uint16_t port = 0;
  Protocol protocol = Protocol::kSip;
  std::vector<std::string> profiles;
  std::optional<AddressAnswer> addresses;  // the A/AAAA (and CNAME) answer for the name
  std::optional<pki::Evidence> evidence;   // the probe's result
  std::string error;                       // when the probe failed
  std::optional<rules::Judgement> judgement;
};

struct DiscoveredRecord {
  RecordSpec spec;
  std::string name;  // the full DNS name looked up
  DnsStatus status = DnsStatus::kError;
  std::string error;
  std::vector<SrvRecord> srv;              // SRV answers
  std::optional<AddressAnswer> host;       // host-record answer
  std::vector<ProbedTarget> targets;
};

struct DiscoverOptions {
  std::string domain;         // the SIP domain
  ResolverOptions dns;
  ProbeOptions probe;         // connect_to, timeout (per probe); host/port/protocol are set per target
  int concurrency = 8;        // probes in flight at once (one io_context, no thread per target)
  bool probe_targets = true;
};

// Judges one probed certificate for the given profile ids (the caller owns profiles and trust).
using JudgeFunction = std::function<rules::Judgement(const pki::Evidence&, const std::vector<std::string>&)>;

struct DiscoverResult {
  std::string domain;
  std::vector<DiscoveredRecord> records;
  rules::Findings findings;  // DNS findings (the certificate findings stay with each target)
  bool any_record = false;
  bool any_judged = false;
  bool probed = false;  // false with --no-probe: the verdict rests on the records alone
  rules::Verdict worst = rules::Verdict::kPass;
  int exit_code() const;  // 0/1/2 by the worst verdict; 3 when nothing could be judged
};

// Validates the domain; the error is one line.
Status validate_sip_domain(std::string_view domain);

DiscoverResult discover(const DiscoverOptions& options, const JudgeFunction& judge);

// Helpers (tested alone).
bool in_domain(std::string_view name, std::string_view domain);         // equal or a subdomain
bool directly_in_domain(std::string_view name, std::string_view domain);  // one label below

}  // namespace uccert::net
