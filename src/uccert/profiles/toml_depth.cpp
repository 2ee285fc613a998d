#include "uccert/profiles/toml_depth.h"

namespace uccert::profiles {

std::size_t line_with_too_deep_keys(std::string_view text, std::size_t max_dots) {
  std::size_t line = 1, dots = 0;
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      dots = 0;
      quote = 0;
    } else if (quote != 0) {
      if (c == '\\' && quote == '"' && i + 1 < text.size() && text[i + 1] != '\n') ++i;  // an escape
      else if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '.' && ++dots > max_dots) {
      return line;
    }
  }
  return 0;
}

}  // namespace uccert::profiles
