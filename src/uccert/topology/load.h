// A topology from the files the administrator names: Topology XML (.xml, .tbxml) first, then TOML
// overlays in the order given, then the checks across the whole model (validate.h) and that every
// file an assignment or trust entry names exists. Any problem is one line naming file and line.
#pragma once

#include <string>
#include <vector>

#include "uccert/pki/error.h"
#include "uccert/topology/model.h"

namespace uccert::topology {

Result<Topology> load_topology(const std::vector<std::string>& paths);

}  // namespace uccert::topology
