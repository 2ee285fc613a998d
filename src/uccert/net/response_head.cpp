#include "uccert/net/response_head.h"

#include <cctype>
#include <charconv>

namespace uccert::net {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool all_digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

std::optional<std::string> ResponseHead::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (iequals_ascii(k, name)) return v;
  }
  return std::nullopt;
}

std::optional<ResponseHead> parse_response_head(std::string_view head, const StatusLineGrammar& grammar) {
  auto eol = head.find('\n');
  std::string_view start = trim(head.substr(0, eol));
  // <version> SP <3 digits> [SP reason]
  const std::size_t version_len = grammar.version_prefix.size() + grammar.version_digits;
  if (start.size() < version_len + 4 || start.substr(0, grammar.version_prefix.size()) != grammar.version_prefix ||
      !all_digits(start.substr(grammar.version_prefix.size(), grammar.version_digits)) || start[version_len] != ' ') {
    return std::nullopt;
  }
  ResponseHead out;
  out.version = std::string(start.substr(0, version_len));
  std::string_view code = start.substr(version_len + 1, 3);
  auto [p, ec] = std::from_chars(code.data(), code.data() + code.size(), out.status_code);
  if (ec != std::errc{} || p != code.data() + 3 || !all_digits(code)) return std::nullopt;
  if (out.status_code < grammar.min_status || out.status_code > grammar.max_status) return std::nullopt;
  std::string_view after = start.substr(version_len + 4);
  if (!after.empty() && after.front() != ' ' && after.front() != '\t') return std::nullopt;  // "200x"
  out.status_line = std::string(start);
  out.reason_phrase = std::string(trim(after));
  std::string_view rest = eol == std::string_view::npos ? std::string_view{} : head.substr(eol + 1);
  while (!rest.empty()) {
    auto e = rest.find('\n');
    std::string_view line = rest.substr(0, e);
    rest = e == std::string_view::npos ? std::string_view{} : rest.substr(e + 1);
    // Folded continuation lines (RFC 3261 7.3.1, RFC 9112 5.2 obs-fold) join the previous header.
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
