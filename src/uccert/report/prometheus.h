// `--format prometheus`: the text exposition format (version 0.0.4), as the node exporter's
// textfile collector reads it. Per target: the expiry time of each certificate as sent, the
// verdict per client, the exit code, whether it could be evaluated, the probe's duration.
// Each metric family is written once, all its samples together (the format requires it), so a
// scan groups its targets' samples per family before writing them.
#pragma once

#include <array>
#include <string>

#include "uccert/report/report.h"
#include "uccert/report/scan_report.h"

namespace uccert::report {

inline constexpr std::size_t kPrometheusFamilies = 5;
// The sample lines of each family for some targets, in the order of the families.
using PrometheusSamples = std::array<std::string, kPrometheusFamilies>;

// The samples of one target (nothing but exit code and up = 0 for one that failed).
PrometheusSamples prometheus_samples(const ScanItem& item);
// The families with their HELP and TYPE lines; families without samples are left out.
std::string prometheus_text(const PrometheusSamples& samples);

std::string render_prometheus(const Report& report);

}  // namespace uccert::report
