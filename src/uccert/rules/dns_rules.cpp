// The DNS rules of `discover` (uc-rules section 4): what the records a client looks up must say,
// and that every target they name answers.
#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "uccert/names/reference_host.h"
#include "uccert/rules/dns_rule.h"

namespace uccert::rules {

namespace {

using evidence::DiscoveredRecord;
using evidence::DiscoveryFacts;
using evidence::DnsStatus;
using evidence::NotProbed;
using evidence::ProbedTarget;
using evidence::Protocol;
using evidence::RecordKind;

// A finding for the rule's own clients (DnsRule::clients, filled by the emitter).
Finding finding(std::string message, std::string fix, std::string source = {}) {
  Finding f;
  f.message = std::move(message);
  f.fix = std::move(fix);
  f.source = std::move(source);
  return f;
}

// A finding for the clients that look the record up.
Finding for_record(const DiscoveredRecord& rec, std::string message, std::string fix, std::string source = {}) {
  Finding f = finding(std::move(message), std::move(fix), std::move(source));
  f.profiles = rec.spec.profiles;
  return f;
}

void lookup_failed(const DiscoveryFacts&, const DiscoveredRecord* rec, DnsEmitter& out) {
  if (rec->status != DnsStatus::kTimeout && rec->status != DnsStatus::kError) return;
  out.emit(for_record(*rec, fmt::format("The lookup of {} failed: {}", rec->name, rec->error),
                      "Check that the DNS server answers for the zone (and --dns-server, if given).", rec->spec.rules));
}

void federation_target(const DiscoveryFacts& facts, const DiscoveredRecord* rec, DnsEmitter& out) {
  if (rec->status != DnsStatus::kOk || !rec->spec.federation) return;
  const std::string& d = facts.domain;
  for (const auto& s : rec->srv) {
    if (directly_in_domain(s.target, d)) continue;
    out.emit(for_record(*rec,
                        fmt::format("The {} target {} is not directly in {}: federation partners look for the Access "
                                    "Edge in exactly the SIP domain and refuse it (ms-diagnostics 1009)",
                                    rec->name, s.target, d),
                        fmt::format("Point {} at an Access Edge name directly in {} (for example sip.{}) and put that "
                                    "name on the Edge external certificate.",
                                    rec->name, d, d)));
  }
}

void srv_target_outside(const DiscoveryFacts& facts, const DiscoveredRecord* rec, DnsEmitter& out) {
  if (rec->status != DnsStatus::kOk || rec->spec.federation) return;
  const std::string& d = facts.domain;
  for (const auto& s : rec->srv) {
    if (in_domain(s.target, d)) continue;
    out.emit(for_record(*rec,
                        fmt::format("The {} target {} is not in {}: with strict DNS naming (the default) clients "
                                    "refuse it and automatic sign-in fails",
                                    rec->name, s.target, d),
                        fmt::format("Point {} at a name in {} (for example sip.{}, an A record for the pool) and add "
                                    "that name to the pool's Default certificate SAN; or set the client policy "
                                    "DisableStrictDNSNaming, or publish a pin-point zone.",
                                    rec->name, d, d)));
  }
}

constexpr std::string_view kMobileClients[] = {"mobile-ios", "mobile-android"};
constexpr std::string_view kAutodiscoverClients[] = {"lync-desktop", "mobile-ios", "mobile-android"};
constexpr std::string_view kDesktopAndPhones[] = {"lync-desktop", "phone-edition-legacy", "phone-edition"};

void autodiscover_cname(const DiscoveryFacts& facts, const DiscoveredRecord* rec, DnsEmitter& out) {
  if (rec->status != DnsStatus::kOk || !rec->host || rec->host->cname_chain.empty() ||
      rec->spec.protocol != Protocol::kHttps || in_domain(rec->host->canonical_name, facts.domain))
    return;
  out.emit(finding(fmt::format("{} is a CNAME to {}, in another domain: mobile clients reject an HTTPS "
                               "redirection into another domain",
                               rec->name, rec->host->canonical_name),
                   fmt::format("Publish {} as an A record (or a CNAME inside {}), or let clients reach it over "
                               "HTTP first.",
                               rec->name, facts.domain)));
}

const DiscoveredRecord* answered(const DiscoveryFacts& facts, std::string_view prefix) {
  for (const auto& rec : facts.records)
    if (rec.status == DnsStatus::kOk && rec.spec.prefix == prefix) return &rec;
  return nullptr;
}

void lyncdiscoverinternal_missing(const DiscoveryFacts& facts, const DiscoveredRecord*, DnsEmitter& out) {
  if (answered(facts, "lyncdiscover.") == nullptr || answered(facts, "lyncdiscoverinternal.") != nullptr) return;
  out.emit(finding(fmt::format("lyncdiscover.{0} is published but lyncdiscoverinternal.{0} is not: inside the "
                               "network clients get the external answer",
                               facts.domain),
                   fmt::format("Publish lyncdiscoverinternal.{0} in the internal zone, pointing at the Front End "
                               "pool or Director web services, and keep lyncdiscover.{0} external.",
                               facts.domain)));
}

void no_sip_records(const DiscoveryFacts& facts, const DiscoveredRecord*, DnsEmitter& out) {
  bool any_sip = std::any_of(facts.records.begin(), facts.records.end(), [](const DiscoveredRecord& r) {
    return r.status == DnsStatus::kOk && r.spec.protocol == Protocol::kSip;
  });
  if (any_sip) return;
  out.emit(finding(fmt::format("No SIP sign-in record for {} was found (_sipinternaltls._tcp, _sip._tls, "
                               "sipinternal, sip, sipexternal): automatic sign-in cannot find a server",
                               facts.domain),
                   fmt::format("Publish _sipinternaltls._tcp.{0} (internal) and _sip._tls.{0} (external) SRV "
                               "records pointing at names in {0}.",
                               facts.domain)));
}

// A SIP A-record fallback needs one of its ports; SRV and autodiscover targets must answer where
// they point. Targets left out by a cap or the deadline say nothing about the deployment (the
// run's notes say why they were left out).
void target_unreachable(const DiscoveryFacts&, const DiscoveredRecord* rec, DnsEmitter& out) {
  if (rec->targets.empty()) return;
  const bool any_ok = std::any_of(rec->targets.begin(), rec->targets.end(),
                                  [](const ProbedTarget& t) { return t.evidence.has_value(); });
  for (const auto& t : rec->targets) {
    if (t.evidence) continue;
    if (t.not_probed == NotProbed::kOverCap || t.not_probed == NotProbed::kDeadline) continue;
    if (rec->spec.kind == RecordKind::kHost && rec->spec.ports.size() > 1 && any_ok) continue;
    Finding f = for_record(*rec,
                           fmt::format("{} points clients at {}:{}, which could not be probed: {}", rec->name, t.name,
                                       t.port, t.error),
                           fmt::format("Make {}:{} answer TLS (or remove the record), then run discover again.",
                                       t.name, t.port),
                           rec->spec.rules);
    f.profiles = t.profiles;
    out.emit(std::move(f));
  }
}

// Severity, then the scope: record rules run for each record in client order, then domain rules,
// then (after probing) the probed-record rules; a report lists them in that order.
const DnsRule kRules[] = {
    {{"dns.lookup-failed", "A DNS lookup a client makes failed", Severity::kWarn, "the clients that look up the record",
      nullptr, "DNS-01",
      "Check that the DNS server answers for the zone (and --dns-server, if given).", {}},
     DnsRuleScope::kRecord, {}, lookup_failed},
    {{"dns.federation-target-not-in-domain", "The federation SRV target lies exactly in the SIP domain",
      Severity::kFail, "federation partners", nullptr, "DNS-10; E-09; E-11",
      "Point _sipfederationtls._tcp at an Access Edge name directly in the SIP domain and put that name on the Edge "
      "external certificate.", {}},
     DnsRuleScope::kRecord, {}, federation_target},
    {{"dns.srv-target-outside-domain", "SRV targets lie in the SIP domain (strict DNS naming)", Severity::kFail,
      "the clients that look up the record", nullptr, "DNS-07; DNS-08; DNS-09",
      "Point the SRV record at a name in the SIP domain and add that name to the pool's Default certificate SAN; or "
      "set DisableStrictDNSNaming, or publish a pin-point zone.", {}},
     DnsRuleScope::kRecord, {}, srv_target_outside},
    {{"dns.autodiscover-cname-cross-domain", "No HTTPS CNAME from lyncdiscover into another domain", Severity::kWarn,
      "mobile clients", nullptr, "MOB-04",
      "Publish lyncdiscover as an A record (or a CNAME inside the SIP domain).", {}},
     DnsRuleScope::kRecord, kMobileClients, autodiscover_cname},
    {{"dns.lyncdiscoverinternal-missing", "Publish lyncdiscoverinternal inside and lyncdiscover outside",
      Severity::kWarn, "desktop and mobile clients inside the network", nullptr, "DNS-14",
      "Publish lyncdiscoverinternal in the internal zone, pointing at the Front End pool or Director web "
      "services.",
      {}},
     DnsRuleScope::kDomain, kAutodiscoverClients, lyncdiscoverinternal_missing},
    {{"dns.no-sip-records", "A SIP domain publishes its sign-in records", Severity::kFail,
      "desktop clients and phones (automatic sign-in)", nullptr, "DNS-01; DNS-04; DNS-05",
      "Publish _sipinternaltls._tcp (internal) and _sip._tls (external) SRV records pointing at names in the SIP "
      "domain.", {}},
     DnsRuleScope::kDomain, kDesktopAndPhones, no_sip_records},
    {{"net.target-unreachable", "Every target a record names answers TLS", Severity::kWarn,
      "the clients that look up the record", nullptr, "DNS-01",
      "Make the target answer TLS (or remove the record), then run discover again.", {}},
     DnsRuleScope::kProbedRecord, {}, target_unreachable},
};

}  // namespace

void DnsEmitter::emit(Finding f) {
  const RuleDescriptor& d = rule_.descriptor;
  if (f.id.empty()) f.id = std::string(d.id);
  if (f.title.empty()) f.title = std::string(d.title);
  if (f.source.empty()) f.source = std::string(d.source);
  if (f.profiles.empty()) f.profiles.assign(rule_.clients.begin(), rule_.clients.end());
  f.severity = d.severity;
  out_.push_back(std::move(f));
}

std::span<const DnsRule> dns_rules() { return kRules; }

bool in_domain(std::string_view name, std::string_view domain) {
  std::string n = names::normalise_host(name), d = names::normalise_host(domain);
  return n == d || (n.size() > d.size() && n.compare(n.size() - d.size(), d.size(), d) == 0 &&
                    n[n.size() - d.size() - 1] == '.');
}

bool directly_in_domain(std::string_view name, std::string_view domain) {
  std::string n = names::normalise_host(name), d = names::normalise_host(domain);
  if (!in_domain(n, d) || n == d) return false;
  std::string_view label(n.data(), n.size() - d.size() - 1);
  return label.find('.') == std::string_view::npos;
}

}  // namespace uccert::rules
