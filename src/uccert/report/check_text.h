// `uccert check` for people: one aligned verdict line per client, then each finding with its fix
// first and its theory (title, uc-rules source) after, then the chain as presented. Colour only
// when the style asks for it (a TTY without NO_COLOR).
#pragma once

#include <cstddef>

#include <string>

#include "uccert/report/check_report.h"

namespace uccert::report {

struct CheckTextStyle {
  bool color = false;
  // The terminal's width: prose (each finding's problem and theory) wraps at it; commands never
  // do. 0: no wrapping (not a terminal).
  std::size_t width = 0;
};

std::string render_check_text(const CheckReport& report, const CheckTextStyle& style = {});

}  // namespace uccert::report
