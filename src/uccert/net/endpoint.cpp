#include "uccert/net/endpoint.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

namespace uccert::net {

namespace {


bool valid_host_chars(std::string_view h) {
  return !h.empty() && std::all_of(h.begin(), h.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) != 0 || c == '-' || c == '.' || c == '_' || c == ':' || c == '*';
  });
}

// Splits "host:rest" or "[v6]:rest" into host and the text after the separating colon.
// Returns false when the host part is malformed.
bool split_host(std::string_view text, std::string& host, std::string_view& rest) {
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos) return false;
    host = std::string(text.substr(1, close - 1));
    rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return false;
      rest.remove_prefix(1);
    }
    return is_ip_literal(host);
  }
  auto colon = text.find(':');
  host = std::string(text.substr(0, colon));
  rest = colon == std::string_view::npos ? std::string_view{} : text.substr(colon + 1);
  return true;
}

}  // namespace

bool is_ip_literal(std::string_view host) {
  std::string h(host);
  unsigned char buf[16];
  return inet_pton(AF_INET, h.c_str(), buf) == 1 || inet_pton(AF_INET6, h.c_str(), buf) == 1;
}

std::string lower_name(std::string_view name) {
  std::string out(name);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

std::optional<std::uint16_t> parse_port(std::string_view s) {
  if (s.empty() || s.size() > 5) return std::nullopt;
  unsigned value = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || p != s.data() + s.size() || value == 0 || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

Result<HostPort> parse_host_port(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return Error{fmt::format("'{}': {} (expected HOST:PORT or [IPv6]:PORT)", text, why)};
  };
  if (text.empty()) return bad("empty target");
  std::string host;
  std::string_view rest;
  // A bare IPv6 address has several colons and no brackets: ambiguous, refuse it plainly.
  if (text.front() != '[' && std::count(text.begin(), text.end(), ':') > 1) {
    return bad("an IPv6 address must be written in brackets");
  }
  if (!split_host(text, host, rest)) return bad("malformed host");
  if (host.empty()) return bad("no host");
  if (!is_ip_literal(host) && !valid_host_chars(host)) return bad("the host has characters a host name cannot have");
  if (rest.empty()) return bad("no port");
  auto port = parse_port(rest);
  if (!port) return bad(fmt::format("'{}' is not a port number (1-65535)", rest));
  return HostPort{host, *port};
}

std::string format_host_port(std::string_view host, std::uint16_t port) {
  if (host.find(':') != std::string_view::npos) return fmt::format("[{}]:{}", host, port);
  return fmt::format("{}:{}", host, port);
}

Result<ConnectTo> parse_connect_to(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return Error{fmt::format("--connect-to '{}': {} (expected HOST:PORT:ADDRESS:PORT)", text, why)};
  };
  ConnectTo rule;
  std::string host;
  std::string_view rest;
  if (!split_host(text, host, rest)) return bad("malformed first host");
  rule.from_host = lower_name(host);
  auto colon = rest.find(':');
  if (colon == std::string_view::npos) return bad("four fields separated by ':' are needed");
  auto port1 = rest.substr(0, colon);
  if (!port1.empty()) {
    rule.from_port = parse_port(port1);
    if (!rule.from_port) return bad(fmt::format("'{}' is not a port number", port1));
  }
  rest.remove_prefix(colon + 1);
  std::string to_host;
  std::string_view port2;
  if (!rest.empty() && rest.front() == '[') {
    if (!split_host(rest, to_host, port2)) return bad("malformed address in brackets");
  } else {
    auto c2 = rest.rfind(':');
    if (c2 == std::string_view::npos) return bad("four fields separated by ':' are needed");
    to_host = std::string(rest.substr(0, c2));
    port2 = rest.substr(c2 + 1);
    if (to_host.find(':') != std::string::npos) return bad("an IPv6 address must be written in brackets");
  }
  rule.to_host = to_host;
  if (!port2.empty()) {
    rule.to_port = parse_port(port2);
    if (!rule.to_port) return bad(fmt::format("'{}' is not a port number", port2));
  }
  return rule;
}

HostPort apply_connect_to(const std::vector<ConnectTo>& rules, std::string_view host, std::uint16_t port) {
  std::string h = lower_name(host);
  for (const auto& r : rules) {
    if (!r.from_host.empty() && r.from_host != h) continue;
    if (r.from_port && *r.from_port != port) continue;
    return HostPort{r.to_host.empty() ? std::string(host) : r.to_host, r.to_port.value_or(port)};
  }
  return HostPort{std::string(host), port};
}

}  // namespace uccert::net
