// Text from outside (a certificate's names, a server's answer, a file or host name) made safe to
// place in an HTML document: control characters and bytes that are not UTF-8 shown as \xHH (as on
// a terminal, report/printable.h), then the five characters HTML gives meaning to written as
// character references. A subject holding "<script>" or a SAN holding "\"><img onerror=...>"
// renders as those characters, in element content and in quoted attribute values alike.
#pragma once

#include <string>
#include <string_view>

namespace uccert::report {

// One line: a line break inside is shown as \x0A, never obeyed.
std::string html_text(std::string_view text);

// Several lines (a fix's commands): each line escaped, the line breaks kept.
std::string html_lines(std::string_view text);

}  // namespace uccert::report
