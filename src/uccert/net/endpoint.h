// Where to connect: HOST:PORT targets, curl-style --connect-to overrides, and the application
// protocol spoken after (or, for SMTP, before) the TLS handshake.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "uccert/evidence/protocol.h"
#include "uccert/pki/error.h"

namespace uccert::net {

// The application protocols are plain values of evidence/ (they describe what was observed).
using evidence::default_protocol;
using evidence::parse_protocol;
using evidence::Protocol;
using evidence::to_string;

struct HostPort {
  std::string host;  // as given, without brackets for IPv6 literals
  std::uint16_t port = 0;
};

// A port number: decimal digits only, 1-65535; nullopt otherwise.
std::optional<std::uint16_t> parse_port(std::string_view s);

// "host:port", "192.0.2.1:443", "[2001:db8::1]:5061". The error says what is wrong with `text`.
Result<HostPort> parse_host_port(std::string_view text);
// "host:port" or "[v6]:port" for messages and Evidence::target.
std::string format_host_port(std::string_view host, std::uint16_t port);

// curl's --connect-to HOST1:PORT1:HOST2:PORT2: a connection to HOST1:PORT1 goes to HOST2:PORT2
// instead, while the TLS name (SNI) and the name judged stay HOST1. An empty HOST1 or PORT1
// matches any; an empty HOST2 or PORT2 keeps the original. IPv6 addresses go in brackets.
struct ConnectTo {
  std::string from_host;                  // "" = any host
  std::optional<std::uint16_t> from_port;  // nullopt = any port
  std::string to_host;                    // "" = the original host
  std::optional<std::uint16_t> to_port;    // nullopt = the original port
};

Result<ConnectTo> parse_connect_to(std::string_view text);

// Applies the first matching rule (as curl does) to host:port; the result is where to connect.
HostPort apply_connect_to(const std::vector<ConnectTo>& rules, std::string_view host, std::uint16_t port);

bool is_ip_literal(std::string_view host);
// Lower case, trailing dot removed.
std::string lower_name(std::string_view name);

}  // namespace uccert::net
