// Text and JSON of `uccert explain`.
#pragma once

#include <string>

#include "uccert/rules/explain.h"

namespace uccert::report {

std::string render_explain_text(const rules::Explanation& e);
std::string render_explain_json(const rules::Explanation& e);

}  // namespace uccert::report
