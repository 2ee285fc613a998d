// The name a client dialled (the RFC 6125 "reference identifier"), checked and normalised once
// before it is compared with anything: ASCII lower case, one trailing dot dropped, a U-label name
// converted to its A-label form (IDNA2008, UTS #46 non-transitional: idna.h), IP addresses
// recognised and kept as octets so "2001:DB8::1" and "2001:db8:0::1" are the same host.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "uccert/pki/error.h"

namespace uccert::names {

struct ReferenceHost {
  enum class Kind { kDns, kIpv4, kIpv6 };
  Kind kind = Kind::kDns;
  // DNS: lower case, A-labels, no trailing dot ("sip.contoso.com", "xn--bcher-kva.example").
  // IP: canonical text (RFC 5952 for v6).
  std::string text;
  std::vector<std::uint8_t> ip;  // 4 or 16 octets for an IP address, else empty
  bool is_ip() const { return kind != Kind::kDns; }
};

// Parses the host a client dialled. Errors are one line naming the host and what is wrong
// with it, e.g. a Unicode name IDNA2008 does not allow ("a\u200d.example": a joiner out of context).
Result<ReferenceHost> parse_reference_host(std::string_view host);

// True for an IPv4 dotted quad or an IPv6 address (optionally in brackets).
bool is_ip_address(std::string_view host);
// ASCII lower case, surrounding brackets of an IPv6 literal removed, one trailing dot dropped,
// a U-label name converted to A-labels when it converts. Does not validate; parse_reference_host does.
std::string normalise_host(std::string_view host);

}  // namespace uccert::names
