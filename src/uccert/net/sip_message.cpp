#include "uccert/net/sip_message.h"

#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "uccert/net/endpoint.h"

namespace uccert::net {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

std::string uri_host(std::string_view h) {
  return h.find(':') != std::string_view::npos ? fmt::format("[{}]", h) : std::string(h);
}

}  // namespace

std::string build_sip_options(const SipOptionsRequest& r) {
  const std::string target = uri_host(r.target_host);
  const std::string local = uri_host(r.local_address.empty() ? "127.0.0.1" : r.local_address);
  const std::string from = r.from_domain.empty() ? target : uri_host(r.from_domain);
  return fmt::format(
      "OPTIONS sip:{0}:{1};transport=tls SIP/2.0\r\n"
      "Via: SIP/2.0/TLS {2}:{3};branch={4};rport\r\n"
      "Max-Forwards: 70\r\n"
      "From: <sip:uccert@{5}>;tag={6}\r\n"
      "To: <sip:{0}>\r\n"
      "Call-ID: {7}\r\n"
      "CSeq: 1 OPTIONS\r\n"
      "Contact: <sip:uccert@{2}:{3};transport=tls>\r\n"
      "Accept: application/sdp\r\n"
      "User-Agent: uccert\r\n"
      "Content-Length: 0\r\n"
      "\r\n",
      target, r.target_port, local, r.local_port, r.branch, from, r.tag, r.call_id);
}

std::optional<std::string> SipResponse::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (iequals(k, name)) return v;
  }
  return std::nullopt;
}

std::optional<SipResponse> parse_sip_response(std::string_view head) {
  auto eol = head.find('\n');
  std::string_view start = trim(head.substr(0, eol));
  if (start.substr(0, 8) != "SIP/2.0 " || start.size() < 11) return std::nullopt;
  SipResponse out;
  out.status_line = std::string(start);
  std::string_view code = start.substr(8, 3);
  auto [p, ec] = std::from_chars(code.data(), code.data() + code.size(), out.status_code);
  if (ec != std::errc{} || p != code.data() + 3 || out.status_code < 100 || out.status_code > 699) return std::nullopt;
  out.reason_phrase = std::string(trim(start.substr(11)));
  std::string_view rest = eol == std::string_view::npos ? std::string_view{} : head.substr(eol + 1);
  while (!rest.empty()) {
    auto e = rest.find('\n');
    std::string_view line = rest.substr(0, e);
    rest = e == std::string_view::npos ? std::string_view{} : rest.substr(e + 1);
    // Folded continuation lines (RFC 3261 7.3.1) join the previous header.
    if (!line.empty() && (line.front() == ' ' || line.front() == '\t') && !out.headers.empty()) {
      out.headers.back().second += " ";
      out.headers.back().second += std::string(trim(line));
      continue;
    }
    line = trim(line);
    if (line.empty()) break;
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    out.headers.emplace_back(std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
  }
  return out;
}

}  // namespace uccert::net
