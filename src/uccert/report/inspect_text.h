// `uccert inspect` for people: every field of every certificate, aligned, then the chain order
// as found in the file. Colour only when asked (a TTY without NO_COLOR).
#pragma once

#include <string>

#include "uccert/report/inspect_report.h"

namespace uccert::report {

struct TextStyle {
  bool color = false;
};

std::string render_inspect_text(const InspectReport& report, const TextStyle& style = {});

}  // namespace uccert::report
