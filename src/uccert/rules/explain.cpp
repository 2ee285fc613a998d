#include "uccert/rules/explain.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <span>

#include "uccert/net/ms_diagnostics.h"

namespace uccert::rules {

namespace {

struct Cause {
  std::string_view id;
  std::string_view why;
};

constexpr std::string_view kSipCheck = "uccert check --proto sip HOST:5061 --name FQDN";
constexpr std::string_view kUmCheck =
    "uccert check --proto sip UMSERVER:5061 --name UMSERVER --profile exchange-um-peer";
constexpr std::string_view kHttpsCheck = "uccert check HOST:443 --name FQDN";
constexpr std::string_view kDiscover = "uccert discover SIPDOMAIN";

// The certificate causes behind an HRESULT (uc-rules §7).
struct HresultCauses {
  std::uint32_t value;
  std::string_view source;
  std::array<Cause, 4> causes;
  std::array<std::string_view, 2> next;
};

constexpr Cause kNameMismatch{"name.mismatch", "the name the peer dialled is not on its certificate"};
constexpr Cause kCnOnly{"name.cn-only-mismatch",
                        "Lync validating Exchange UM reads only the Subject CN, which must be the UM server's FQDN"};
constexpr Cause kWildcardOnly{"name.wildcard-only", "the name is covered only by a wildcard the client refuses"};
constexpr Cause kUntrusted{"trust.untrusted-root", "the chain leads to a root this computer does not trust"};
constexpr Cause kNonRoot{
    "trust.non-root-in-root-store",
    "an intermediate in Trusted Root Certification Authorities breaks Lync on Windows Server 2012+"};
constexpr Cause kIncomplete{"chain.incomplete", "the server does not send its intermediate"};
constexpr Cause kSelfSigned{"trust.self-signed", "the peer presents a self-signed certificate"};
constexpr Cause kExpired{"time.expired", "a certificate on the path has expired"};
constexpr Cause kNotYet{"time.not-yet-valid", "a certificate is not valid yet (often the CA's time zone)"};
constexpr Cause kNoCdp{"ext.no-crl-distribution-point",
                       "revocation could not be checked: no CRL distribution point, or one the server cannot reach"};
constexpr Cause kNoServerAuth{"eku.no-server-auth", "the certificate lacks the Server Authentication EKU"};
constexpr Cause kFederation{"dns.federation-target-not-in-domain",
                            "the partner's _sipfederationtls._tcp target is not directly in its SIP domain"};
constexpr Cause kMd5{"sig.md5", "an MD5 signature in the chain makes Schannel end the handshake"};
constexpr Cause kWildcardCn{"name.wildcard-cn", "a wildcard Subject CN is not a server FQDN Lync can match"};

constexpr std::array kHresultCauses = {
    HresultCauses{0x800B010F, "E-13; E-25; UM-07", {kNameMismatch, kCnOnly, kWildcardOnly}, {kSipCheck, kUmCheck}},
    HresultCauses{0x80090322, "E-15", {kNameMismatch, kWildcardOnly}, {kSipCheck}},
    HresultCauses{0xC3E93D67, "E-10; E-08", {kNameMismatch}, {kSipCheck}},
    HresultCauses{0xC3E93C2F, "E-20; UM-02", {kCnOnly}, {kUmCheck}},
    HresultCauses{0xC3E93D6F, "E-11; DNS-10", {kFederation}, {kDiscover}},
    HresultCauses{0x800B0109, "E-14; G-15; G-11", {kUntrusted, kNonRoot, kIncomplete, kSelfSigned}, {kSipCheck}},
    HresultCauses{0x80090325, "E-14; G-11", {kUntrusted, kIncomplete, kSelfSigned}, {kSipCheck}},
    HresultCauses{0x800B010A, "K-08", {kIncomplete, kUntrusted}, {kSipCheck, kHttpsCheck}},
    HresultCauses{0x800B0101, "G-19", {kExpired, kNotYet}, {kSipCheck}},
    HresultCauses{0x80090328, "G-19", {kExpired, kNotYet}, {kSipCheck}},
    HresultCauses{0x80092012, "G-02; K-07; G-03", {kNoCdp}, {kSipCheck}},
    HresultCauses{0x80092013, "G-02; K-07; G-03", {kNoCdp}, {kSipCheck}},
    HresultCauses{0x800B010E, "G-02; K-07; G-03", {kNoCdp}, {kSipCheck}},
    HresultCauses{0x800B0110, "G-01; K-01", {kNoServerAuth}, {kSipCheck}},
    HresultCauses{0x800B0106, "G-01; K-01", {kNoServerAuth}, {kSipCheck}},
};

// Event ids (uc-rules §7). `conservative`: the reading comes from field reports, not Microsoft's
// description of the event.
struct EventCauses {
  int id;
  std::string_view what;
  std::string_view source;
  bool conservative;
  std::array<Cause, 4> causes;
  std::array<std::string_view, 2> next;
};

constexpr std::array kEvents = {
    EventCauses{14428,
                "Lync / OCS Protocol Stack: TLS outgoing connection failures (wrong principal or untrusted root)",
                "E-12", false, {kNameMismatch, kUntrusted, kIncomplete}, {kSipCheck}},
    EventCauses{32042, "LS User Services: invalid incoming HTTPS certificate (expired or untrusted; KB 2901554)",
                "E-14; G-15", false, {kNonRoot, kUntrusted, kExpired, kIncomplete}, {kHttpsCheck}},
    EventCauses{61029, "LS MCU: a service received an invalid client certificate (CERT_E_UNTRUSTEDROOT in the field)",
                "E-14; G-15", true, {kNonRoot, kUntrusted}, {kHttpsCheck}},
    EventCauses{1400, "Exchange UM: no answer to SIP OPTIONS from the Lync pool (Lync drops UM's MTLS)",
                "E-19; UM-02; UM-06", true, {kCnOnly, kWildcardCn}, {kUmCheck}},
    EventCauses{1344, "Exchange UM: message waiting indication could not be delivered to Lync",
                "E-19; UM-02; UM-06", true, {kCnOnly, kWildcardCn}, {kUmCheck}},
    EventCauses{32263, "Lync Front End: UM routing failed (SIPPROXY_E_UNKNOWN_USER_OR_EPID)", "E-20; UM-02", true,
                {kCnOnly}, {kUmCheck}},
    EventCauses{36888, "Schannel: a fatal alert was generated (alert 40, state 1205: MD5 in the chain in the field)",
                "E-21; G-17", true, {kMd5}, {kSipCheck}},
    EventCauses{36874, "Schannel: no cipher suite in common (seen with MD5 in the chain)", "E-21; G-17", true,
                {kMd5}, {kSipCheck}},
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void add_causes(Explanation& e, std::span<const Cause> causes) {
  for (const auto& c : causes) {
    if (c.id.empty()) continue;
    if (std::any_of(e.causes.begin(), e.causes.end(), [&](const LikelyCause& l) { return l.finding_id == c.id; }))
      continue;
    e.causes.push_back({std::string(c.id), std::string(c.why)});
  }
}

void add_next(Explanation& e, std::span<const std::string_view> next) {
  for (const auto& n : next)
    if (!n.empty() && std::find(e.next.begin(), e.next.end(), n) == e.next.end()) e.next.emplace_back(n);
}

void add_source(Explanation& e, std::string_view source) {
  if (source.empty() || e.source.find(source) != std::string::npos) return;
  e.source += (e.source.empty() ? "" : "; ") + std::string(source);
}

const HresultCauses* hresult_causes(std::uint32_t value) {
  for (const auto& h : kHresultCauses)
    if (h.value == value) return &h;
  return nullptr;
}

// Adds what an HRESULT says; false when uccert knows nothing of it.
bool explain_hresult(Explanation& e, std::uint32_t value) {
  const std::string_view name = net::hresult_name(value);
  const HresultCauses* causes = hresult_causes(value);
  if (name.empty() && causes == nullptr) return false;
  e.decoded.push_back(fmt::format("HRESULT {} {}", net::format_hresult(value), name.empty() ? "(unnamed)" : name));
  if (causes != nullptr) {
    add_causes(e, causes->causes);
    add_source(e, causes->source);
    add_next(e, causes->next);
  } else {
    add_source(e, net::hresult_rule(value));
    e.decoded.push_back("no certificate finding of uccert explains this code (revocation is not checked)");
  }
  return true;
}

// "0x800B010F", "800b010f", "-2146762481", "2148204815", or the name "CERT_E_CN_NO_MATCH".
std::optional<std::uint32_t> parse_hresult(std::string_view text) {
  std::string_view t = trim(text);
  if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
    std::uint32_t v = 0;
    auto [p, ec] = std::from_chars(t.data() + 2, t.data() + t.size(), v, 16);
    if (ec == std::errc{} && p == t.data() + t.size() && t.size() == 10) return v;
    return std::nullopt;
  }
  const auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  if (t.size() == 8 && std::all_of(t.begin(), t.end(), hex)) {
    std::uint32_t v = 0;
    std::from_chars(t.data(), t.data() + t.size(), v, 16);
    if (v >= 0x80000000U) return v;
  }
  // Decimal, as event logs print them ("Certificate error: -2146762487"), signed or not.
  std::int64_t d = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), d);
  if (ec == std::errc{} && p == t.data() + t.size() && t.size() >= 10) {
    if (d < 0 && d >= INT32_MIN) return static_cast<std::uint32_t>(static_cast<std::int32_t>(d));
    if (d >= 0x80000000LL && d <= 0xFFFFFFFFLL) return static_cast<std::uint32_t>(d);
  }
  for (const auto& h : kHresultCauses)
    if (lower(net::hresult_name(h.value)) == lower(t)) return h.value;
  return std::nullopt;
}

