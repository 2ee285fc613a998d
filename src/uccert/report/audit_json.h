// `uccert audit --format json` (docs/json.md, section "audit"; keys in audit_json_keys.h).
#pragma once

#include <string>

#include "uccert/report/audit_report.h"

namespace uccert::report {

std::string render_audit_json(const AuditReport& report);  // pretty, ends with a newline

}  // namespace uccert::report
