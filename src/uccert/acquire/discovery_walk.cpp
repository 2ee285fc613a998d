#include "uccert/acquire/discovery_walk.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <tuple>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/redirect_error.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <fmt/format.h>

namespace uccert::acquire {

using net::AddressAnswer;
using net::apply_connect_to;
using net::ConnectTo;
using net::DnsStatus;
using net::is_ip_literal;
using net::lower_name;
using net::ProbeOptions;
using net::Protocol;
using net::Resolver;
using net::ResolverOptions;
using net::SrvRecord;

namespace {

// The clients that look up each record (which clients use a record is data; the rules and the
// judge take it from the record).
const std::vector<std::string> kDesktopAndPhones{"lync-desktop", "phone-edition-legacy", "phone-edition"};
const std::vector<std::string> kAutodiscoverClients{"lync-desktop", "mobile-ios", "mobile-android"};
const std::vector<std::string> kFederation{"ocs-interop"};

}  // namespace

const std::vector<RecordSpec>& discovery_records() {
  static const std::vector<RecordSpec> kRecords = {
      {"lyncdiscoverinternal.", RecordKind::kHost, "autodiscover, internal (Lync 2013+ desktop, mobile clients)",
       kAutodiscoverClients, Protocol::kHttps, {443}, true, false, true, "DNS-01; DNS-14; FE-07"},
      {"lyncdiscover.", RecordKind::kHost, "autodiscover, external (Lync 2013+ desktop, mobile clients)",
       kAutodiscoverClients, Protocol::kHttps, {443}, true, false, false, "DNS-01; RP-04; FE-07"},
      {"_sipinternaltls._tcp.", RecordKind::kSrv, "internal sign-in: Front End pool or Director (desktop, phones)",
       kDesktopAndPhones, Protocol::kSip, {}, true, false, true, "DNS-01; DNS-04; FE-02; DNS-09"},
      {"_sipinternal._tcp.", RecordKind::kSrv, "internal sign-in over TCP (OCS 2007 R2 / Lync 2010 clients only)",
       {}, Protocol::kSip, {}, false, false, true, "DNS-02"},
      {"_sip._tls.", RecordKind::kSrv, "external sign-in: Access Edge (desktop, phones)", kDesktopAndPhones,
       Protocol::kSip, {}, true, false, false, "DNS-01; DNS-05; DNS-09"},
      {"sipinternal.", RecordKind::kHost, "internal sign-in fallback (A record; 5061, then 443)", kDesktopAndPhones,
       Protocol::kSip, {5061, 443}, true, false, true, "DNS-01; DNS-03; G-13"},
      {"sip.", RecordKind::kHost, "sign-in fallback (A record; 5061, then 443)", kDesktopAndPhones, Protocol::kSip,
       {5061, 443}, true, false, false, "DNS-01; DNS-03; DNS-05"},
      {"sipexternal.", RecordKind::kHost, "external sign-in fallback (A record; 5061, then 443)", kDesktopAndPhones,
       Protocol::kSip, {5061, 443}, true, false, false, "DNS-01; DNS-03; G-13"},
      {"_sipfederationtls._tcp.", RecordKind::kSrv, "federation and push: Access Edge (federation partners)",
       kFederation, Protocol::kSip, {}, true, true, false, "DNS-05; DNS-06; DNS-10; FED-01"},
  };
  return kRecords;
}

Status validate_sip_domain(std::string_view domain) {
  std::string d = lower_name(domain);
  if (d.empty()) return Error{"SIPDOMAIN is empty"};
  if (d.find('.') == std::string::npos) {
    return Error{fmt::format("'{}': a SIP domain has at least two labels (contoso.com)", domain)};
  }
  if (is_ip_literal(d)) return Error{fmt::format("'{}': a SIP domain, not an address", domain)};
  if (d.size() > 253) return Error{fmt::format("'{}': longer than a DNS name can be", domain)};
  for (char c : d) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.')) {
      return Error{fmt::format("'{}': a DNS name has only letters, digits, '-' and '.' (G-14)", domain)};
    }
  }
  std::size_t label = 0;
  for (std::size_t i = 0; i <= d.size(); ++i) {
    if (i == d.size() || d[i] == '.') {
      if (label == 0) return Error{fmt::format("'{}': a DNS name has no empty label", domain)};
      label = 0;
    } else if (++label > 63) {
      return Error{fmt::format("'{}': a label is longer than 63 characters", domain)};
    }
  }
  return Ok{};
}

