// `audit TOPOLOGY...`: every certificate the topology assigns, acquired (a file, or live with the
// probes check has, --connect-to and --dns-server honoured, under one deadline), judged with its
// role's rules for the clients that reach it in this deployment (phones only where phones are,
// with their firmware; --pool-cert from the topology), the coverage of every required name, and
// the consistency across certificates (EDGE-05, LPE-01/02). docs/topology.md, docs/roles.md.
#pragma once

#include <string>
#include <vector>

#include "uccert/acquire/endpoint.h"
#include "uccert/acquire/trust_stores.h"
#include "uccert/pki/error.h"
#include "uccert/report/report.h"

namespace uccert::run {

struct AuditRequest {
  std::vector<std::string> files;  // the topology: Topology XML and TOML overlays
  std::string at;                  // RFC 3339; "" = now
  // Trust beside the topology's own ([trust]): --public-roots and further roots.
  acquire::TrustFiles trust;
  acquire::EndpointOptions endpoint;  // --connect-to, --dns-server, --timeout (per probe)
  double deadline_seconds = 0;        // the whole run; 0 = 3 x --timeout per live endpoint
  int warn_days = 30;
  int fail_days = 14;
};

// An error (exit 3) for a topology that cannot be read or a bad option; a certificate that cannot
// be acquired is reported in place (its row "unknown").
Result<report::Report> run_audit(const AuditRequest& request);

}  // namespace uccert::run
