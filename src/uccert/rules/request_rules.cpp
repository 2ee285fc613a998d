#include "uccert/rules/request_rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "uccert/names/match.h"
#include "uccert/names/reference_host.h"

namespace uccert::rules {

namespace {

enum Index : std::size_t {
  kNoSan,
  kNameMissing,
  kNameOnlyWildcard,
  kNameExtra,
  kWildcardBeforeFqdn,
  kWildcardCn,
  kCnNotInSan,
  kRsaTooSmall,
  kKeyNotRsa,
  kNoServerAuth,
  kCount
};

constexpr std::array<RuleDescriptor, kCount> kRules{{
    {"csr.no-san", "A request for a UC server certificate asks for subjectAltName DNS names", Severity::kFail,
     "every client (TLS name checks read the SAN)", nullptr, "G-12; G-11",
     "Make the request again with the server's FQDNs as SAN DNS names (Request-CsCertificate -DomainName, or "
     "uccert csr --san).",
     {}},
    {"csr.name-missing", "The request carries every name the clients dial", Severity::kFail,
     "every client that dials the missing name", nullptr, "G-11; FE-01; S-11",
     "Make the request again with the missing name in the SAN (the pool or SIP name first).", {}},
    {"csr.name-only-wildcard", "Names phones dial are explicit SAN entries, not only a wildcard", Severity::kWarn,
     "Lync Phone Edition (fails before 4.0.7577.4100, W-12), OCS interop (no wildcard, W-14)", nullptr,
     "W-12; LPE-05; S-01; W-13",
     "Add the name as an explicit SAN entry, before any wildcard.", {}},
    {"csr.name-extra", "The request carries only the planned names", Severity::kInfo,
     "nobody (a name the plan does not list is worth a second look before it is paid for)", nullptr, "G-11",
     "Leave the name out unless the plan misses it.", {}},
    {"csr.wildcard-before-fqdn", "Explicit FQDNs come before any wildcard in the SAN", Severity::kWarn,
     "UC devices (Lync Phone Edition) that read the SAN in order", nullptr, "W-11",
     "Make the request again with every explicit name before the wildcards.", {}},
    {"csr.wildcard-cn", "The subject CN of a Lync / Skype for Business server is its FQDN, not a wildcard",
     Severity::kWarn, "Lync and Skype for Business roles (unsupported, W-01), OCS interop (fails, W-14)", nullptr,
     "W-01; W-14; OCS-03", "Make the request again with the server FQDN as the subject CN.", {}},
    {"csr.cn-not-in-san", "The subject CN is repeated in the SAN", Severity::kWarn,
     "clients that read the SAN only (iOS, Android, browsers)", nullptr, "G-12; RP-02",
     "Make the request again with the CN also listed as a SAN DNS name.", {}},
    {"csr.rsa-too-small", "The requested key is RSA of at least 2048 bits", Severity::kFail,
     "iOS, Android, Direct Routing and browsers (refuse below 2048); Lync warns (G-05)", nullptr, "G-05; K-06",
     "Make the request again with -KeySize 2048.", {}},
    {"csr.key-not-rsa", "The requested key is RSA, which every UC client accepts", Severity::kWarn,
     "OCS 2007 R2 (RSA only, G-07), Lync Phone Edition, the Exchange UM peer and Direct Routing (read strictly)",
     nullptr, "G-06; G-07; OCS-04; DR-06", "Make the request again with an RSA key (-KeySize 2048).", {}},
    {"csr.no-server-auth", "The request asks for the Server Authentication EKU", Severity::kFail,
     "every client (fail when the EKU lists other purposes only; warn when the request names none and leaves it "
     "to the CA's template)",
     nullptr, "G-01; K-01; APPLE13",
     "Make the request again from the Web Server template, or with Server Authentication (1.3.6.1.5.5.7.3.1).", {}},
}};

class Out {
 public:
  explicit Out(Findings& f) : f_(f) {}
  void add(Index i, Severity s, std::string message, std::string fix = {}) {
    const RuleDescriptor& d = kRules[i];
    Finding f;
    f.id = std::string(d.id);
    f.title = std::string(d.title);
    f.source = std::string(d.source);
    f.severity = s;
    f.message = std::move(message);
    f.fix = fix.empty() ? std::string(d.fix) : std::move(fix);
    f_.push_back(std::move(f));
  }