namespace {

using Clock = std::chrono::steady_clock;

// Rounded up: a lookup started a few microseconds after the phase began still gets (and says)
// the whole query timeout.
std::chrono::milliseconds left_until(Clock::time_point end) {
  auto d = std::chrono::ceil<std::chrono::milliseconds>(end - Clock::now());
  return std::max(d, std::chrono::milliseconds(0));
}

std::string seconds_text(std::chrono::milliseconds ms) {
  if (ms.count() % 1000 == 0) return fmt::format("{} s", ms.count() / 1000);
  return fmt::format("{:.1f} s", static_cast<double>(ms.count()) / 1000.0);
}

constexpr std::size_t kNone = static_cast<std::size_t>(-1);
constexpr std::chrono::milliseconds kDeadlineTolerance{100};

// The DNS phase. Every lookup of the walk starts at once (in client order, so the queries leave
// in that order) and each SRV answer starts its targets' address lookups at once; every lookup,
// the targets' included, ends by `dns_end`, so the phase as a whole takes at most one query
// timeout however slowly the server answers. Each coroutine writes only its own record or target,
// whose storage is sized before it starts.
class DnsWalk {
 public:
  // The phase lasts `budget` from now.
  DnsWalk(asio::io_context& io, const ResolverOptions& dns, std::chrono::milliseconds budget, DiscoveryFacts& r)
      : io_(io), dns_(dns), budget_(budget), dns_end_(Clock::now() + budget), r_(r) {}

  void start() {
    r_.records.resize(discovery_records().size());
    for (std::size_t i = 0; i < r_.records.size(); ++i) {
      auto& rec = r_.records[i];
      rec.spec = discovery_records()[i];
      rec.name = rec.spec.prefix + r_.domain;
      asio::co_spawn(io_, look_up(rec), asio::detached);
    }
  }

 private:
  // A resolver whose queries end by the phase's end: the nine lookups, started together, get the
  // whole budget; a target's lookup, started after its SRV answer, what is left of it.
  std::optional<Resolver> resolver(bool first) {
    auto left = first ? budget_ : left_until(dns_end_);
    if (left.count() <= 0) return std::nullopt;
    ResolverOptions o = dns_;
    o.query_timeout = std::min(o.query_timeout, left);
    return Resolver(io_, std::move(o));
  }

  std::string out_of_time() const {
    return fmt::format("no answer within {} ms (discover's DNS phase ended)", budget_.count());
  }

  asio::awaitable<void> look_up(DiscoveredRecord& rec) {
    auto res = resolver(true);
    if (!res) {
      rec.status = DnsStatus::kTimeout;
      rec.error = out_of_time();
      co_return;
    }
    if (rec.spec.kind == RecordKind::kSrv) {
      auto a = co_await res->srv(rec.name);
      rec.status = a.status;
      rec.error = std::move(a.error);
      rec.srv_answered = a.records.size();
      rec.srv = client_order_srv(std::move(a.records), kMaxSrvTargetsPerAnswer);
      if (rec.spec.tls) {
        rec.targets.resize(rec.srv.size());
        for (std::size_t i = 0; i < rec.srv.size(); ++i) {
          auto& t = rec.targets[i];
          t.name = rec.srv[i].target;
          t.port = rec.srv[i].port;
          t.protocol = rec.spec.protocol;
          t.profiles = rec.spec.profiles;
          asio::co_spawn(io_, look_up_target(t), asio::detached);
        }
      }
    } else {
      auto a = co_await res->addresses(rec.name);
      rec.status = a.status;
      rec.error = a.error;
      if (a.status == DnsStatus::kOk) {
        for (auto port : rec.spec.ports) {
          ProbedTarget t;
          t.name = rec.name;
          t.port = port;
          t.protocol = rec.spec.protocol;
          t.profiles = rec.spec.profiles;
          t.addresses = a;
          rec.targets.push_back(std::move(t));
        }
      }
      rec.host = std::move(a);
    }
    if (rec.status == DnsStatus::kOk) r_.any_record = true;
  }

