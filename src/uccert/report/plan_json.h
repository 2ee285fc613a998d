// `uccert plan --format json`: the PlanReport as documented in docs/json.md ("command": "plan").
#pragma once

#include <string>

#include "uccert/report/plan_report.h"

namespace uccert::report {

std::string render_plan_json(const PlanReport& report);

}  // namespace uccert::report
