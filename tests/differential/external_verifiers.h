// The reference verifiers the differential test compares uccert with: `openssl verify` and
// GnuTLS `certtool --verify`, run as child processes (no shell) on files in one folder.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "uccert/pki/certificate.h"

namespace uccert::testing::differential {

struct ToolRun {
  bool accepted = false;  // exit status 0
  int exit_status = -1;   // -1: did not run or was killed
  std::string output;     // stdout and stderr, for failure messages
};

// Runs argv[0] (looked up in PATH) with stdout and stderr to `output_file`; waits for it.
ToolRun run_tool(const std::vector<std::string>& argv, const std::filesystem::path& output_file);

// True when `program` is an executable in PATH.
bool in_path(const std::string& program);

// The files one case is verified from: the trust anchor, the chain as served (leaf first as a
// TLS client receives it) and its first certificate alone.
struct CaseFiles {
  std::filesystem::path root_pem, served_pem, first_pem;
};

// openssl verify -CAfile root -untrusted served -verify_hostname NAME -purpose sslserver -attime AT first
ToolRun openssl_verify(const CaseFiles& files, const std::string& name, pki::UnixTime at);

// certtool --verify --load-ca-certificate root --infile served --verify-hostname NAME
//   --verify-purpose serverAuth --verify-profile medium
// certtool has no validation-time option: it reads the clock (the chains are minted around now).
ToolRun certtool_verify(const CaseFiles& files, const std::string& name);

}  // namespace uccert::testing::differential
