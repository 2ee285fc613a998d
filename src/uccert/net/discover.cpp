#include "uccert/net/discover.h"

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

namespace uccert::net {

namespace {

const std::vector<std::string> kDesktopAndPhones{"lync-desktop", "phone-edition-legacy", "phone-edition"};
const std::vector<std::string> kAutodiscoverClients{"lync-desktop", "mobile-ios", "mobile-android"};
const std::vector<std::string> kFederation{"ocs-interop"};

rules::Finding make_finding(std::string id, rules::Severity severity, std::vector<std::string> profiles,
                            std::string message, std::string fix, std::string source, std::string title) {
  rules::Finding f;
  f.id = std::move(id);
  f.severity = severity;
  f.profiles = std::move(profiles);
  f.message = std::move(message);
  f.fix = std::move(fix);
  f.source = std::move(source);
  f.title = std::move(title);
  return f;
}

rules::Verdict worse(rules::Verdict a, rules::Verdict b) { return static_cast<int>(a) >= static_cast<int>(b) ? a : b; }

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

bool in_domain(std::string_view name, std::string_view domain) {
  std::string n = lower_name(name), d = lower_name(domain);
  return n == d || (n.size() > d.size() && n.compare(n.size() - d.size(), d.size(), d) == 0 &&
                    n[n.size() - d.size() - 1] == '.');
}

bool directly_in_domain(std::string_view name, std::string_view domain) {
  std::string n = lower_name(name), d = lower_name(domain);
  if (!in_domain(n, d) || n == d) return false;
  std::string_view label(n.data(), n.size() - d.size() - 1);
  return label.find('.') == std::string_view::npos;
}

Status validate_sip_domain(std::string_view domain) {
  std::string d = lower_name(domain);
  if (d.empty()) return Error{"SIPDOMAIN is empty"};
  if (d.find('.') == std::string::npos) return Error{fmt::format("'{}': a SIP domain has at least two labels (contoso.com)", domain)};
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

int DiscoverResult::exit_code() const {
  // An unfinished run never says "pass": what was judged stands when it is wrong.
  if (deadline_reached && worst == rules::Verdict::kPass) return 3;
  if (!probed && any_record) {
    return worst == rules::Verdict::kPass ? 0 : (worst == rules::Verdict::kWarn ? 1 : 2);
  }
  if (!any_judged) {
    // DNS findings alone still decide when the records themselves are wrong.
    return worst == rules::Verdict::kPass ? 3 : (worst == rules::Verdict::kFail ? 2 : (any_record ? 1 : 3));
  }
  switch (worst) {
    case rules::Verdict::kPass: return 0;
    case rules::Verdict::kWarn: return 1;
    case rules::Verdict::kFail: return 2;
  }
  return 3;
}

namespace {

void add_finding(DiscoverResult& r, rules::Finding f) {
  r.worst = worse(r.worst, rules::verdict_of(f.severity));
  r.findings.push_back(std::move(f));
}

void dns_findings(DiscoverResult& r) {
  const std::string& d = r.domain;
  bool any_sip = false;
  const DiscoveredRecord* lyncdiscover = nullptr;
  const DiscoveredRecord* lyncdiscoverinternal = nullptr;
  for (const auto& rec : r.records) {
    if (rec.status == DnsStatus::kTimeout || rec.status == DnsStatus::kError) {
      add_finding(r, make_finding("dns.lookup-failed", rules::Severity::kWarn, rec.spec.profiles,
                                    fmt::format("The lookup of {} failed: {}", rec.name, rec.error),
                                    "Check that the DNS server answers for the zone (and --dns-server, if given).",
                                    rec.spec.rules, "A DNS lookup a client makes failed"));
    }
    if (rec.status != DnsStatus::kOk) continue;
    if (rec.spec.prefix == "lyncdiscover.") lyncdiscover = &rec;
    if (rec.spec.prefix == "lyncdiscoverinternal.") lyncdiscoverinternal = &rec;
    if (rec.spec.protocol == Protocol::kSip) any_sip = true;
    for (const auto& s : rec.srv) {
      if (rec.spec.federation) {
        if (!directly_in_domain(s.target, d)) {
          add_finding(r, make_finding(
                             "dns.federation-target-not-in-domain", rules::Severity::kFail, rec.spec.profiles,
                             fmt::format("The {} target {} is not directly in {}: federation partners look for the "
                                         "Access Edge in exactly the SIP domain and refuse it (ms-diagnostics 1009)",
                                         rec.name, s.target, d),
                             fmt::format("Point {} at an Access Edge name directly in {} (for example sip.{}) and put "
                                         "that name on the Edge external certificate.",
                                         rec.name, d, d),
                             "DNS-10; E-09; E-11", "The federation SRV target lies exactly in the SIP domain"));
        }
      } else if (!in_domain(s.target, d)) {
        add_finding(r, make_finding(
                           "dns.srv-target-outside-domain", rules::Severity::kFail, rec.spec.profiles,
                           fmt::format("The {} target {} is not in {}: with strict DNS naming (the default) clients "
                                       "refuse it and automatic sign-in fails",
                                       rec.name, s.target, d),
                           fmt::format("Point {} at a name in {} (for example sip.{}, an A record for the pool) and add "
                                       "that name to the pool's Default certificate SAN; or set the client policy "
                                       "DisableStrictDNSNaming, or publish a pin-point zone.",
                                       rec.name, d, d),
                           "DNS-07; DNS-08; DNS-09", "SRV targets lie in the SIP domain (strict DNS naming)"));
      }
    }
    if (rec.host && !rec.host->cname_chain.empty() && rec.spec.protocol == Protocol::kHttps &&
        !in_domain(rec.host->canonical_name, d)) {
      add_finding(r, make_finding(
                         "dns.autodiscover-cname-cross-domain", rules::Severity::kWarn,
                         {"mobile-ios", "mobile-android"},
                         fmt::format("{} is a CNAME to {}, in another domain: mobile clients reject an HTTPS "
                                     "redirection into another domain",
                                     rec.name, rec.host->canonical_name),
                         fmt::format("Publish {} as an A record (or a CNAME inside {}), or let clients reach it over "
                                     "HTTP first.",
                                     rec.name, d),
                         "MOB-04", "No HTTPS CNAME from lyncdiscover into another domain"));
    }
  }
  if (lyncdiscover != nullptr && lyncdiscoverinternal == nullptr) {
    add_finding(r, make_finding(
                       "dns.lyncdiscoverinternal-missing", rules::Severity::kWarn, kAutodiscoverClients,
                       fmt::format("lyncdiscover.{0} is published but lyncdiscoverinternal.{0} is not: inside the "
                                   "network clients get the external answer",
                                   d),
                       fmt::format("Publish lyncdiscoverinternal.{0} in the internal zone, pointing at the Front End "
                                   "pool or Director web services, and keep lyncdiscover.{0} external.",
                                   d),
                       "DNS-14", "Publish lyncdiscoverinternal inside and lyncdiscover outside"));
  }
  if (!any_sip) {
    add_finding(r, make_finding(
                       "dns.no-sip-records", rules::Severity::kFail, kDesktopAndPhones,
                       fmt::format("No SIP sign-in record for {} was found (_sipinternaltls._tcp, _sip._tls, "
                                   "sipinternal, sip, sipexternal): automatic sign-in cannot find a server",
                                   d),
                       fmt::format("Publish _sipinternaltls._tcp.{0} (internal) and _sip._tls.{0} (external) SRV "
                                   "records pointing at names in {0}.",
                                   d),
                       "DNS-01; DNS-04; DNS-05", "A SIP domain publishes its sign-in records"));
  }
}

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
  DnsWalk(asio::io_context& io, const ResolverOptions& dns, std::chrono::milliseconds budget, DiscoverResult& r)
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
  DiscoverResult& r_;
};

// A target whose name did not resolve is not probed (a client could not reach it either), unless
// a --connect-to rule sends it to another host.
void mark_unresolved(DiscoverResult& r, const std::vector<ConnectTo>& connect_to) {
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

DiscoverResult discover(const DiscoverOptions& options, const JudgeFunction& judge) {
  DiscoverResult r;
  r.domain = lower_name(options.domain);
  r.deadline = options.deadline.count() > 0 ? options.deadline : default_deadline(options.probe.timeout);
  const auto start = options.started.value_or(Clock::now());
  const auto end = start + r.deadline;
  asio::io_context io;

  // 1. DNS: all lookups at once, the records kept in client order.
  {
    DnsWalk walk(io, options.dns, std::min(options.dns.query_timeout, left_until(end)), r);
    walk.start();
    io.run();
    io.restart();
  }
  for (const auto& rec : r.records) {
    if (rec.srv_answered <= rec.srv.size()) continue;
    r.notes.push_back(DiscoverNote{
        "dns.srv-answer-capped",
        fmt::format("{} answered {} SRV records: the first {} in client order (priority, then weight) were kept, "
                    "{} dropped",
                    rec.name, rec.srv_answered, rec.srv.size(), rec.srv_answered - rec.srv.size())});
  }

  dns_findings(r);
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
    std::optional<Result<pki::Evidence>> result;
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
      const bool shortened = o.timeout < options.probe.timeout;
      slots[mine].result.emplace(co_await probe_async(io, std::move(o)));
      // A shortened probe that failed at the deadline (its own timer may end a hair before it) was
      // cut by it, not refused.
      if (shortened && !slots[mine].result->ok() && left_until(end) <= kDeadlineTolerance) {
        slots[mine].cut_by_deadline = true;
      }
    }
  };
  const int workers = std::max(1, std::min<int>(options.concurrency, static_cast<int>(slots.size())));
  for (int w = 0; w < workers && !slots.empty(); ++w) asio::co_spawn(io, worker(), asio::detached);
  io.run();

  // 3. Judge each target against the name dialled there, for the record's clients.
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
      if (judge && !t.profiles.empty()) {
        t.judgement = judge(*t.evidence, t.profiles);
        r.any_judged = true;
        r.worst = worse(r.worst, t.judgement->worst());
      }
    }
  }
  if (cut > 0) {
    r.deadline_reached = true;
    r.notes.push_back(DiscoverNote{
        "discover.deadline",
        fmt::format("discover's deadline ({}) ran out: {} of {} targets not probed", seconds_text(r.deadline), cut,
                    slots.size())});
  }

  // 4. Unreachable targets: a SIP A-record fallback needs one of its ports; SRV and autodiscover
  // targets must answer where they point. Targets left out by a cap or the deadline say nothing
  // about the deployment (the notes say why they were left out).
  for (auto& rec : r.records) {
    if (rec.targets.empty()) continue;
    bool any_ok = std::any_of(rec.targets.begin(), rec.targets.end(), [](const ProbedTarget& t) { return t.evidence.has_value(); });
    for (const auto& t : rec.targets) {
      if (t.evidence) continue;
      if (t.not_probed == NotProbed::kOverCap || t.not_probed == NotProbed::kDeadline) continue;
      if (rec.spec.kind == RecordKind::kHost && rec.spec.ports.size() > 1 && any_ok) continue;
      add_finding(r, make_finding(
                         "net.target-unreachable", rules::Severity::kWarn, t.profiles,
                         fmt::format("{} points clients at {}:{}, which could not be probed: {}", rec.name, t.name,
                                     t.port, t.error),
                         fmt::format("Make {}:{} answer TLS (or remove the record), then run discover again.", t.name,
                                     t.port),
                         rec.spec.rules, "Every target a record names answers TLS"));
    }
  }
  return r;
}

}  // namespace uccert::net
