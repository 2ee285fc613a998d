// The discovery walk of `uccert discover SIPDOMAIN`: the DNS records a Lync / Skype for Business
// client and a federation partner look up, in the order they look them up (DNS-01, DNS-02,
// DNS-05), and a probe of every target found. It acquires facts (evidence/discovery.h); the DNS
// rules (rules/dns_rules.cpp) and the judge turn them into findings and verdicts.
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
#include <optional>
#include <string>
#include <vector>

#include "uccert/acquire/context.h"
#include "uccert/evidence/discovery.h"
#include "uccert/net/endpoint.h"
#include "uccert/net/probe.h"
#include "uccert/net/resolver.h"
#include "uccert/pki/error.h"

namespace uccert::acquire {

using evidence::DiscoveredRecord;
using evidence::DiscoverNote;
using evidence::DiscoveryFacts;
using evidence::NotProbed;
using evidence::ProbedTarget;
using evidence::RecordKind;
using evidence::RecordSpec;

// The walk, in client order: which records a Lync / Skype for Business client and a federation
// partner look up, and which clients use each (data).
const std::vector<RecordSpec>& discovery_records();

// SRV records taken from one answer, in client order (priority, then weight): real deployments
// publish one to a few per record; a hostile or broken zone with 1,000 would otherwise mean 1,000
// address lookups and 1,000 probes. The rest is dropped and said so (note dns.srv-answer-capped).
inline constexpr std::size_t kMaxSrvTargetsPerAnswer = 16;
// Distinct (name, port, protocol) probed in one run, in client order of the records; the rest
// is not probed (note discover.targets-capped). 9 records with a few targets each stay far below.
inline constexpr std::size_t kMaxProbeTargets = 32;

struct DiscoverOptions {
  std::string domain;         // the SIP domain
  net::ResolverOptions dns;
  net::ProbeOptions probe;    // connect_to, timeout (per probe); host/port/protocol are set per target
  bool probe_targets = true;
  // The deadline and the concurrency are the context's (AcquireLimits): the DNS phase gets
  // min(dns.query_timeout, deadline); each probe min(probe.timeout, what is left). A context
  // without a deadline gets default_deadline(probe.timeout).
};

// 3 x the probe timeout: at most one timeout for DNS (the query timeout is at most the probe
// timeout), at least two for probes (one wave of `concurrency` probes and a second one).
std::chrono::milliseconds default_deadline(std::chrono::milliseconds probe_timeout);

// Validates the domain; the error is one line.
Status validate_sip_domain(std::string_view domain);

// Looks up every record, then probes every distinct target within the context's deadline. Each
// target's Evidence carries the name dialled there; nothing is judged here.
DiscoveryFacts walk_discovery(AcquireContext& context, const DiscoverOptions& options);

// Helpers (tested alone).
// Sorts SRV records in client order (priority ascending, then weight descending, stable) and
// keeps the first `cap`.
std::vector<evidence::SrvRecord> client_order_srv(std::vector<evidence::SrvRecord> records, std::size_t cap);
// One probe per distinct (name, port, protocol), in the records' order, at most `cap` of them:
// sets not_probed = kOverCap on every target beyond, and returns each target's probe index
// (records x targets, SIZE_MAX where none).
struct ProbePlan {
  struct Probe {
    std::string name;
    std::uint16_t port = 0;
    net::Protocol protocol = net::Protocol::kSip;
  };
  std::vector<Probe> probes;
  std::vector<std::vector<std::size_t>> index;  // [record][target] -> probes index or SIZE_MAX
  std::size_t over_cap = 0;                     // distinct targets left out
};
ProbePlan plan_probes(std::vector<DiscoveredRecord>& records, std::size_t cap);

}  // namespace uccert::acquire
