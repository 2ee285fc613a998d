// What `uccert plan` shows: the certificates and DNS records a deployment needs, the command that
// requests each certificate, and with --diff what a change of topology does to the certificates.
// Built by run_plan, printed by plan_text and plan_json; neither derives anything.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "uccert/topology/model.h"
#include "uccert/topology/plan.h"

namespace uccert::report {

struct PlanReport {
  std::vector<std::string> files;     // the topology read
  std::vector<topology::Note> notes;  // what the XML import skipped or lacked
  topology::Plan plan;
  std::vector<std::string> requests;  // per certificate, in plan order

  struct Diff {
    std::vector<std::string> old_files;
    topology::PlanDiff changes;
  };
  std::optional<Diff> diff;
};

// Whether the diff asks for any certificate to be issued, re-issued or retired.
bool any_change(const PlanReport::Diff& diff);

}  // namespace uccert::report
