// Text from outside (a certificate's names, a server's answer, a file name, an argument) made
// safe to print on a terminal: every control character (C0, DEL, and C1 written in UTF-8) and
// every byte that is not part of valid UTF-8 is shown as \xHH. A name can then neither split a
// line ("fake" output lines) nor drive the terminal (escape sequences: colours, title, clear).
#pragma once

#include <string>
#include <string_view>

namespace uccert::report {

std::string printable(std::string_view text);

// Each line of `text` after `indent`, shown with printable(), every line ending in "\n".
std::string indented_lines(std::string_view text, std::string_view indent);

}  // namespace uccert::report
