#include "uccert/report/audit_text.h"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>

#include "uccert/report/printable.h"
#include "uccert/report/report.h"

namespace uccert::report {

namespace {

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}


std::string verdict_cell(const std::string& v) {
  if (v.empty()) return "-";
  if (v == "warn") return "WARN";
  if (v == "fail") return "FAIL";
  return v;
}

std::string_view severity_word(rules::Severity s) {
  switch (s) {
    case rules::Severity::kInfo: return "info";
    case rules::Severity::kWarn: return "WARN";
    case rules::Severity::kFail: return "FAIL";
  }
  return "FAIL";
}

void verdict_table(std::ostringstream& out, const AuditReport& r) {
  out << "Verdicts (certificate x client; - = the client does not reach it)\n";
  auto label = [](const VerdictRow& row) {
    return row.assigned_server.empty() ? row.key : row.key + " @ " + row.assigned_server;
  };
  std::size_t first = std::string_view("certificate").size();
  for (const auto& row : r.verdicts) first = std::max(first, label(row).size());
  out << fmt::format("  {:<{}}", "certificate", first);
  for (const auto& c : r.clients) out << "  " << c;
  out << "\n";
  for (const auto& row : r.verdicts) {
    out << fmt::format("  {:<{}}", printable(label(row)), first);
    for (std::size_t i = 0; i < row.verdicts.size() && i < r.clients.size(); ++i)
      out << fmt::format("  {:<{}}", verdict_cell(row.verdicts[i].second), r.clients[i].size());
    out << "\n";
  }
  out << "\n";
}

void certificates(std::ostringstream& out, const AuditReport& r) {
  out << "Certificates\n";
  for (const auto& c : r.certificates) {
    if (c.source.empty()) {
      out << fmt::format("  {}: not assigned (not audited)\n", printable(c.key));
      continue;
    }
    const std::string where = fmt::format("{} {} from {}", printable(c.assigned_server), join(c.usages, ","),
                                          printable(c.source));
    if (!c.check) {
      out << fmt::format("  {}: {}: unknown: {}\n", printable(c.key), where, printable(c.error));
      continue;
    }
    const auto& chain = c.check->evidence.chain;
    const std::string leaf = chain.empty() || !chain.front()
                                 ? std::string("no certificate")
                                 : fmt::format("SHA-1 {}, CN {}", chain.front()->sha1_thumbprint,
                                               printable(join(chain.front()->subject_common_names, ", ")));
    out << fmt::format("  {}: {}: {} ({})\n", printable(c.key), where, leaf,
                       rules::to_string(c.check->judgement.worst()));
  }
  out << "\n";
}

void coverage(std::ostringstream& out, const AuditReport& r) {
  out << "Coverage (each name a certificate must carry, and the clients that dial it)\n";
  std::string last;
  for (const auto& row : r.coverage) {
    if (row.key != last) {
      out << "  " << printable(row.key) << "\n";
      last = row.key;
    }
    std::string status = row.status;
    if (row.status == "wildcard") status += " " + row.entry;
    if (row.need != "required") status += " (" + row.need + ")";
    out << fmt::format("    {:<40} {:<22} {}{}\n", printable(row.name), status, row.kind,
                       row.clients.empty() ? "" : "  " + join(row.clients, ", "));
  }
  out << "\n";
}

void findings(std::ostringstream& out, const AuditReport& r) {
  out << fmt::format("Findings ({})\n", r.findings.size());
  for (const auto& af : r.findings) {
    const auto& f = af.finding;
    out << "\n" << severity_word(f.severity) << "  " << f.id;
    if (!f.profiles.empty()) out << "  [" << join(f.profiles, ", ") << "]";
    if (!af.key.empty()) out << "  " << printable(af.key);
    out << "\n  Fix:\n";
    out << indented_lines(f.fix, "    ");
    out << "  Problem:\n";
    out << indented_lines(f.message, "    ");
    if (!f.title.empty())
      out << "  Why: " << printable(f.title) << (f.source.empty() ? "" : " (" + f.source + ")") << "\n";
  }
}

}  // namespace

std::string render_audit_text(const AuditReport& r) {
  std::ostringstream out;
  out << fmt::format("uccert audit {} at {}: {}\n\n", printable(join(r.files, " ")), pki::format_time(r.at),
                     r.any_judged() ? std::string(rules::to_string(r.worst())) : std::string("nothing judged"));
  if (r.deadline_reached) out << "The run's deadline was reached: certificates not probed are unknown.\n\n";
  verdict_table(out, r);
  certificates(out, r);
  coverage(out, r);
  findings(out, r);
  for (const auto& n : r.notes)
    out << "note: " << printable(topology::where(n.origin)) << ": " << printable(n.text) << "\n";
  for (const auto& n : r.trust_notes) out << "note: " << printable(n) << "\n";
  return out.str();
}

}  // namespace uccert::report
