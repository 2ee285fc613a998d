#include "uccert/report/report.h"

#include <algorithm>

namespace uccert::report {

int exit_code(rules::Verdict v) {
  switch (v) {
    case rules::Verdict::kPass: return kExitPass;
    case rules::Verdict::kWarn: return kExitWarn;
    case rules::Verdict::kFail: return kExitFail;
  }
  return kExitFail;
}

std::string_view Report::command() const {
  if (as<CheckReport>() != nullptr) return "check";
  if (as<DiscoverReport>() != nullptr) return "discover";
  if (as<PlanReport>() != nullptr) return "plan";
  if (as<AuditReport>() != nullptr) return "audit";
  return "inspect";
}

int exit_code(const CheckReport& report) { return exit_code(report.judgement.worst()); }

int exit_code(const DiscoverReport& r) {
  const rules::Verdict worst = r.worst();
  // An unfinished run never says "pass": what was judged stands when it is wrong.
  if (r.facts.deadline_reached && worst == rules::Verdict::kPass) return kExitUnknown;
  if (!r.facts.probed && r.facts.any_record) return exit_code(worst);
  if (!r.any_judged()) {
    // DNS findings alone still decide when the records themselves are wrong.
    if (worst == rules::Verdict::kPass) return kExitUnknown;
    if (worst == rules::Verdict::kFail) return kExitFail;
    return r.facts.any_record ? kExitWarn : kExitUnknown;
  }
  return exit_code(worst);
}

int exit_code(const InspectReport& report) {
  for (const auto& f : report.files)
    if (!f.loaded) return kExitUnknown;
  return kExitPass;
}

bool any_change(const PlanReport::Diff& diff) {
  for (const auto& c : diff.changes.changes)
    if (c.kind != topology::CertificateChange::Kind::kUntouched) return true;
  return false;
}

int exit_code(const PlanReport& report) { return report.diff && any_change(*report.diff) ? kExitWarn : kExitPass; }

rules::Verdict AuditReport::worst() const {
  rules::Verdict w = rules::Verdict::kPass;
  for (const auto& c : certificates)
    if (c.check) w = std::max(w, c.check->judgement.worst());
  for (const auto& f : findings)
    if (f.key.empty()) w = std::max(w, rules::verdict_of(f.finding.severity));
  return w;
}

bool AuditReport::any_judged() const {
  return std::any_of(certificates.begin(), certificates.end(), [](const AuditCertificate& c) { return c.check; });
}

bool AuditReport::any_unknown() const {
  return std::any_of(certificates.begin(), certificates.end(),
                     [](const AuditCertificate& c) { return !c.source.empty() && !c.check; });
}

int exit_code(const AuditReport& r) {
  if (!r.any_judged()) return kExitUnknown;
  const rules::Verdict worst = r.worst();
  if (worst == rules::Verdict::kPass && (r.any_unknown() || r.deadline_reached)) return kExitUnknown;
  return exit_code(worst);
}

int exit_code(const Report& report) {
  return std::visit([](const auto& body) { return exit_code(body); }, report.body);
}

}  // namespace uccert::report
