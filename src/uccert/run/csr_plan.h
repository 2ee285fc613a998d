// A certificate request planned from a topology (`uccert csr TOPOLOGY... --usage USAGE`): the
// subject, the SAN in the order devices need and the EKU that `uccert plan` gives that
// certificate, so the request made here is the one the plan asks for.
#pragma once

#include <string>
#include <vector>

#include "uccert/pki/error.h"
#include "uccert/run/csr.h"

namespace uccert::run {

struct TopologyCsrSelection {
  std::vector<std::string> files;  // the topology: XML and/or overlays, as `plan` takes them
  std::string usage;               // a Set-CsCertificate -Type value (Default, AccessEdgeExternal...) or UM, IIS
  std::string role;                // or a role id (fe-default, edge-external...: docs/roles.md)
  std::string server;              // the pool or server, when the topology has several with that usage
};

// The plan of the one certificate the selection names; an error (one line) lists the
// candidates when there are none or several.
Result<CsrPlan> csr_plan_from_topology(const TopologyCsrSelection& selection);

}  // namespace uccert::run
