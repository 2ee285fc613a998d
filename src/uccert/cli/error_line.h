// The one line a command says when it cannot go on: "uccert: COMMAND: MESSAGE" on stderr, exit 3.
// The message quotes what was wrong (an argument, a file name, a server's words), so its control
// characters are shown as \xHH: a newline in an argument cannot split the line, an escape
// sequence cannot reach the terminal.
#pragma once

#include <string_view>

#include "uccert/cli/console.h"

namespace uccert::cli {

// Says the line and returns kExitUnknown. An empty `command` leaves out "COMMAND: ".
int fail(Console& console, std::string_view command, std::string_view message);

}  // namespace uccert::cli
