// `--format html`: one self-contained HTML document per report (report/html_page.h). Each kind
// of report is one function filling an HtmlPage; a new kind (audit, scan) adds one.
#pragma once

#include <string>

#include "uccert/report/html_page.h"
#include "uccert/report/report.h"

namespace uccert::report {

HtmlPage check_page(const CheckReport& report);
HtmlPage discover_page(const DiscoverReport& report);
HtmlPage audit_page(const AuditReport& report);
HtmlPage plan_page(const PlanReport& report);
HtmlPage inspect_page(const InspectReport& report);

std::string render_html(const Report& report);

}  // namespace uccert::report