  asio::awaitable<void> look_up_target(ProbedTarget& t) {
    auto res = resolver(false);
    if (!res) {
      AddressAnswer a;
      a.name = t.name;
      a.canonical_name = t.name;
      a.status = DnsStatus::kTimeout;
      a.error = out_of_time();
      t.addresses = std::move(a);
      co_return;
    }
    t.addresses = co_await res->addresses(t.name);
  }

  asio::io_context& io_;
  ResolverOptions dns_;
  std::chrono::milliseconds budget_;
  Clock::time_point dns_end_;
  DiscoveryFacts& r_;
};

// A target whose name did not resolve is not probed (a client could not reach it either), unless
// a --connect-to rule sends it to another host.
void mark_unresolved(DiscoveryFacts& r, const std::vector<ConnectTo>& connect_to) {
  for (auto& rec : r.records) {
    for (auto& t : rec.targets) {
      if (!t.addresses || t.addresses->status == DnsStatus::kOk) continue;
      if (lower_name(apply_connect_to(connect_to, t.name, t.port).host) != lower_name(t.name)) continue;
      t.not_probed = NotProbed::kNoAddress;
      t.error = fmt::format("not probed: {} has no address ({}{}{})", t.name, to_string(t.addresses->status),
                            t.addresses->error.empty() ? "" : ": ", t.addresses->error);
    }
  }
}

}  // namespace

std::chrono::milliseconds default_deadline(std::chrono::milliseconds probe_timeout) { return 3 * probe_timeout; }

std::vector<SrvRecord> client_order_srv(std::vector<SrvRecord> records, std::size_t cap) {
  std::stable_sort(records.begin(), records.end(), [](const SrvRecord& a, const SrvRecord& b) {
    return a.priority != b.priority ? a.priority < b.priority : a.weight > b.weight;
  });
  if (records.size() > cap) {
    records.resize(cap);
    records.shrink_to_fit();
  }
  return records;
}

ProbePlan plan_probes(std::vector<DiscoveredRecord>& records, std::size_t cap) {
  ProbePlan plan;
  std::map<std::tuple<std::string, std::uint16_t, Protocol>, std::size_t> seen;
  std::map<std::tuple<std::string, std::uint16_t, Protocol>, bool> dropped;
  plan.index.resize(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    plan.index[i].assign(records[i].targets.size(), kNone);
    for (std::size_t j = 0; j < records[i].targets.size(); ++j) {
      auto& t = records[i].targets[j];
      if (t.not_probed != NotProbed::kNo) continue;
      auto key = std::make_tuple(t.name, t.port, t.protocol);
      if (auto it = seen.find(key); it != seen.end()) {
        plan.index[i][j] = it->second;
        continue;
      }
      if (plan.probes.size() >= cap) {
        t.not_probed = NotProbed::kOverCap;
        t.error = fmt::format("not probed: discover probes at most {} targets", cap);
        if (dropped.emplace(key, true).second) ++plan.over_cap;
        continue;
      }
      seen.emplace(key, plan.probes.size());
      plan.index[i][j] = plan.probes.size();
      plan.probes.push_back(ProbePlan::Probe{t.name, t.port, t.protocol});
    }
  }
  return plan;
}

