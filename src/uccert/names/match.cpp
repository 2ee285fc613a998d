#include "uccert/names/match.h"

#include <algorithm>

#include "uccert/names/dns_entry.h"

namespace uccert::names {
namespace {

using pki::GeneralNameType;

// The octets of an IP SAN entry: the decoder's raw bytes, or its text when no bytes were kept.
std::vector<std::uint8_t> ip_octets(const pki::GeneralName& gn) {
  if (gn.raw.size() == 4 || gn.raw.size() == 16) return gn.raw;
  if (!gn.raw.empty()) return {};
  auto parsed = parse_reference_host(gn.value);
  if (parsed.ok() && parsed->is_ip()) return parsed->ip;
  return {};
}

EntryVerdict verdict_from(EntrySource source, std::string entry, std::size_t position, const DnsEntryCheck& c) {
  EntryVerdict v;
  v.source = source;
  v.entry = std::move(entry);
  v.position = position;
  v.matched = c.reason == Reason::kMatched;
  v.wildcard = c.wildcard;
  v.reason = c.reason;
  v.why = c.why;
  v.would_match = c.would_match;
  v.shared_labels = c.shared_labels;
  return v;
}

EntryVerdict not_consulted(EntryVerdict v, Reason reason, std::string why) {
  v.would_match = v.matched || v.would_match;
  v.matched = false;
  v.reason = reason;
  v.why = std::move(why);
  return v;
}

EntryVerdict ip_host_vs_name(EntrySource source, std::string entry, std::size_t position) {
  EntryVerdict v;
  v.source = source;
  v.wildcard = is_wildcard_entry(entry);
  v.entry = std::move(entry);
  v.position = position;
  v.reason = Reason::kIpHostNotDns;
  v.why = "an IP address is matched only against IP address entries";
  return v;
}

bool source_not_consulted(Reason r) {
  return r == Reason::kCnNotConsulted || r == Reason::kCnNotConsultedSanPresent || r == Reason::kSanNotConsulted;
}

// Sort rank: explicit match, wildcard match, an entry the client read but whose wildcard it
// refuses, an entry naming the host where the client does not look, the rest.
int rank(const EntryVerdict& v) {
  if (v.matched) return v.wildcard ? 1 : 0;
  if (v.would_match) return source_not_consulted(v.reason) ? 3 : 2;
  return 4;
}

}  // namespace

bool is_wildcard_entry(std::string_view entry) { return entry.find('*') != std::string_view::npos; }

PresentedNames PresentedNames::of(const pki::Certificate& cert) {
  PresentedNames n;
  n.subject_alt_names = cert.subject_alt_names;
  n.common_names = cert.subject_common_names;
  return n;
}

const EntryVerdict* NameMatch::matching() const {
  for (const auto& e : entries)
    if (e.matched) return &e;
  return nullptr;
}

bool NameMatch::only_by_wildcard() const {
  if (!matched) return false;
  return std::none_of(entries.begin(), entries.end(), [](const EntryVerdict& e) { return e.matched && !e.wildcard; });
}

NameMatch match(std::string_view host, const pki::Certificate& cert, const NamePolicy& policy) {
  return match(host, PresentedNames::of(cert), policy);
}

NameMatch match(std::string_view host, const PresentedNames& names, const NamePolicy& policy) {
  NameMatch out;
  auto parsed = parse_reference_host(host);
  if (!parsed.ok()) {
    out.host = normalise_host(host);
    out.host_error = parsed.error().message;
    return out;
  }
  const ReferenceHost& ref = *parsed;
  out.host = ref.text;
  const bool cn_only = policy.common_name == CommonName::kOnly;

  bool has_dns_san = false;
  for (const auto& gn : names.subject_alt_names)
    if (gn.type == GeneralNameType::kDns) has_dns_san = true;

  for (std::size_t i = 0; i < names.subject_alt_names.size(); ++i) {
    const auto& gn = names.subject_alt_names[i];
    if (gn.type == GeneralNameType::kDns) {
      EntryVerdict v = ref.is_ip() ? ip_host_vs_name(EntrySource::kSanDns, gn.value, i)
                                   : verdict_from(EntrySource::kSanDns, gn.value, i,
                                                  check_dns_entry(ref, gn.value, policy.wildcards));
      if (cn_only && !ref.is_ip())
        v = not_consulted(std::move(v), Reason::kSanNotConsulted,
                          "SAN not consulted by this client (it reads only the subject CN)");
      out.entries.push_back(std::move(v));
    } else if (gn.type == GeneralNameType::kIp) {
      EntryVerdict v;
      v.source = EntrySource::kSanIp;
      v.entry = gn.value;
      v.position = i;
      const auto octets = ip_octets(gn);
      if (!ref.is_ip()) {
        v.reason = Reason::kDnsHostIpEntry;
        v.why = "IP address entry; the host is a DNS name";
      } else if (octets.empty()) {
        v.reason = Reason::kInvalidEntry;
        v.why = "not a valid IP address entry";
      } else if (octets == ref.ip) {
        v.matched = true;
        v.reason = Reason::kMatched;
      } else {
        v.reason = Reason::kDifferentAddress;
        v.why = octets.size() != ref.ip.size()
                    ? (octets.size() == 4 ? "IPv4 entry; the host is an IPv6 address"
                                          : "IPv6 entry; the host is an IPv4 address")
                    : "different address";
      }
      if (cn_only && ref.is_ip())
        v = not_consulted(std::move(v), Reason::kSanNotConsulted,
                          "SAN not consulted by this client (it reads only the subject CN)");
      out.entries.push_back(std::move(v));
    }
  }

  const bool cn_consulted = policy.common_name == CommonName::kAlways || cn_only ||
                            (policy.common_name == CommonName::kFallback && !has_dns_san);
  for (std::size_t i = 0; i < names.common_names.size(); ++i) {
    const auto& cn = names.common_names[i];
    if (ref.is_ip()) {
      // RFC 6125 / CA/B Forum: an IP address is never matched against the CN.
      out.entries.push_back(ip_host_vs_name(EntrySource::kSubjectCn, cn, i));
      continue;
    }
    EntryVerdict v = verdict_from(EntrySource::kSubjectCn, cn, i, check_dns_entry(ref, cn, policy.wildcards));
    if (!cn_consulted) {
      if (policy.common_name == CommonName::kIgnore)
        v = not_consulted(std::move(v), Reason::kCnNotConsulted, "CN not consulted by this client");
      else
        v = not_consulted(std::move(v), Reason::kCnNotConsultedSanPresent,
                          "CN not consulted: the certificate has DNS SAN entries");
    }
    out.entries.push_back(std::move(v));
  }

  std::stable_sort(out.entries.begin(), out.entries.end(), [](const EntryVerdict& a, const EntryVerdict& b) {
    const int ra = rank(a);
    const int rb = rank(b);
    if (ra != rb) return ra < rb;
    return a.shared_labels > b.shared_labels;
  });
  out.matched = !out.entries.empty() && out.entries.front().matched;
  return out;
}

SanCoverage san_coverage(std::string_view host, const pki::Certificate& cert) {
  return san_coverage(host, PresentedNames::of(cert));
}

SanCoverage san_coverage(std::string_view host, const PresentedNames& names) {
  SanCoverage out;
  auto parsed = parse_reference_host(host);
  const bool dns_host = parsed.ok() && !parsed->is_ip();
  for (std::size_t i = 0; i < names.subject_alt_names.size(); ++i) {
    const auto& gn = names.subject_alt_names[i];
    if (gn.type != GeneralNameType::kDns) continue;
    const bool wildcard = is_wildcard_entry(gn.value);
    if (wildcard && !out.first_wildcard) out.first_wildcard = i;
    if (!dns_host) continue;
    const auto c = check_dns_entry(*parsed, gn.value, Wildcards::kLeftmostLabel);
    if (c.reason != Reason::kMatched) continue;
    if (wildcard) {
      if (!out.covering_wildcard) out.covering_wildcard = i;
    } else if (!out.explicit_entry) {
      out.explicit_entry = i;
    }
  }
  return out;
}

}  // namespace uccert::names
