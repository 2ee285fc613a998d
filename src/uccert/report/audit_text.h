// `uccert audit` as text: the verdict table role x client first, then the certificates, the
// coverage of every required name, and the findings, fix first. Derives nothing.
#pragma once

#include <string>

#include "uccert/report/audit_report.h"

namespace uccert::report {

std::string render_audit_text(const AuditReport& report);

}  // namespace uccert::report
