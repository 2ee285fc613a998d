#include "uccert/net/discover.h"

#include <algorithm>
#include <map>
#include <memory>
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
  return Ok{};
}

int DiscoverResult::exit_code() const {
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

struct ProbeKey {
  std::string name;
  std::uint16_t port;
  Protocol protocol;
  auto operator<=>(const ProbeKey&) const = default;
};

struct ProbeSlot {
  ProbeOptions options;
  std::optional<Result<pki::Evidence>> result;
};

}  // namespace

DiscoverResult discover(const DiscoverOptions& options, const JudgeFunction& judge) {
  DiscoverResult r;
  r.domain = lower_name(options.domain);
  asio::io_context io;
  Resolver resolver(io, options.dns);

  // 1. DNS, in client order.
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        for (const auto& spec : discovery_records()) {
          DiscoveredRecord rec;
          rec.spec = spec;
          rec.name = spec.prefix + r.domain;
          if (spec.kind == RecordKind::kSrv) {
            auto a = co_await resolver.srv(rec.name);
            rec.status = a.status;
            rec.error = a.error;
            rec.srv = a.records;
            if (spec.tls) {
              for (const auto& s : rec.srv) {
                ProbedTarget t;
                t.name = s.target;
                t.port = s.port;
                t.protocol = spec.protocol;
                t.profiles = spec.profiles;
                t.addresses = co_await resolver.addresses(s.target);
                rec.targets.push_back(std::move(t));
              }
            }
          } else {
            auto a = co_await resolver.addresses(rec.name);
            rec.status = a.status;
            rec.error = a.error;
            if (a.status == DnsStatus::kOk) {
              for (auto port : spec.ports) {
                ProbedTarget t;
                t.name = rec.name;
                t.port = port;
                t.protocol = spec.protocol;
                t.profiles = spec.profiles;
                t.addresses = a;
                rec.targets.push_back(std::move(t));
              }
            }
            rec.host = std::move(a);
          }
          if (rec.status == DnsStatus::kOk) r.any_record = true;
          r.records.push_back(std::move(rec));
        }
      },
      asio::detached);
  io.run();
  io.restart();

  dns_findings(r);
  if (!options.probe_targets) return r;
  r.probed = true;

  // 2. Probe each distinct (name, port, protocol) once, a few at a time, on the one io_context.
  std::map<ProbeKey, std::size_t> index;
  std::vector<ProbeSlot> slots;
  for (auto& rec : r.records) {
    for (auto& t : rec.targets) {
      ProbeKey k{t.name, t.port, t.protocol};
      if (index.count(k) != 0) continue;
      ProbeOptions o = options.probe;
      o.host = t.name;
      o.port = t.port;
      o.protocol = t.protocol;
      o.dns = options.dns;
      o.dns.query_timeout = std::min(o.dns.query_timeout, o.timeout);
      o.http_path = "/";
      index.emplace(k, slots.size());
      slots.push_back(ProbeSlot{std::move(o), std::nullopt});
    }
  }
  std::size_t next = 0;
  const int workers = std::max(1, std::min<int>(options.concurrency, static_cast<int>(slots.size())));
  for (int w = 0; w < workers && !slots.empty(); ++w) {
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          while (next < slots.size()) {
            std::size_t mine = next++;
            slots[mine].result.emplace(co_await probe_async(io, slots[mine].options));
          }
        },
        asio::detached);
  }
  io.run();

  // 3. Judge each target against the name dialled there, for the record's clients.
  for (auto& rec : r.records) {
    for (auto& t : rec.targets) {
      auto& slot = slots[index.at(ProbeKey{t.name, t.port, t.protocol})];
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

  // 4. Unreachable targets: a SIP A-record fallback needs one of its ports; SRV and autodiscover
  // targets must answer where they point.
  for (auto& rec : r.records) {
    if (rec.targets.empty()) continue;
    bool any_ok = std::any_of(rec.targets.begin(), rec.targets.end(), [](const ProbedTarget& t) { return t.evidence.has_value(); });
    for (const auto& t : rec.targets) {
      if (t.evidence) continue;
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
