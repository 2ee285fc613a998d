#include "uccert/report/serve_json.h"

#include <nlohmann/json.hpp>

#include "uccert/report/json_text.h"

namespace uccert::report {

std::string serve_result_json(std::string_view id, const Report& report) {
  nlohmann::ordered_json j;
  j["id"] = id;
  j["command"] = report.command();
  j["exit_code"] = exit_code(report);
  j["verdicts"] = nlohmann::ordered_json::object();
  if (const auto* check = report.as<CheckReport>()) {
    j["target"] = check->evidence.target;
    j["verdict"] = rules::to_string(check->judgement.worst());
    for (const auto& pj : check->judgement.profiles) j["verdicts"][pj.profile_id] = rules::to_string(pj.verdict);
  }
  return json_text(j);
}

std::string serve_error_json(std::string_view message) {
  nlohmann::ordered_json j;
  j["error"] = message;
  return json_text(j);
}

}  // namespace uccert::report