 private:
  Findings& f_;
};

std::vector<std::string> san_dns(const pki::CsrView& csr) {
  std::vector<std::string> out;
  for (const auto& n : csr.requested_sans)
    if (n.type == pki::GeneralNameType::kDns) out.push_back(n.value);
  return out;
}

bool same_name(std::string_view a, std::string_view b) { return names::normalise_host(a) == names::normalise_host(b); }

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// The SAN as the request should have it: the planned names first, in their order, then the
// request's own explicit names, then its wildcards (W-11).
std::vector<std::string> suggested_order(const std::vector<std::string>& sans, const RequestPlan& plan) {
  std::vector<std::string> out;
  auto add = [&](const std::string& n) {
    if (std::none_of(out.begin(), out.end(), [&](const std::string& o) { return same_name(o, n); })) out.push_back(n);
  };
  for (const auto& n : plan.names)
    if (!names::is_wildcard_entry(n)) add(n);
  for (const auto& n : sans)
    if (!names::is_wildcard_entry(n)) add(n);
  for (const auto& n : plan.names)
    if (names::is_wildcard_entry(n)) add(n);
  for (const auto& n : sans)
    if (names::is_wildcard_entry(n)) add(n);
  return out;
}

void check_names(const pki::CsrView& csr, const RequestPlan& plan, Out& out) {
  const auto sans = san_dns(csr);
  const std::string remake =
      fmt::format("Make the request again with the SAN {}.", joined(suggested_order(sans, plan)));
  if (sans.empty()) {
    out.add(kNoSan, Severity::kFail, "The request asks for no subjectAltName DNS names: clients read the SAN, not "
                                     "the subject",
            plan.names.empty() ? std::string() : remake);
  }
  names::PresentedNames presented;
  presented.subject_alt_names = csr.requested_sans;
  presented.common_names = csr.subject_common_names;
  for (const auto& name : plan.names) {
    if (names::is_wildcard_entry(name)) {  // a planned wildcard entry: asked for as written
      const bool asked =
          std::any_of(sans.begin(), sans.end(), [&](const std::string& s) { return same_name(s, name); });
      if (!sans.empty() && !asked)
        out.add(kNameMissing, Severity::kFail, fmt::format("{} is not in the request's SAN ({})", name, joined(sans)),
                remake);
      continue;
    }
    const auto cover = names::san_coverage(name, presented);
    if (!cover.explicit_entry && !cover.covering_wildcard) {
      if (!sans.empty())
        out.add(kNameMissing, Severity::kFail, fmt::format("{} is not in the request's SAN ({})", name, joined(sans)),
                remake);
    } else if (cover.only_wildcard()) {
      out.add(kNameOnlyWildcard, Severity::kWarn,
              fmt::format("{} is covered only by the wildcard {}: Lync Phone Edition before 4.0.7577.4100 and OCS "
                          "interop need it as an explicit entry",
                          name, sans[*cover.covering_wildcard]),
              remake);
    }
  }
  if (!plan.names.empty()) {
    for (const auto& s : sans) {
      const bool planned =
          std::any_of(plan.names.begin(), plan.names.end(), [&](const std::string& n) { return same_name(n, s); });
      if (!planned && !names::is_wildcard_entry(s))
        out.add(kNameExtra, Severity::kInfo, fmt::format("{} is in the request but not in the plan", s));
    }
  }
  const auto first_wildcard = std::find_if(sans.begin(), sans.end(), names::is_wildcard_entry);
  if (first_wildcard != sans.end() &&
      std::any_of(first_wildcard, sans.end(), [](const std::string& s) { return !names::is_wildcard_entry(s); })) {
    out.add(kWildcardBeforeFqdn, Severity::kWarn,
            fmt::format("The wildcard {} comes before explicit names in the SAN ({}): strict UC devices fail on it",
                        *first_wildcard, joined(sans)),
            remake);
  }
  for (const auto& cn : csr.subject_common_names) {
    if (names::is_wildcard_entry(cn)) {
      out.add(kWildcardCn, Severity::kWarn,
              fmt::format("The subject CN is the wildcard {}: no Lync or Skype for Business role supports it", cn));
    } else if (!sans.empty() &&
               std::none_of(sans.begin(), sans.end(), [&](const std::string& s) { return same_name(s, cn); })) {
      out.add(kCnNotInSan, Severity::kWarn, fmt::format("The subject CN {} is not in the SAN ({})", cn, joined(sans)),
              fmt::format("Make the request again with the SAN {}.",
                          joined(suggested_order([&] {
                            auto v = sans;
                            v.insert(v.begin(), cn);
                            return v;
                          }(), plan))));
    }
  }
}

void check_key(const pki::CsrView& csr, Out& out) {
  const auto& key = csr.public_key;
  if (key.algorithm == "RSA") {
    if (key.bits < 2048)
      out.add(kRsaTooSmall, Severity::kFail,
              fmt::format("The request's RSA key has {} bits: iOS, Android, Direct Routing and browsers refuse fewer "
                          "than 2048",
                          key.bits));
    return;
  }
  out.add(kKeyNotRsa, Severity::kWarn,
          fmt::format("The request's key is {}{}: OCS 2007 R2 takes RSA only, and phones, the Exchange UM peer and "
                      "Direct Routing are read as RSA only",
                      key.algorithm, key.curve.empty() ? std::string() : " " + key.curve));
}

void check_eku(const pki::CsrView& csr, Out& out) {
  const auto& eku = csr.requested_extended_key_usage;
  if (!eku.present) {
    out.add(kNoServerAuth, Severity::kWarn,
            "The request names no extended key usage: the certificate gets whatever the CA's template adds, and "
            "iOS 13+ refuses one without Server Authentication",
            "Issue it from the Web Server template (Server Authentication), or make the request again with "
            "--eku serverAuth.");
    return;
  }
  if (eku.has(pki::kOidServerAuth) || eku.has(pki::kOidAnyExtendedKeyUsage)) return;
  out.add(kNoServerAuth, Severity::kFail,
          fmt::format("The request's extended key usage ({}) lacks Server Authentication", joined(eku.names)));
}

}  // namespace

std::span<const RuleDescriptor> request_rules() { return kRules; }

Findings check_request(const pki::CsrView& csr, const RequestPlan& plan) {
  Findings findings;
  Out out(findings);
  check_names(csr, plan, out);
  check_key(csr, out);
  check_eku(csr, out);
  return findings;
}

}  // namespace uccert::rules
