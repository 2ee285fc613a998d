#include "uccert/net/ms_diagnostics.h"

#include <array>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

namespace uccert::net {

namespace {

struct HresultEntry {
  std::uint32_t value;
  std::string_view name;
  std::string_view rule;  // uc-rules §7 id, "" when the table there does not list it
};

// uc-rules §7 (E-10, E-11, E-13, E-14, E-15, E-20) plus the rest of the certificate family of
// winerror.h that Schannel and the Lync SIP stack report (source WINSYS).
constexpr std::array kHresults = {
    HresultEntry{0x800B0101, "CERT_E_EXPIRED", ""},
    HresultEntry{0x800B0102, "CERT_E_VALIDITYPERIODNESTING", ""},
    HresultEntry{0x800B0103, "CERT_E_ROLE", ""},
    HresultEntry{0x800B0104, "CERT_E_PATHLENCONST", ""},
    HresultEntry{0x800B0105, "CERT_E_CRITICAL", ""},
    HresultEntry{0x800B0106, "CERT_E_PURPOSE", ""},
    HresultEntry{0x800B0107, "CERT_E_ISSUERCHAINING", ""},
    HresultEntry{0x800B0108, "CERT_E_MALFORMED", ""},
    HresultEntry{0x800B0109, "CERT_E_UNTRUSTEDROOT", "E-14"},
    HresultEntry{0x800B010A, "CERT_E_CHAINING", ""},
    HresultEntry{0x800B010B, "TRUST_E_FAIL", ""},
    HresultEntry{0x800B010C, "CERT_E_REVOKED", ""},
    HresultEntry{0x800B010D, "CERT_E_UNTRUSTEDTESTROOT", ""},
    HresultEntry{0x800B010E, "CERT_E_REVOCATION_FAILURE", ""},
    HresultEntry{0x800B010F, "CERT_E_CN_NO_MATCH", "E-13"},
    HresultEntry{0x800B0110, "CERT_E_WRONG_USAGE", ""},
    HresultEntry{0x80090322, "SEC_E_WRONG_PRINCIPAL", "E-15"},
    HresultEntry{0x80090325, "SEC_E_UNTRUSTED_ROOT", ""},
    HresultEntry{0x80090327, "SEC_E_CERT_UNKNOWN", ""},
    HresultEntry{0x80090328, "SEC_E_CERT_EXPIRED", ""},
    HresultEntry{0x80092012, "CRYPT_E_NO_REVOCATION_CHECK", ""},
    HresultEntry{0x80092013, "CRYPT_E_REVOCATION_OFFLINE", ""},
    HresultEntry{0xC3E93C2F, "SIPPROXY_E_UNKNOWN_USER_OR_EPID", "E-20"},
    HresultEntry{0xC3E93D67, "SIPPROXY_E_ROUTING_MSG_CERT_MISMATCH", "E-10"},
    HresultEntry{0xC3E93D6F, "SIPPROXY_E_EPROUTING_MSG_ALLOWED_DOMAIN_NO_SRV_MATCH", "E-11"},
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) s.remove_suffix(1);
  return s;
}

// Typographic quotes appear when a header was copied through a word processor (the seed
// article's trace has “…” and ″): treat them as the ASCII quote.
std::string normalise_quotes(std::string_view s) {
  static constexpr std::array<std::string_view, 4> kQuotes = {"\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\xB3",
                                                              "\xE2\x80\x9E"};
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    bool replaced = false;
    for (auto q : kQuotes) {
      if (s.substr(i, q.size()) == q) {
        out.push_back('"');
        i += q.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out.push_back(s[i++]);
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

std::optional<std::uint32_t> parse_hresult_text(std::string_view v) {
  v = trim(v);
  if (v.size() > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) v.remove_prefix(2);
  std::size_t n = 0;
  while (n < v.size() && std::isxdigit(static_cast<unsigned char>(v[n])) != 0) ++n;
  if (n == 0 || n > 8) return std::nullopt;
  std::uint32_t out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + n, out, 16);
  if (ec != std::errc{}) return std::nullopt;
  return out;
}

}  // namespace

std::string_view hresult_name(std::uint32_t hresult) {
  for (const auto& e : kHresults) {
    if (e.value == hresult) return e.name;
  }
  return {};
}

std::string_view hresult_rule(std::uint32_t hresult) {
  for (const auto& e : kHresults) {
    if (e.value == hresult) return e.rule;
  }
  return {};
}

std::string_view diagnostics_rule(int code) {
  switch (code) {
    case 1010: return "E-08";  // certificate trust with another server could not be established
    case 1009: return "E-09";  // no match for domain in DNS SRV results (DNS-10)
    default: return {};
  }
}

std::string format_hresult(std::uint32_t hresult) { return fmt::format("0x{:08X}", hresult); }

std::optional<MsDiagnostics> parse_ms_diagnostics(std::string_view raw) {
  std::string value = normalise_quotes(raw);
  std::string_view v = trim(value);
  std::size_t n = 0;
  while (n < v.size() && std::isdigit(static_cast<unsigned char>(v[n])) != 0) ++n;
  if (n == 0 || n > 9) return std::nullopt;
  MsDiagnostics out;
  std::from_chars(v.data(), v.data() + n, out.code);
  v.remove_prefix(n);
  // Parameters: ;key="quoted value" or ;key=token, separated by ';'.
  while (!v.empty()) {
    v = trim(v);
    if (v.empty()) break;
    if (v.front() == ';') {
      v.remove_prefix(1);
      continue;
    }
    auto eq = v.find_first_of("=;");
    std::string key(trim(v.substr(0, eq)));
    if (eq == std::string_view::npos || v[eq] == ';') {
      if (!key.empty()) out.parameters[key] = "";
      if (eq == std::string_view::npos) break;
      v.remove_prefix(eq);
      continue;
    }
    v.remove_prefix(eq + 1);
    v = trim(v);
    std::string val;
    if (!v.empty() && v.front() == '"') {
      v.remove_prefix(1);
      auto close = v.find('"');
      val = std::string(v.substr(0, close));
      v = close == std::string_view::npos ? std::string_view{} : v.substr(close + 1);
    } else {
      auto semi = v.find(';');
      val = std::string(trim(v.substr(0, semi)));
      v = semi == std::string_view::npos ? std::string_view{} : v.substr(semi);
    }
    if (!key.empty()) out.parameters[key] = val;
  }
  for (const auto& [k, val] : out.parameters) {
    if (iequals(k, "reason")) out.reason = val;
    if (!out.hresult && (iequals(k, "msexchHRESULT") || iequals(k, "HRESULT") || iequals(k, "ErrorCode"))) {
      out.hresult = parse_hresult_text(val);
    }
  }
  if (out.hresult) {
    out.hresult_name = std::string(hresult_name(*out.hresult));
    // A name in parentheses after the number ("0x800B010F(CERT_E_CN_NO_MATCH)") when the table
    // does not know the code.
    if (out.hresult_name.empty()) {
      for (const auto& [k, val] : out.parameters) {
        if (!(iequals(k, "msexchHRESULT") || iequals(k, "HRESULT") || iequals(k, "ErrorCode"))) continue;
        auto open = val.find('(');
        auto close = val.find(')', open == std::string::npos ? 0 : open);
        if (open != std::string::npos && close != std::string::npos) {
          out.hresult_name = val.substr(open + 1, close - open - 1);
        }
      }
    }
    out.rule = std::string(hresult_rule(*out.hresult));
  }
  if (out.rule.empty()) out.rule = std::string(diagnostics_rule(out.code));
  // E-25: 1010 with CERT_E_CN_NO_MATCH from Exchange UM routing.
  if (out.code == 1010 && out.hresult == 0x800B010FU) out.rule = "E-25";
  return out;
}

}  // namespace uccert::net
