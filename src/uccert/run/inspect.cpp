#include "uccert/run/inspect.h"

#include <chrono>

#include "uccert/report/inspect_report.h"

namespace uccert::run {

Result<report::Report> run_inspect(const InspectRequest& request) {
  report::InspectReport out;
  if (request.at.empty()) {
    out.at = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                 .count();
  } else if (auto t = pki::parse_time(request.at)) {
    out.at = *t;
  } else {
    return Error{"--at " + request.at + ": not an RFC 3339 time (e.g. 2026-11-23T14:47:03Z)"};
  }
  pki::LoadOptions load;
  load.password = request.password;
  load.missing_password_hint = request.missing_password_hint;
  for (const std::string& path : request.files) {
    auto loaded = pki::load_file(path, load);
    out.files.push_back(loaded ? report::inspected(std::move(loaded.value()))
                               : report::inspection_failed(path, loaded.error().message));
  }
  return report::Report{std::move(out)};
}

}  // namespace uccert::run
