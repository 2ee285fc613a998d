// Checks across the whole model once every file is read: a duplicate FQDN, an assignment to a
// server the topology does not have or with a usage that server cannot have, a topology without
// a SIP domain. Pure: nothing is opened (load.h checks the files).
#pragma once

#include <optional>
#include <string_view>

#include "uccert/pki/error.h"
#include "uccert/topology/model.h"

namespace uccert::topology {

Status validate_topology(const Topology& topology);

// What kind of server an FQDN is in the topology, for messages and the usage check; nullopt when
// the topology does not know it.
enum class ServerKind {
  kFrontEnd,
  kDirector,
  kEdge,
  kMediation,
  kOfficeWebApps,
  kExchangeUm,
  kExchangeCas,
  kReverseProxy,
  kSbc
};
std::optional<ServerKind> server_kind(const Topology& topology, std::string_view fqdn);
std::string_view to_string(ServerKind kind);  // "Front End pool", "Edge pool", ...

// Whether a certificate with `usage` can be on a server of `kind` (PS-03, PS-08).
bool usage_fits(Usage usage, ServerKind kind);

}  // namespace uccert::topology
