// net::complete_smtp_reply and parse_smtp_reply on hostile bytes (an SMTP greeting or EHLO
// answer before STARTTLS).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "uccert/net/smtp_reply.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view buffer(reinterpret_cast<const char*>(data), size);
  auto complete = uccert::net::complete_smtp_reply(buffer);
  if (complete && *complete > buffer.size()) __builtin_trap();
  auto reply = uccert::net::parse_smtp_reply(complete ? buffer.substr(0, *complete) : buffer);
  if (reply) {
    (void)reply->first_line();
    (void)reply->has_keyword("STARTTLS");
    (void)reply->has_keyword("");
  }
  return 0;
}