// "1010;reason=..." or "ms-diagnostics: 1010;..." (a header as copied from a trace).
std::optional<Explanation> explain_ms_diagnostics(std::string_view text) {
  std::string_view t = trim(text);
  const std::string l = lower(t);
  for (std::string_view prefix : {"ms-diagnostics-public:", "ms-diagnostics:"})
    if (l.starts_with(prefix)) {
      t = trim(t.substr(prefix.size()));
      break;
    }
  if (t.find(';') == std::string_view::npos) return std::nullopt;
  auto d = net::parse_ms_diagnostics(t);
  if (!d) return std::nullopt;
  Explanation e;
  e.kind = "ms-diagnostics";
  e.decoded.push_back(fmt::format("ms-diagnostics {}{}", d->code, d->reason.empty() ? "" : ": " + d->reason));
  for (const auto& [k, v] : d->parameters)
    if (k != "reason") e.decoded.push_back(fmt::format("{} = {}", k, v));
  add_source(e, net::diagnostics_rule(d->code));
  bool known = d->code == 1010 || d->code == 1009;
  if (d->hresult) known = explain_hresult(e, *d->hresult) || known;
  if (d->code == 1010 && e.causes.empty()) {
    add_causes(e, std::array{kNameMismatch, kUntrusted, kIncomplete});
    add_next(e, std::array{kSipCheck});
  }
  if (d->code == 1009) {
    add_causes(e, std::array{kFederation});
    add_source(e, "DNS-10");
    add_next(e, std::array{kDiscover});
  }
  if (!known) return std::nullopt;  // a code uccert knows nothing about: said as unknown input
  // Exchange UM put it there (msexchHRESULT, appName ExumRouting: E-25): Lync names a UM peer by
  // its Subject CN only, so that cause and the UM check come first.
  const bool from_um = d->parameters.contains("msexchHRESULT") ||
                       (d->parameters.contains("appName") && lower(d->parameters.at("appName")).starts_with("exum"));
  if (from_um) {
    std::stable_partition(e.causes.begin(), e.causes.end(),
                          [](const LikelyCause& c) { return c.finding_id == kCnOnly.id; });
    std::stable_partition(e.next.begin(), e.next.end(), [](const std::string& n) { return n == kUmCheck; });
  }
  return e;
}

