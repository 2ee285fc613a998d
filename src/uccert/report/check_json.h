// `uccert check --format json`: one object per target, keys in check_json_keys.h, documented in
// docs/json.md ("schema": 1; fields are only added).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "uccert/report/check_report.h"

namespace uccert::report {

nlohmann::ordered_json check_json(const CheckReport& report);
// One finding, as check and discover write it (docs/json.md "finding").
nlohmann::ordered_json finding_json(const rules::Finding& finding);
std::string render_check_json(const CheckReport& report);  // pretty, ends with a newline

}  // namespace uccert::report
