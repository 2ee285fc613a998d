#include "uccert/net/http_response.h"

#include <cctype>
#include <charconv>
#include <vector>

#include <fmt/format.h>

#include "uccert/net/endpoint.h"

namespace uccert::net {

namespace {

constexpr std::size_t kMaxHostLength = 253;

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The first control character (C0 or DEL) in `s`, if any.
std::optional<std::size_t> control_at(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) return i;
  }
  return std::nullopt;
}

// Checks what every URL taken from a server must satisfy, whatever its form.
Status check_text(std::string_view s) {
  if (s.empty()) return Error{"it is empty"};
  if (s.size() > kMaxUrlLength) return Error{fmt::format("it is longer than {} bytes ({})", kMaxUrlLength, s.size())};
  if (auto at = control_at(s)) {
    return Error{fmt::format("it contains a control character (\\x{:02x} at byte {})",
                             static_cast<unsigned char>(s[*at]), *at)};
  }
  return Ok{};
}

// RFC 3986 5.2.4 on a path that starts with "/".
std::string remove_dot_segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::string_view rest = path.substr(1);
  while (true) {
    auto slash = rest.find('/');
    const bool last = slash == std::string_view::npos;
    std::string_view seg = rest.substr(0, slash);
    if (seg == "." || seg == "..") {
      if (seg == ".." && !out.empty()) out.pop_back();
      if (last) out.emplace_back();  // "/a/b/.." -> "/a/"
    } else {
      out.push_back(seg);
    }
    if (last) break;
    rest = rest.substr(slash + 1);
  }
  std::string joined = "/";
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (i > 0) joined += '/';
    joined += out[i];
  }
  return joined;
}

// Path (starting with "/") and optional query -> the request target: dot segments removed from the
// path, spaces and non-ASCII bytes percent-encoded so the request line stays one line of tokens.
std::string make_target(std::string_view path_and_query) {
  auto q = path_and_query.find('?');
  std::string_view path = path_and_query.substr(0, q);
  std::string_view query = q == std::string_view::npos ? std::string_view{} : path_and_query.substr(q);
  std::string raw = remove_dot_segments(path.empty() ? std::string_view("/") : path);
  raw += query;
  std::string out;
  out.reserve(raw.size());
  for (char c : raw) {
    auto u = static_cast<unsigned char>(c);
    if (u == ' ' || u >= 0x80) {
      out += fmt::format("%{:02X}", u);
    } else {
      out += c;
    }
  }
  return out;
}

// Resolution and percent-encoding can lengthen a URL: the limit holds for the result too.
Result<Url> within_limit(Url url) {
  if (url.text().size() > kMaxUrlLength) {
    return Error{fmt::format("it resolves to a URL longer than {} bytes", kMaxUrlLength)};
  }
  return url;
}

// "host[:port]" after "//", up to the first "/", "?" or end; `rest` is what follows.
Result<Url> parse_authority(std::string_view scheme, std::string_view after_slashes) {
  auto end = after_slashes.find_first_of("/?");
  std::string_view authority = after_slashes.substr(0, end);
  std::string_view rest = end == std::string_view::npos ? std::string_view{} : after_slashes.substr(end);
  if (authority.find('@') != std::string_view::npos) {
    return Error{"it carries user information (user@host), which uccert does not follow"};
  }
  Url url;
  url.scheme = std::string(scheme);
  std::string_view host;
  std::string_view port_text;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return Error{"its IPv6 address has no closing ']'"};
    host = authority.substr(1, close - 1);
    if (host.find(':') == std::string_view::npos || !is_ip_literal(host)) {
      return Error{fmt::format("'[{}]' is not an IPv6 address", host)};
    }
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return Error{"unexpected text after the IPv6 address"};
      has_port = true;
      port_text = after.substr(1);
    }
  } else {
    auto colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      has_port = true;
      port_text = authority.substr(colon + 1);
      if (port_text.find(':') != std::string_view::npos) return Error{"an IPv6 address must be in brackets"};
    }
    if (host.empty()) return Error{"it has no host"};
    for (char c : host) {
      if (!is_alpha(c) && !is_digit(c) && c != '-' && c != '.' && c != '_') {
        return Error{fmt::format("its host has a character a host name cannot have ('{}')", printable(host, 80))};
      }
    }
    if (host.front() == '.' || host.find("..") != std::string_view::npos) {
      return Error{fmt::format("its host '{}' has an empty label", host.substr(0, 80))};
    }
  }
  url.host = lower_name(host);
  if (url.host.size() > kMaxHostLength) return Error{fmt::format("its host is longer than {} characters", kMaxHostLength)};
  url.port = url.default_port();
  if (has_port && !port_text.empty()) {
    unsigned value = 0;
    auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    bool digits_only = true;
    for (char c : port_text) digits_only = digits_only && is_digit(c);
    if (!digits_only || port_text.size() > 5 || ec != std::errc{} || p != port_text.data() + port_text.size() ||
        value == 0 || value > 65535) {
      return Error{fmt::format("'{}' is not a port number (1-65535)", printable(port_text, 20))};
    }
    url.port = static_cast<std::uint16_t>(value);
  }
  url.target = make_target(rest.empty() || rest.front() == '?' ? "/" + std::string(rest) : std::string(rest));
  return within_limit(std::move(url));
}

