// Which hosts the page may probe (`uccert serve --allow HOST|CIDR`): loopback always, any other
// address only inside an allowed range, so the page cannot be used to scan a network. A name is
// judged by the addresses it resolves to, after resolution, and the probe is then pinned to the
// address that was checked (a second lookup cannot move it elsewhere).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "uccert/pki/error.h"

namespace uccert::serve {

struct AddressRange {
  std::array<std::uint8_t, 16> bytes{};  // IPv4 as ::ffff:a.b.c.d
  int prefix = 128;                      // over the 128-bit form
  std::string text;                      // as given, for messages
  bool contains(const std::array<std::uint8_t, 16>& address) const;
};

// "192.0.2.0/24", "2001:db8::/32", "192.0.2.7" (one address), or a host name resolved now to
// each of its addresses. Errors are one line naming the value.
Result<std::vector<AddressRange>> parse_allow(std::string_view value);

// An IP address in the 128-bit form, or nullopt when `text` is not one.
std::optional<std::array<std::uint8_t, 16>> parse_address(std::string_view text);
bool is_loopback(const std::array<std::uint8_t, 16>& address);
std::string address_text(const std::array<std::uint8_t, 16>& address);

// The lookup, injectable so tests never use the system resolver: the addresses of a name.
using Resolve = Result<std::vector<std::string>> (*)(const std::string& host);
Result<std::vector<std::string>> system_resolve(const std::string& host);

class TargetPolicy {
 public:
  explicit TargetPolicy(std::vector<AddressRange> allowed, Resolve resolve = system_resolve)
      : allowed_(std::move(allowed)), resolve_(resolve) {}

  // The address to connect to for `host` (an IP literal or a name), or why it is refused: every
  // address the name resolves to must be loopback or allowed.
  Result<std::string> address_for(const std::string& host) const;
  bool allows(const std::array<std::uint8_t, 16>& address) const;

 private:
  std::vector<AddressRange> allowed_;
  Resolve resolve_;
};

}  // namespace uccert::serve
