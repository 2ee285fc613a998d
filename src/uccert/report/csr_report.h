// What `csr` reports: a request it made (files written, the equivalent cmdlet), or the findings
// about a request made elsewhere (`csr --check`).
#pragma once

#include <string>
#include <vector>

#include "uccert/pki/csr.h"
#include "uccert/rules/finding.h"

namespace uccert::report {

struct CsrMadeReport {
  std::string request_path;
  std::string key_path;
  std::string key_description;  // "RSA 2048", "ECDSA P-256"
  pki::CsrView csr;             // the request as written, decoded again
  std::string equivalent_command;  // the PowerShell that makes the same request on the server
  std::vector<std::string> notes;  // what uccert chose for the administrator (the CN put first in the SAN)
  rules::Findings findings;        // the request rules applied to it
};

struct CsrCheckReport {
  std::string path;
  pki::CsrView csr;
  std::vector<std::string> planned_names;
  rules::Findings findings;
};

// 0 no warning, 1 the worst finding is a warning, 2 a failure.
int exit_code(const CsrCheckReport& report);

}  // namespace uccert::report