// "scheme:" at the start of `s` (RFC 3986 3.1), or nullopt when `s` is a reference without one.
std::optional<std::string_view> scheme_of(std::string_view s) {
  if (s.empty() || !is_alpha(s.front())) return std::nullopt;
  for (std::size_t i = 1; i < s.size(); ++i) {
    char c = s[i];
    if (c == ':') return s.substr(0, i);
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return std::nullopt;
  }
  return std::nullopt;
}

std::string_view without_fragment(std::string_view s) { return s.substr(0, s.find('#')); }

}  // namespace

std::optional<HttpResponse> parse_http_response(std::string_view head) {
  static constexpr StatusLineGrammar kHttp{"HTTP/1.", 1, 100, 599};
  return parse_response_head(head, kHttp);
}

bool is_followed_redirect(int status_code) {
  return status_code == 301 || status_code == 302 || status_code == 303 || status_code == 307 || status_code == 308;
}

std::string Url::text() const { return fmt::format("{}://{}{}", scheme, authority(), target); }

std::string Url::authority() const {
  std::string host_part = host.find(':') != std::string::npos ? fmt::format("[{}]", host) : host;
  if (port == default_port()) return host_part;
  return fmt::format("{}:{}", host_part, port);
}

Result<Url> parse_url(std::string_view text) {
  if (auto ok = check_text(text); !ok) return ok.error();
  auto scheme = scheme_of(text);
  if (!scheme) return Error{"it is not an absolute URL (no scheme)"};
  std::string lower(*scheme);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower != "https" && lower != "http") {
    return Error{fmt::format("its scheme '{}' is not https", printable(*scheme, 40))};
  }
  std::string_view rest = without_fragment(text.substr(scheme->size() + 1));
  if (rest.substr(0, 2) != "//") return Error{fmt::format("no //host after '{}:'", lower)};
  return parse_authority(lower, rest.substr(2));
}

Result<Url> resolve_location(const Url& base, std::string_view location) {
  if (auto ok = check_text(location); !ok) return ok.error();
  if (scheme_of(location)) return parse_url(location);
  std::string_view ref = without_fragment(location);
  if (ref.substr(0, 2) == "//") return parse_url(base.scheme + ":" + std::string(ref));
  Url out = base;
  if (ref.empty()) return out;  // only a fragment: the same resource
  std::string_view base_path = std::string_view(base.target).substr(0, base.target.find('?'));
  if (ref.front() == '/') {
    out.target = make_target(ref);
  } else if (ref.front() == '?') {
    out.target = make_target(std::string(base_path) + std::string(ref));
  } else {
    // Merge (RFC 3986 5.2.3): the base path up to its last "/", then the reference.
    std::string merged(base_path.substr(0, base_path.rfind('/') + 1));
    if (merged.empty()) merged = "/";
    merged += ref;
    out.target = make_target(merged);
  }
  return within_limit(std::move(out));
}

std::string printable(std::string_view value, std::size_t max) {
  std::string out;
  for (char c : value) {
    if (out.size() >= max) {
      out += "...";
      break;
    }
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\x{:02x}", u);
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace uccert::net
