// Prose wrapped at a terminal's width: words move to the next line, indented; a word longer than
// the line stays whole. Commands are never wrapped (they must paste as one line), so renderers
// call this for prose only.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace uccert::report {

// `text` as lines of at most `width` columns (counting bytes of ASCII, code points otherwise),
// the first starting with `first_indent`, the rest with `next_indent`; each line ends with "\n".
// width 0: one line, unwrapped.
std::string wrap(std::string_view text, std::size_t width, std::string_view first_indent,
                 std::string_view next_indent);

}  // namespace uccert::report
