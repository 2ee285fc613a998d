// Text and JSON of `csr` and `csr --check`.
#pragma once

#include <string>

#include "uccert/report/csr_report.h"

namespace uccert::report {

std::string render_csr_made_text(const CsrMadeReport& report);
std::string render_csr_made_json(const CsrMadeReport& report);
std::string render_csr_check_text(const CsrCheckReport& report);
std::string render_csr_check_json(const CsrCheckReport& report);

}  // namespace uccert::report
