#include "uccert/report/wrap.h"

#include <vector>

namespace uccert::report {

namespace {

// Columns a UTF-8 string takes: one per code point (continuation bytes do not count).
std::size_t columns(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace

std::string wrap(std::string_view text, std::size_t width, std::string_view first_indent,
                 std::string_view next_indent) {
  std::string out(first_indent);
  if (width == 0) {
    out.append(text);
    out += '\n';
    return out;
  }
  std::size_t used = columns(first_indent);
  bool line_has_word = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = std::min(text.find(' ', pos), text.size());
    const std::string_view word = text.substr(pos, end - pos);
    pos = end + 1;
    if (word.empty()) continue;
    const std::size_t w = columns(word);
    if (line_has_word && used + 1 + w > width) {
      out += '\n';
      out.append(next_indent);
      used = columns(next_indent);
      line_has_word = false;
    }
    if (line_has_word) {
      out += ' ';
      ++used;
    }
    out.append(word);
    used += w;
    line_has_word = true;
  }
  out += '\n';
  return out;
}

}  // namespace uccert::report
