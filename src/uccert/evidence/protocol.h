// The application protocol spoken on an endpoint after (or, for SMTP, before) the TLS handshake.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace uccert::evidence {

enum class Protocol { kTls, kSip, kHttps, kSmtp };

std::string_view to_string(Protocol p);  // "tls", "sip", "https", "smtp"
std::optional<Protocol> parse_protocol(std::string_view text);
// The protocol a client speaks on a well-known port: 5061/5062 SIP over TLS (DNS-04, EDGE-08),
// 25/587 SMTP with STARTTLS, everything else plain TLS.
Protocol default_protocol(std::uint16_t port);

}  // namespace uccert::evidence
