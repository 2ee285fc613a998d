#include "uccert/report/plan_text.h"

#include <fmt/format.h>

#include <map>

#include "uccert/report/printable.h"

namespace uccert::report {
namespace {

// Names come from files someone else may have written: each reaches the terminal through
// printable(), so none can start a line of its own or drive the terminal.
std::string join(const std::vector<std::string>& items, std::string_view sep = ", ") {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : std::string(sep)) + printable(s);
  return out;
}

void line(std::string& out, std::string_view label, std::string_view value) {
  out += fmt::format("    {:<14}{}\n", label, value);
}

// What a SAN entry is there for, when it is not simply required.
std::string annotation(const topology::CertificatePlan& c, const std::string& name) {
  for (const auto& n : c.names) {
    if (n.name != name) continue;
    if (n.need == profiles::Need::kOptional) return fmt::format("  (optional: {})", n.source);
    if (n.need == profiles::Need::kNeverChecked) return fmt::format("  (never name-checked: {})", n.source);
  }
  return {};
}

void certificate(std::string& out, std::size_t index, const topology::CertificatePlan& c, const std::string& request) {
  const profiles::RoleSpec& spec = profiles::role_spec(c.role);
  out += fmt::format("[{}] {}  {}  ({})\n", index + 1, spec.id, printable(c.server), spec.title);
  if (!c.usages.empty()) line(out, "usage", join(c.usages, ","));
  if (!c.installed_on.empty()) line(out, "installed on", join(c.installed_on));
  line(out, "subject", "CN=" + printable(c.subject_cn));
  for (std::size_t i = 0; i < c.san.size(); ++i)
    line(out, i == 0 ? "SAN" : "", printable(c.san[i]) + annotation(c, c.san[i]));
  line(out, "wildcards", c.wildcard_rule);
  if (!c.san_with_wildcards.empty()) line(out, "or, wildcards", join(c.san_with_wildcards));
  for (const auto& caution : c.cautions) line(out, "caution", printable(caution));
  line(out, "EKU", spec.client_auth_eku ? "Server Authentication, Client Authentication" : "Server Authentication");
  line(out, "CA",
       spec.ca == profiles::CaKind::kPublic       ? "public"
       : spec.ca == profiles::CaKind::kEnterprise ? "enterprise (internal)"
                                                  : "one both sides trust (public or enterprise)");
  line(out, "key",
       fmt::format("RSA {} bits or more; exportable: {}", spec.min_rsa_bits, profiles::to_string(spec.exportable_key)));
  line(out, "clients", c.clients.empty() ? std::string("(none deployed)") : join(c.clients));
  line(out, "request", printable(request));
  line(out, "rules", spec.source);
  out += "\n";
}

void dns(std::string& out, const topology::Plan& plan) {
  out += "DNS records\n";
  std::string domain;
  for (const auto& r : plan.dns) {
    if (r.sip_domain != domain) {
      domain = r.sip_domain;
      out += fmt::format("  {}\n", printable(domain));
    }
    const std::string name = r.type == "SRV" ? fmt::format("{} port {}", printable(r.name), r.port) : printable(r.name);
    const std::string to = r.type == "SRV" ? printable(r.target) : "address of " + printable(r.target);
    out += fmt::format("    {:<9}{:<4}{:<46} -> {}  ({}; {})\n", r.side, r.type, name,
                       r.target.empty() ? printable(r.points_at) : to, printable(r.points_at), r.source);
  }
}

void notes(std::string& out, const std::vector<topology::Note>& list) {
  if (list.empty()) return;
  out += "\nNotes\n";
  for (const auto& n : list) out += fmt::format("  {}: {}\n", printable(topology::where(n.origin)), printable(n.text));
}

std::string diff_text(const PlanReport& r) {
  const auto& d = *r.diff;
  std::string out = fmt::format("uccert plan --diff\n  before: {}\n  after:  {}\n", join(d.old_files), join(r.files));
  if (!d.changes.sip_domains_added.empty())
    out += fmt::format("  SIP domains added: {}\n", join(d.changes.sip_domains_added));
  if (!d.changes.sip_domains_removed.empty())
    out += fmt::format("  SIP domains removed: {}\n", join(d.changes.sip_domains_removed));
  out += "\n";
  std::map<std::string, std::string> request_by_key;
  for (std::size_t i = 0; i < r.plan.certificates.size() && i < r.requests.size(); ++i)
    request_by_key[r.plan.certificates[i].key] = r.requests[i];
  std::vector<std::string> untouched;
  for (const auto& c : d.changes.changes) {
    using Kind = topology::CertificateChange::Kind;
    if (c.kind == Kind::kUntouched) {
      untouched.push_back(c.key);
      continue;
    }
    out += fmt::format("{:<10}{}\n", topology::to_string(c.kind), printable(c.key));
    if (c.kind == Kind::kReissue && c.old_cn != c.new_cn)
      out += fmt::format("          subject CN={} -> CN={}\n", printable(c.old_cn), printable(c.new_cn));
    if (c.kind != Kind::kNew) {
      for (const auto& n : c.added) out += fmt::format("          + {}\n", printable(n));
      for (const auto& n : c.removed) out += fmt::format("          - {}\n", printable(n));
    }
    if (c.kind == Kind::kNew || c.kind == Kind::kReissue) {
      out += fmt::format("          SAN: {}\n", join(c.new_san));
      if (auto it = request_by_key.find(c.key); it != request_by_key.end())
        out += fmt::format("          request: {}\n", printable(it->second));
    }
  }
  if (untouched.empty()) {
    out += "untouched: none\n";
  } else {
    out += fmt::format("untouched ({}): {}\n", untouched.size(), join(untouched));
  }
  if (!any_change(d)) out += "\nNo certificate needs to change.\n";
  return out;
}

}  // namespace

std::string render_plan_text(const PlanReport& r) {
  if (r.diff) return diff_text(r);
  std::string out = fmt::format("uccert plan: {} certificate{} for {}\n  read: {}\n\n", r.plan.certificates.size(),
                                r.plan.certificates.size() == 1 ? "" : "s", join(r.plan.sip_domains), join(r.files));
  for (std::size_t i = 0; i < r.plan.certificates.size(); ++i)
    certificate(out, i, r.plan.certificates[i], i < r.requests.size() ? r.requests[i] : std::string());
  dns(out, r.plan);
  notes(out, r.notes);
  return out;
}

}  // namespace uccert::report
