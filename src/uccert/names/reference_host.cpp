#include "uccert/names/reference_host.h"

#include <arpa/inet.h>

#include <array>

#include "uccert/names/idna.h"

namespace uccert::names {
namespace {

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// inet_pton is strict: exactly four decimal parts, each 0-255, no leading zeros, no hex or
// octal forms. Those legacy forms ("0x7f.1", "010.0.0.1") are not addresses a UC client dials.
bool parse_ipv4(const std::string& s, std::array<std::uint8_t, 4>& out) {
  return inet_pton(AF_INET, s.c_str(), out.data()) == 1;
}

bool parse_ipv6(const std::string& s, std::array<std::uint8_t, 16>& out) {
  return inet_pton(AF_INET6, s.c_str(), out.data()) == 1;
}

std::string ipv6_text(const std::array<std::uint8_t, 16>& a) {
  std::array<char, INET6_ADDRSTRLEN> buf{};
  // glibc prints RFC 5952 text: lower case, longest zero run compressed, never a single group.
  if (inet_ntop(AF_INET6, a.data(), buf.data(), static_cast<socklen_t>(buf.size())) == nullptr) return {};
  return std::string(buf.data());
}

// A DNS reference name: labels of letters, digits, hyphen and underscore (underscore appears in
// real internal names; the rule name.invalid-fqdn warns of it, G-14), 1-63 octets each, at most 253 in all.
std::string dns_problem(std::string_view name) {
  if (name.empty()) return "it is empty";
  if (name.size() > 253) return "it is longer than 253 characters";
  std::size_t label_len = 0;
  for (char c : name) {
    if (c == '.') {
      if (label_len == 0) return "it has an empty label";
      label_len = 0;
      continue;
    }
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) {
      if (c == '*') return "a host name never contains '*'";
      if (c == ' ') return "it contains a space";
      return std::string("it contains the character '") + c + "'";
    }
    if (++label_len > 63) return "a label is longer than 63 characters";
  }
  if (label_len == 0) return "it has an empty label";
  return {};
}

}  // namespace

std::string normalise_host(std::string_view host) {
  std::string out;
  out.reserve(host.size());
  for (char c : host) out.push_back(ascii_lower(c));
  if (out.size() >= 2 && out.front() == '[' && out.back() == ']') out = out.substr(1, out.size() - 2);
  // A U-label name compares as the A-label form certificates carry; one that does not convert
  // is left as it is (parse_reference_host says why). Converted first, so that an ideographic
  // full stop ("。"), which UTS #46 maps to ".", is a trailing dot too.
  if (has_non_ascii(out)) {
    if (auto a_label = to_a_label(out); a_label.ok()) out = std::move(a_label.value());
  }
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

bool is_ip_address(std::string_view host) {
  auto r = parse_reference_host(host);
  return r.ok() && r->is_ip();
}

Result<ReferenceHost> parse_reference_host(std::string_view host) {
  for (char c : host) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return Error{"host " + quoted(host) + " contains a control character"};
  }
  const bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
  std::string name = normalise_host(host);
  // A U-label name ("bücher.example.com") is converted to its A-label form by normalise_host;
  // what is still not ASCII here did not convert.
  if (has_non_ascii(name)) {
    auto a_label = to_a_label(name);
    return Error{"host " + quoted(host) + " is not a valid internationalised domain name: " +
                 (a_label.ok() ? std::string("it does not convert to ASCII") : a_label.error().message)};
  }
  ReferenceHost out;

  if (bracketed || name.find(':') != std::string::npos) {
    if (name.find('%') != std::string::npos)
      return Error{"host " + quoted(host) + " has an IPv6 zone index; certificates cannot name one"};
    std::array<std::uint8_t, 16> a{};
    if (!parse_ipv6(name, a)) return Error{"host " + quoted(host) + " is not a valid IPv6 address"};
    out.kind = ReferenceHost::Kind::kIpv6;
    out.ip.assign(a.begin(), a.end());
    out.text = ipv6_text(a);
    return out;
  }

  // A name whose last label is all digits is meant as an IPv4 address (no top-level domain is
  // numeric), so it must be a valid one: "10.0.0" or "010.0.0.1" is an error, not a DNS name.
  const auto last_dot = name.rfind('.');
  const std::string_view last_label =
      last_dot == std::string::npos ? std::string_view(name) : std::string_view(name).substr(last_dot + 1);
  if (all_digits(last_label)) {
    std::array<std::uint8_t, 4> a{};
    if (!parse_ipv4(name, a))
      return Error{"host " + quoted(host) + " is not a valid IPv4 address (four decimal parts 0-255)"};
    out.kind = ReferenceHost::Kind::kIpv4;
    out.ip.assign(a.begin(), a.end());
    out.text = name;
    return out;
  }

  if (auto why = dns_problem(name); !why.empty())
    return Error{"host " + quoted(host) + " is not a valid DNS name: " + why};
  out.kind = ReferenceHost::Kind::kDns;
  out.text = std::move(name);
  return out;
}

}  // namespace uccert::names
