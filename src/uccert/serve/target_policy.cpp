#include "uccert/serve/target_policy.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <memory>

namespace uccert::serve {

namespace {

using Bytes16 = std::array<std::uint8_t, 16>;

}  // namespace

std::optional<Bytes16> parse_address(std::string_view text) {
  const std::string s(text);
  Bytes16 out{};
  in_addr v4{};
  if (::inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    out[10] = 0xff;
    out[11] = 0xff;
    std::memcpy(out.data() + 12, &v4, 4);
    return out;
  }
  in6_addr v6{};
  if (::inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    std::memcpy(out.data(), &v6, 16);
    return out;
  }
  return std::nullopt;
}

std::string address_text(const Bytes16& a) {
  char buf[INET6_ADDRSTRLEN] = {};
  const bool v4 = std::all_of(a.begin(), a.begin() + 10, [](std::uint8_t b) { return b == 0; }) && a[10] == 0xff &&
                  a[11] == 0xff;
  if (v4) {
    ::inet_ntop(AF_INET, a.data() + 12, buf, sizeof buf);
  } else {
    ::inet_ntop(AF_INET6, a.data(), buf, sizeof buf);
  }
  return buf;
}

bool is_loopback(const Bytes16& a) {
  static const Bytes16 v6_loopback{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  if (a == v6_loopback) return true;
  const bool v4 = std::all_of(a.begin(), a.begin() + 10, [](std::uint8_t b) { return b == 0; }) && a[10] == 0xff &&
                  a[11] == 0xff;
  return v4 && a[12] == 127;  // 127.0.0.0/8
}

bool AddressRange::contains(const Bytes16& address) const {
  int bits = prefix;
  for (std::size_t i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    const int take = bits >= 8 ? 8 : bits;
    const auto mask = static_cast<std::uint8_t>(0xFF << (8 - take));
    if ((address[i] & mask) != (bytes[i] & mask)) return false;
  }
  return true;
}

Result<std::vector<std::string>> system_resolve(const std::string& host) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* raw = nullptr;
  if (int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &raw); rc != 0)
    return Error{fmt::format("{}: cannot be resolved ({})", host, ::gai_strerror(rc))};
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> list(raw, ::freeaddrinfo);
  std::vector<std::string> out;
  for (const addrinfo* ai = list.get(); ai != nullptr; ai = ai->ai_next) {
    char buf[INET6_ADDRSTRLEN] = {};
    if (ai->ai_family == AF_INET) {
      ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(ai->ai_addr)->sin_addr, buf, sizeof buf);
    } else if (ai->ai_family == AF_INET6) {
      ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(ai->ai_addr)->sin6_addr, buf, sizeof buf);
    } else {
      continue;
    }
    if (std::find(out.begin(), out.end(), buf) == out.end()) out.emplace_back(buf);
  }
  if (out.empty()) return Error{host + ": has no address"};
  return out;
}

Result<std::vector<AddressRange>> parse_allow(std::string_view value) {
  const std::string given(value);
  auto bad = [&](std::string_view why) { return Error{fmt::format("--allow {}: {}", given, why)}; };
  if (value.empty()) return bad("empty");
  const auto slash = value.find('/');
  const std::string_view host = value.substr(0, slash);
  if (auto a = parse_address(host)) {
    AddressRange r{*a, 128, given};
    if (slash != std::string_view::npos) {
      const auto digits = value.substr(slash + 1);
      int prefix = -1;
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
      const bool v4 = host.find(':') == std::string_view::npos;
      const int max = v4 ? 32 : 128;
      if (ec != std::errc{} || end != digits.data() + digits.size() || prefix < 0 || prefix > max)
        return bad(fmt::format("the prefix length must be 0 to {}", max));
      r.prefix = v4 ? prefix + 96 : prefix;
    }
    return std::vector<AddressRange>{r};
  }
  if (slash != std::string_view::npos) return bad("not an address range (ADDRESS/PREFIX)");
  auto addresses = system_resolve(given);
  if (!addresses) return bad(addresses.error().message);
  std::vector<AddressRange> out;
  for (const auto& a : *addresses)
    if (auto bytes = parse_address(a)) out.push_back(AddressRange{*bytes, 128, given + " (" + a + ")"});
  return out;
}

bool TargetPolicy::allows(const Bytes16& address) const {
  if (is_loopback(address)) return true;
  return std::any_of(allowed_.begin(), allowed_.end(), [&](const AddressRange& r) { return r.contains(address); });
}

Result<std::string> TargetPolicy::address_for(const std::string& host) const {
  std::vector<std::string> addresses;
  if (parse_address(host)) {
    addresses.push_back(host);
  } else {
    auto resolved = resolve_(host);
    if (!resolved) return resolved.error();
    addresses = std::move(*resolved);
  }
  for (const auto& a : addresses) {
    auto bytes = parse_address(a);
    if (!bytes || !allows(*bytes)) {
      const std::string shown = bytes ? address_text(*bytes) : a;
      return Error{shown == host ? fmt::format("{}: refused: not an allowed target (start uccert serve with --allow "
                                               "{} to probe it)",
                                               host, shown)
                                 : fmt::format("{}: refused: it resolves to {}, which is not an allowed target "
                                               "(start uccert serve with --allow {} to probe it)",
                                               host, shown, shown)};
    }
  }
  if (addresses.empty()) return Error{host + ": has no address"};
  return address_text(*parse_address(addresses.front()));
}

}  // namespace uccert::serve
