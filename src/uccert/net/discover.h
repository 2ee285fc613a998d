// `uccert discover SIPDOMAIN`: the DNS records a Lync / Skype for Business client and a federation
// partner look up, in the order they look them up (DNS-01, DNS-02, DNS-05), the strict domain
// checks on SRV targets (DNS-07, DNS-08, DNS-10), and a probe of every target found, judged
// against the name the client dialled there for the clients that use that record.
//
// Bounds (docs/discover.md, "Time and size bounds"; docs/security.md, hostile server): every lookup
// of the walk runs at once on one io_context and the whole DNS phase (SRV answers and their
// targets' addresses, CNAME following included) ends within one DNS query timeout; one SRV answer
// gives at most kMaxSrvTargetsPerAnswer targets and the whole run probes at most kMaxProbeTargets;
// one deadline bounds the whole run, and every probe gets min(--timeout, what is left of it).
#pragma once

#include <chrono>
#include <cstddef>
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

// SRV records taken from one answer, in client order (priority, then weight): real deployments
// publish one to a few per record; a hostile or broken zone with 1,000 would otherwise mean 1,000
// address lookups and 1,000 probes. The rest is dropped and said so (note dns.srv-answer-capped).
inline constexpr std::size_t kMaxSrvTargetsPerAnswer = 16;
// Distinct (name, port, protocol) probed in one run, in client order of the records; the rest
// is not probed (note discover.targets-capped). 9 records with a few targets each stay far below.
inline constexpr std::size_t kMaxProbeTargets = 32;

// Why a target was not probed (its `error` says it in words).
enum class NotProbed {
  kNo,           // probed (it may have failed: see error)
  kNoAddress,    // its name has no address (and no --connect-to rule sends it elsewhere)
  kOverCap,      // beyond kMaxProbeTargets
  kDeadline,     // discover's deadline ran out before (or while) it was probed
};

struct ProbedTarget {
  std::string name;  // the name the client dials (SRV target or the A record's name)
  std::uint16_t port = 0;
  Protocol protocol = Protocol::kSip;
  std::vector<std::string> profiles;
  std::optional<AddressAnswer> addresses;  // the A/AAAA (and CNAME) answer for the name
  std::optional<pki::Evidence> evidence;   // the probe's result
  std::string error;                       // when the probe failed, or why it was not probed
  NotProbed not_probed = NotProbed::kNo;
  std::optional<rules::Judgement> judgement;
};

struct DiscoveredRecord {
  RecordSpec spec;
  std::string name;  // the full DNS name looked up
  DnsStatus status = DnsStatus::kError;
  std::string error;
  std::vector<SrvRecord> srv;              // SRV answers kept: the first kMaxSrvTargetsPerAnswer, client order
  std::size_t srv_answered = 0;            // how many SRV records the answer held
  std::optional<AddressAnswer> host;       // host-record answer
  std::vector<ProbedTarget> targets;
};

struct DiscoverOptions {
  std::string domain;         // the SIP domain
  ResolverOptions dns;
  ProbeOptions probe;         // connect_to, timeout (per probe); host/port/protocol are set per target
  int concurrency = 8;        // probes in flight at once (one io_context, no thread per target)
  bool probe_targets = true;
  // The whole run, DNS and probes. Zero: default_deadline(probe.timeout). The DNS phase gets
  // min(dns.query_timeout, deadline); each probe min(probe.timeout, what is left).
  std::chrono::milliseconds deadline{0};
  // When the deadline started (the command's start, so that loading trust stores counts too);
  // default: when discover() is called.
  std::optional<std::chrono::steady_clock::time_point> started;
};

// 3 x the probe timeout: at most one timeout for DNS (the query timeout is at most the probe
// timeout), at least two for probes (one wave of `concurrency` probes and a second one).
std::chrono::milliseconds default_deadline(std::chrono::milliseconds probe_timeout);

// Something a person should know about the run that is no finding about the deployment (no
// uc-rules rule says a client reads only N SRV records): what was dropped or left out, and why.
struct DiscoverNote {
  std::string id;       // dns.srv-answer-capped, discover.targets-capped, discover.deadline
  std::string message;  // one line
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
  bool deadline_reached = false;  // some target was left unprobed (or cut short) by the deadline
  std::chrono::milliseconds deadline{0};  // the deadline the run had
  std::vector<DiscoverNote> notes;
  rules::Verdict worst = rules::Verdict::kPass;
  // 0/1/2 by the worst verdict; 3 when nothing could be judged, or when the deadline left targets
  // unprobed and nothing judged so far is wrong (an unfinished run never says "pass").
  int exit_code() const;
};

// Validates the domain; the error is one line.
Status validate_sip_domain(std::string_view domain);

DiscoverResult discover(const DiscoverOptions& options, const JudgeFunction& judge);

// Helpers (tested alone).
// Sorts SRV records in client order (priority ascending, then weight descending, stable) and
// keeps the first `cap`.
std::vector<SrvRecord> client_order_srv(std::vector<SrvRecord> records, std::size_t cap);
// One probe per distinct (name, port, protocol), in the records' order, at most `cap` of them:
// sets not_probed = kOverCap on every target beyond, and returns each target's probe index
// (records x targets, SIZE_MAX where none).
struct ProbePlan {
  struct Probe {
    std::string name;
    std::uint16_t port = 0;
    Protocol protocol = Protocol::kSip;
  };
  std::vector<Probe> probes;
  std::vector<std::vector<std::size_t>> index;  // [record][target] -> probes index or SIZE_MAX
  std::size_t over_cap = 0;                     // distinct targets left out
};
ProbePlan plan_probes(std::vector<DiscoveredRecord>& records, std::size_t cap);

bool in_domain(std::string_view name, std::string_view domain);         // equal or a subdomain
bool directly_in_domain(std::string_view name, std::string_view domain);  // one label below

}  // namespace uccert::net