std::optional<Explanation> explain_event(std::string_view text) {
  std::string t = lower(trim(text));
  for (std::string_view prefix : {"event id", "eventid", "event"})
    if (t.starts_with(prefix)) {
      t = std::string(trim(std::string_view(t).substr(prefix.size())));
      if (!t.empty() && (t.front() == ':' || t.front() == '-')) t = std::string(trim(std::string_view(t).substr(1)));
      break;
    }
  int id = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), id);
  if (ec != std::errc{} || p != t.data() + t.size() || t.size() > 5) return std::nullopt;
  for (const auto& ev : kEvents) {
    if (ev.id != id) continue;
    Explanation e;
    e.kind = "event";
    e.decoded.push_back(fmt::format("event {}: {}", ev.id, ev.what));
    add_causes(e, ev.causes);
    add_source(e, ev.source);
    add_next(e, ev.next);
    e.conservative = ev.conservative;
    return e;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Explanation> explain(std::string_view text) {
  if (auto e = explain_ms_diagnostics(text)) return e;
  if (auto h = parse_hresult(text)) {
    Explanation e;
    e.kind = "HRESULT";
    if (explain_hresult(e, *h)) return e;
    return std::nullopt;
  }
  return explain_event(text);
}

std::vector<std::string> explained_finding_ids() {
  std::vector<std::string> out;
  auto add = [&](std::span<const Cause> causes) {
    for (const auto& c : causes)
      if (!c.id.empty() && std::find(out.begin(), out.end(), c.id) == out.end()) out.emplace_back(c.id);
  };
  for (const auto& h : kHresultCauses) add(h.causes);
  for (const auto& ev : kEvents) add(ev.causes);
  return out;
}

}  // namespace uccert::rules
