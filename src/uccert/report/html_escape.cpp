#include "uccert/report/html_escape.h"

#include "uccert/report/printable.h"

namespace uccert::report {

namespace {

void escape_into(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
}

}  // namespace

std::string html_text(std::string_view text) {
  std::string out;
  escape_into(out, printable(text));
  return out;
}

std::string html_lines(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (start > 0) out.push_back('\n');
    escape_into(out, printable(text.substr(start, end - start)));
    if (end == text.size()) break;
    start = end + 1;
  }
  return out;
}

}  // namespace uccert::report
