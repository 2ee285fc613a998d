// `discover`: walk a SIP domain's records as clients do, probe every target, judge each
// certificate for the clients that use its record and the records themselves with the DNS rules.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "uccert/acquire/endpoint.h"
#include "uccert/acquire/trust_stores.h"
#include "uccert/pki/error.h"
#include "uccert/report/report.h"

namespace uccert::run {

struct DiscoverRequest {
  std::string domain;
  std::vector<std::string> profile_ids;
  std::string profiles_file;
  std::string at;
  acquire::TrustFiles trust;
  acquire::EndpointOptions connection;  // --connect-to, --timeout, --dns-server
  int concurrency = 8;
  std::optional<double> deadline_seconds;  // default: 3 x --timeout
  bool no_probe = false;
  // When the deadline started (the command's start, so reading trust stores counts too).
  std::optional<std::chrono::steady_clock::time_point> started;
};

Result<report::Report> run_discover(const DiscoverRequest& request);

}  // namespace uccert::run
