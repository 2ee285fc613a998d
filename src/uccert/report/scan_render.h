// The output formats of `uccert scan`: each target's result is rendered as it completes, so the
// output streams and memory stays flat. JSON Lines (one check JSON object per target), CSV, text,
// nagios (one status line for the whole scan) and prometheus (families grouped at the end).
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "uccert/report/renderers.h"
#include "uccert/report/scan_report.h"

namespace uccert::report {

class ScanWriter {
 public:
  virtual ~ScanWriter() = default;
  // Written before the first target (a CSV header).
  virtual std::string header() const { return {}; }
  // One target: pure and thread-safe (a scan renders on its workers).
  virtual std::string render(const ScanItem& item) const = 0;
  // What to write now for a rendered target, in completion order (one thread): most formats
  // write it as it is; prometheus keeps it for its family.
  virtual std::string take(std::string rendered) { return rendered; }
  // Written after the last target.
  virtual std::string footer(const ScanSummary& summary) = 0;
  // Records for programs (json, csv, prometheus): the human summary goes to stderr instead.
  virtual bool for_programs() const = 0;
};

std::span<const std::string_view> scan_formats();  // "text", "json", "jsonl", "csv", "nagios", "prometheus"
// nullptr when no format has that name.
std::unique_ptr<ScanWriter> make_scan_writer(std::string_view format, const RenderStyle& style);

// The summary as a person reads it: verdicts per client, most frequent findings, expiry calendar.
std::string render_scan_summary_text(const ScanSummary& summary);

// One target as one JSON Lines record (check's JSON object, plus "scan"; docs/json.md).
std::string render_scan_json_line(const ScanItem& item);

}  // namespace uccert::report
