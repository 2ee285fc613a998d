#include "uccert/evidence/protocol.h"

namespace uccert::evidence {

std::string_view to_string(Protocol p) {
  switch (p) {
    case Protocol::kTls: return "tls";
    case Protocol::kSip: return "sip";
    case Protocol::kHttps: return "https";
    case Protocol::kSmtp: return "smtp";
  }
  return "tls";
}

std::optional<Protocol> parse_protocol(std::string_view text) {
  if (text == "tls") return Protocol::kTls;
  if (text == "sip") return Protocol::kSip;
  if (text == "https") return Protocol::kHttps;
  if (text == "smtp") return Protocol::kSmtp;
  return std::nullopt;
}

Protocol default_protocol(std::uint16_t port) {
  switch (port) {
    case 5061:
    case 5062: return Protocol::kSip;
    case 25:
    case 587: return Protocol::kSmtp;
    default: return Protocol::kTls;
  }
}

}  // namespace uccert::evidence
