#include "uccert/report/verdict_line.h"

#include <fmt/format.h>

#include <set>

namespace uccert::report {

namespace {

std::string clients_with(const CheckReport& r, rules::Verdict v) {
  std::string out;
  for (const auto& pj : r.judgement.profiles)
    if (pj.verdict == v) out += (out.empty() ? "" : ", ") + pj.profile_id;
  return out;
}

}  // namespace

std::string verdict_line(const CheckReport& r) {
  if (r.judgement.worst() == rules::Verdict::kPass)
    return fmt::format("every client passes ({})", r.judgement.profiles.size());
  std::string what;
  const std::string failing = clients_with(r, rules::Verdict::kFail);
  const std::string warning = clients_with(r, rules::Verdict::kWarn);
  if (!failing.empty()) what += "fail: " + failing;
  if (!warning.empty()) what += (what.empty() ? "" : "; ") + std::string("warn: ") + warning;
  // The findings that decide, by id (their full text is in --format text or json).
  std::set<std::string> ids;
  std::string listed;
  for (const auto& f : r.judgement.findings) {
    if (f.severity == rules::Severity::kInfo || !ids.insert(f.id).second) continue;
    listed += (listed.empty() ? "" : ", ") + f.id;
  }
  if (!listed.empty()) what += " (" + listed + ")";
  return what;
}

}  // namespace uccert::report
