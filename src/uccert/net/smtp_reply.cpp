#include "uccert/net/smtp_reply.h"

#include <cctype>

#include <fmt/format.h>

namespace uccert::net {

namespace {

bool code_prefix(std::string_view line) {
  return line.size() >= 3 && std::isdigit(static_cast<unsigned char>(line[0])) != 0 &&
         std::isdigit(static_cast<unsigned char>(line[1])) != 0 &&
         std::isdigit(static_cast<unsigned char>(line[2])) != 0;
}

std::string_view strip_cr(std::string_view s) {
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

}  // namespace

std::string SmtpReply::first_line() const {
  return lines.empty() ? fmt::format("{}", code) : fmt::format("{} {}", code, lines.front());
}

bool SmtpReply::has_keyword(std::string_view keyword) const {
  for (const auto& l : lines) {
    std::string_view word = std::string_view(l).substr(0, l.find(' '));
    if (word.size() != keyword.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < word.size() && same; ++i) {
      same = std::toupper(static_cast<unsigned char>(word[i])) == std::toupper(static_cast<unsigned char>(keyword[i]));
    }
    if (same) return true;
  }
  return false;
}

std::optional<std::size_t> complete_smtp_reply(std::string_view buffer) {
  std::size_t pos = 0;
  while (true) {
    auto nl = buffer.find('\n', pos);
    if (nl == std::string_view::npos) return std::nullopt;
    std::string_view line = strip_cr(buffer.substr(pos, nl - pos));
    // The last line has a space (or nothing) after the code.
    if (!code_prefix(line) || line.size() == 3 || line[3] != '-') return nl + 1;
    pos = nl + 1;
  }
}

std::optional<SmtpReply> parse_smtp_reply(std::string_view text) {
  SmtpReply out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    std::string_view line = strip_cr(text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    if (line.empty()) continue;
    if (!code_prefix(line)) return std::nullopt;
    out.code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    out.lines.emplace_back(line.size() > 4 ? std::string(line.substr(4)) : std::string());
  }
  if (out.lines.empty()) return std::nullopt;
  return out;
}

}  // namespace uccert::net
