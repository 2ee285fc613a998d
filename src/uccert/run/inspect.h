// `inspect`: every certificate of every file, and the order they are in. A file that cannot be
// read is reported in its place (with its one-line error) and the others are still read.
#pragma once

#include <string>
#include <vector>

#include "uccert/pki/error.h"
#include "uccert/pki/load.h"
#include "uccert/report/report.h"

namespace uccert::run {

struct InspectRequest {
  std::vector<std::string> files;
  std::string at;  // RFC 3339; "" = now
  pki::PasswordSource password;
  std::string missing_password_hint;
};

// An error only for a bad request (--at); unreadable files are in the report.
Result<report::Report> run_inspect(const InspectRequest& request);

}  // namespace uccert::run
