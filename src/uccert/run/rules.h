// `rules`: the registry listed for people (text), scripts (json) or docs/findings.md (markdown).
#pragma once

#include <string>

#include "uccert/pki/error.h"

namespace uccert::run {

struct RulesRequest {
  std::string format = "text";  // text, json, markdown
};

// The listing; an unknown format is an error naming the known ones.
Result<std::string> run_rules(const RulesRequest& request);

}  // namespace uccert::run
