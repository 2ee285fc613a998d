// SMTP replies (RFC 5321 4.2): one or more lines "NNN-text" ending with "NNN text".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace uccert::net {

struct SmtpReply {
  int code = 0;
  std::vector<std::string> lines;  // the text after "NNN-" / "NNN " of each line
  std::string first_line() const;  // "250 mail.contoso.com" (code and first text)
  bool has_keyword(std::string_view keyword) const;  // EHLO capability, case-insensitive
};

// Whether `buffer` (CRLF- or LF-separated lines) holds a complete reply, and its size in bytes.
std::optional<std::size_t> complete_smtp_reply(std::string_view buffer);
// Parses a complete reply; nullopt when a line does not start with a three-digit code.
std::optional<SmtpReply> parse_smtp_reply(std::string_view text);

}  // namespace uccert::net
