// `explain`: a line from a log or a trace (rules/explain.h); unknown input is an error.
#pragma once

#include <string>

#include "uccert/pki/error.h"
#include "uccert/rules/explain.h"

namespace uccert::run {

Result<rules::Explanation> run_explain(const std::string& text);

}  // namespace uccert::run