DiscoveryFacts walk_discovery(AcquireContext& context, const DiscoverOptions& options) {
  DiscoveryFacts r;
  r.domain = lower_name(options.domain);
  r.deadline = context.has_deadline() ? context.limits().deadline : default_deadline(options.probe.timeout);
  const auto end = context.started() + r.deadline;
  asio::io_context& io = context.io();

  // 1. DNS: all lookups at once, the records kept in client order.
  {
    DnsWalk walk(io, options.dns, std::min(options.dns.query_timeout, left_until(end)), r);
    walk.start();
    context.run();
  }
  for (const auto& rec : r.records) {
    if (rec.srv_answered <= rec.srv.size()) continue;
    r.notes.push_back(DiscoverNote{
        "dns.srv-answer-capped",
        fmt::format("{} answered {} SRV records: the first {} in client order (priority, then weight) were kept, "
                    "{} dropped",
                    rec.name, rec.srv_answered, rec.srv.size(), rec.srv_answered - rec.srv.size())});
  }

  if (!options.probe_targets) return r;
  r.probed = true;

  // 2. Probe each distinct (name, port, protocol) once, a few at a time, on the one io_context;
  // each probe gets min(--timeout, what is left of the deadline), and none starts after it.
  mark_unresolved(r, options.probe.connect_to);
  ProbePlan plan = plan_probes(r.records, kMaxProbeTargets);
  if (plan.over_cap > 0) {
    r.notes.push_back(DiscoverNote{
        "discover.targets-capped",
        fmt::format("the records name {} distinct targets: the first {} in client order were probed, {} were not",
                    plan.probes.size() + plan.over_cap, plan.probes.size(), plan.over_cap)});
  }
  struct Slot {
    std::optional<Result<evidence::Evidence>> result;
    bool cut_by_deadline = false;  // never started, or its timeout was shortened and it ran out
  };
  std::vector<Slot> slots(plan.probes.size());
  std::size_t next = 0;
  auto worker = [&]() -> asio::awaitable<void> {
    while (next < plan.probes.size()) {
      std::size_t mine = next++;
      auto budget = left_until(end);
      if (budget.count() <= 0) {
        slots[mine].cut_by_deadline = true;
        continue;
      }
      const auto& p = plan.probes[mine];
      ProbeOptions o = options.probe;
      o.host = p.name;
      o.port = p.port;
      o.protocol = p.protocol;
      o.dns = options.dns;
      o.timeout = std::min(o.timeout, budget);
      o.dns.query_timeout = std::min(o.dns.query_timeout, o.timeout);
      o.http_path = "/";
      o.pool = &context.pool();
      o.shared_context = &context.tls_context();
      const bool shortened = o.timeout < options.probe.timeout;
      slots[mine].result.emplace(co_await probe_async(io, std::move(o)));
      // A shortened probe that failed at the deadline (its own timer may end a hair before it) was
      // cut by it, not refused.
      if (shortened && !slots[mine].result->ok() && left_until(end) <= kDeadlineTolerance) {
        slots[mine].cut_by_deadline = true;
      }
    }
  };
  const int workers = std::max(1, std::min<int>(context.concurrency(), static_cast<int>(slots.size())));
  for (int w = 0; w < workers && !slots.empty(); ++w) asio::co_spawn(io, worker(), asio::detached);
  context.run();

  // 3. Each target gets the probe's evidence, with the name dialled there (judged later).
  std::size_t cut = 0;
  for (const auto& slot : slots) {
    if (slot.cut_by_deadline) ++cut;
  }
  for (std::size_t i = 0; i < r.records.size(); ++i) {
    auto& rec = r.records[i];
    for (std::size_t j = 0; j < rec.targets.size(); ++j) {
      auto& t = rec.targets[j];
      if (plan.index[i][j] == kNone) continue;
      auto& slot = slots[plan.index[i][j]];
      if (slot.cut_by_deadline) {
        t.not_probed = NotProbed::kDeadline;
        t.error = "not probed: discover's deadline ran out";
        if (slot.result) t.error += fmt::format(" ({})", slot.result->error().message);
        continue;
      }
      if (!slot.result || !slot.result->ok()) {
        t.error = slot.result ? slot.result->error().message : "the probe did not finish";
        continue;
      }
      t.evidence = slot.result->value();
      t.evidence->dialled_name = t.name;
    }
  }
  if (cut > 0) {
    r.deadline_reached = true;
    r.notes.push_back(DiscoverNote{
        "discover.deadline",
        fmt::format("discover's deadline ({}) ran out: {} of {} targets not probed", seconds_text(r.deadline), cut,
                    slots.size())});
  }

  return r;
}

}  // namespace uccert::acquire
