// `uccert lab up / down`: a scenario minted into a folder and served on 127.0.0.1 (servers.h,
// dns_server.h) until SIGINT or SIGTERM, in the foreground or detached; the folder records what
// runs where (DIR/lab.state) and the checks the scenario demonstrates (DIR/checks.tsv,
// lab/check_list.h, with live targets).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "uccert/lab/check_list.h"
#include "uccert/lab/scenario.h"
#include "uccert/lab/scenario_mint.h"
#include "uccert/pki/error.h"

namespace uccert::lab {

struct UpOptions {
  std::string scenario;            // built-in name or .toml path
  std::filesystem::path dir;       // empty: default_lab_dir()
  std::uint16_t base_port = 0;     // 0: ports the system chooses
  bool detach = false;
  bool keep = false;               // leave the folder when the lab stops
  // The shared lab and test key pool (KeyPair::cached): a lab is never anything real, and its keys
  // then cost nothing after the first run.
  LabKeys keys = LabKeys::kCached;
};

// ${TMPDIR:-/tmp}/uccert-lab-UID: where `up` and `down` work when no --dir is given.
std::filesystem::path default_lab_dir();

// One endpoint as served.
struct ServedEndpoint {
  std::string id;
  std::string host;
  std::uint16_t port = 0;      // the port clients dial in the scenario
  std::uint16_t lab_port = 0;  // where the lab serves it on 127.0.0.1
  EndpointProtocol protocol = EndpointProtocol::kTls;
};

// What DIR/lab.state says.
struct LabState {
  pid_t pid = 0;
  std::string scenario;
  std::uint16_t dns_port = 0;
  std::uint16_t http_port = 0;
  std::vector<ServedEndpoint> endpoints;

  // --connect-to HOST:PORT:127.0.0.1:LABPORT for every endpoint: what lets uccert reach the lab
  // under the names and ports of the scenario.
  std::vector<std::string> connect_to_options() const;
};

Result<LabState> read_lab_state(const std::filesystem::path& dir);

// The scenario's checks as live `uccert check` runs (HOST:PORT targets with --connect-to).
std::vector<LabCheck> live_checks(const Scenario& scenario, const MintedScenario& minted, const LabState& state);
// The same checks on the files of what each endpoint sends (DIR/sent/ENDPOINT.pem).
std::vector<LabCheck> file_checks(const Scenario& scenario, const MintedScenario& minted);

// `uccert lab mint SCENARIO --out DIR`: the scenario's files and DIR/checks.tsv with file targets,
// nothing served; URLs in the certificates point at 127.0.0.1 port 1, where nothing listens.
int lab_mint(const std::string& scenario, const std::filesystem::path& dir, std::ostream& out, std::ostream& err);

// Brings the lab up and, in the foreground, serves until SIGINT or SIGTERM, then stops
// everything and removes the folder (unless keep). Detached: returns once the lab serves, and a
// background process keeps serving until `down`. Returns the exit code; what it serves and the
// commands to try go to `out`, errors (one line) to `err`.
int lab_up(const UpOptions& options, std::ostream& out, std::ostream& err);

// Stops the lab whose folder is `dir` (SIGTERM, at most 10 seconds) and removes the folder unless
// keep. Returns the exit code.
int lab_down(const std::filesystem::path& dir, bool keep, std::ostream& out, std::ostream& err);

}  // namespace uccert::lab
