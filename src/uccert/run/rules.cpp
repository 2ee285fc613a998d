#include "uccert/run/rules.h"

#include "uccert/profiles/client_profile.h"
#include "uccert/report/rules_render.h"

namespace uccert::run {

Result<std::string> run_rules(const RulesRequest& request) {
  const auto& profiles = profiles::builtin_profiles();
  if (request.format == "text") return report::render_rules_text(profiles);
  if (request.format == "json") return report::render_rules_json(profiles);
  if (request.format == "markdown") return report::render_rules_markdown(profiles);
  return Error{"unknown format '" + request.format + "' (text, json, markdown)"};
}

}  // namespace uccert::run
