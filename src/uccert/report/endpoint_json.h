// What a live endpoint showed, as the `endpoint` object of docs/json.md: shared by the `check`
// document for HOST:PORT and by every probed target of `discover`.
#pragma once

#include <nlohmann/json.hpp>

#include "uccert/evidence/evidence.h"

namespace uccert::report {

nlohmann::ordered_json endpoint_json(const evidence::EndpointFacts& facts);

}  // namespace uccert::report
