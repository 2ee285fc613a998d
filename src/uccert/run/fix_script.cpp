#include "uccert/run/fix_script.h"

#include "uccert/pki/write_new_file.h"
#include "uccert/report/fix_script.h"

namespace uccert::run {

Status write_fix_script(const rules::Findings& findings, const std::string& path, const std::string& command_line) {
  if (path == "-") return Error{"--fix-script -: give a file name (the script is written to a file)"};
  const std::string script = report::fix_script(findings, {command_line, command_line});
  return pki::write_new_files({{path, script, false}});
}

rules::Findings report_findings(const report::Report& report) {
  if (const auto* check = report.as<report::CheckReport>()) return check->judgement.findings;
  if (const auto* audit = report.as<report::AuditReport>()) {
    // Every certificate's findings and those across certificates, in the report's order.
    rules::Findings out;
    for (const auto& f : audit->findings) out.push_back(f.finding);
    return out;
  }
  return {};
}

}  // namespace uccert::run
