// `uccert plan` as text: the certificates in plan order (role, usages, subject, SAN in device
// order, wildcard rule, EKU, CA, key, clients, the request command), then the DNS records per
// SIP domain; with --diff only what changes. docs/topology.md shows both.
#pragma once

#include <string>

#include "uccert/report/plan_report.h"

namespace uccert::report {

std::string render_plan_text(const PlanReport& report);

}  // namespace uccert::report
