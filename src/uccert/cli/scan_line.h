// A targets line of `uccert scan` parsed with check's own option definitions (target_options.h):
// the target, then its options, each replacing the scan's value for that target only.
#pragma once

#include "uccert/cli/target_options.h"
#include "uccert/pki/error.h"
#include "uccert/run/scan.h"
#include "uccert/run/scan_targets.h"

namespace uccert::cli {

// Errors name the line: "targets line 12: ...".
Result<run::ScanTarget> parse_targets_line(const run::TargetsLine& line, const TargetOptions& defaults);

}  // namespace uccert::cli
