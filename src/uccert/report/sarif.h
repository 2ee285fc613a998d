// `--format sarif`: SARIF 2.1.0 (OASIS), for pipelines that keep certificates (and, next,
// topology files) in a repository and show findings where the file is. One result per finding:
// ruleId the finding id, level from its severity, the file as location (a live endpoint, a DNS
// record: a logical location), and each rule's metadata from the rule registry.
#pragma once

#include <string>

#include "uccert/report/report.h"

namespace uccert::report {

std::string render_sarif(const Report& report);

// "error" (fail), "warning" (warn), "note" (info).
std::string_view sarif_level(rules::Severity severity);

// A file path as a SARIF artifact URI reference: '/' kept, every byte outside RFC 3986's
// unreserved set percent-encoded ("my certs/edge.pem" -> "my%20certs/edge.pem").
std::string sarif_uri(std::string_view path);

}  // namespace uccert::report
