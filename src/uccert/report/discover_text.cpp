#include "uccert/report/discover_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "uccert/evidence/endpoint_details.h"
#include "uccert/report/report.h"

namespace uccert::report {

namespace {

std::string leaf_summary(const evidence::ProbedTarget& t) {
  if (!t.evidence && t.not_probed != evidence::NotProbed::kNo) return "not probed";
  if (!t.evidence) return t.error.empty() ? "-" : "unreachable";
  if (t.evidence->chain.empty()) return "-";
  const auto& leaf = *t.evidence->chain.front();
  std::string cn = leaf.subject_common_names.empty() ? leaf.subject.text : "CN=" + leaf.subject_common_names.front();
  return fmt::format("{} ({} sent)", cn, t.evidence->chain.size());
}

std::string verdicts_summary(const evidence::ProbedTarget& t, const CheckReport* check) {
  if (check == nullptr) return t.evidence ? "not judged" : t.error;
  std::vector<std::string> parts;
  for (const auto& pj : check->judgement.profiles) {
    parts.push_back(fmt::format("{} {}", pj.profile_id, rules::to_string(pj.verdict)));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string status_text(const evidence::DiscoveredRecord& rec) {
  switch (rec.status) {
    case evidence::DnsStatus::kOk: return "";
    case evidence::DnsStatus::kNxDomain: return "not found";
    case evidence::DnsStatus::kNoData: return "no record of this type";
    case evidence::DnsStatus::kTimeout: return "lookup timed out";
    case evidence::DnsStatus::kError: return "lookup failed: " + rec.error;
  }
  return "";
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string indent(const std::string& text, const std::string& pad) {
  std::string out;
  for (char c : text) {
    out.push_back(c);
    if (c == '\n') out += pad;
  }
  return out;
}

// One finding, with every record -> target it was seen at (the same certificate behind several
// records gives the same finding once).
void print_finding(std::ostream& out, const rules::Finding& f, const std::vector<std::string>& where) {
  const std::string severity = f.severity == rules::Severity::kInfo ? "info" : upper(rules::to_string(f.severity));
  out << fmt::format("{:<4}  {}  [{}]\n", severity, f.id, fmt::join(f.profiles, ", "));
  for (const auto& w : where) out << "  at " << w << "\n";
  out << "  " << indent(f.message, "  ") << "\n";
  if (!f.fix.empty()) out << "  Fix: " << indent(f.fix, "       ") << "\n";
  if (!f.source.empty()) out << "  Why: " << (f.title.empty() ? "" : f.title + " ") << "(" << f.source << ")\n";
}

void render(std::ostream& out, const DiscoverReport& report) {
  const auto& r = report.facts;
  const auto& dns_servers = report.dns_servers;
  out << fmt::format("uccert discover {} (DNS: {})\n\n", r.domain,
                     dns_servers.empty() ? std::string("system resolver")
                                         : fmt::format("{}", fmt::join(dns_servers, ", ")));
  struct Row {
    std::string record, type, target, port, cert, verdicts;
  };
  std::vector<Row> rows;
  for (std::size_t ri = 0; ri < r.records.size(); ++ri) {
    const auto& rec = r.records[ri];
    std::string type = rec.spec.kind == evidence::RecordKind::kSrv ? "SRV" : "A";
    if (rec.status != evidence::DnsStatus::kOk) {
      rows.push_back({rec.name, type, status_text(rec), "", "", ""});
      continue;
    }
    if (rec.spec.kind == evidence::RecordKind::kSrv && !rec.spec.tls) {
      for (const auto& s : rec.srv)
        rows.push_back({rec.name, type, s.target, std::to_string(s.port), "TCP, no TLS", ""});
      continue;
    }
    for (std::size_t ti = 0; ti < rec.targets.size(); ++ti) {
      const auto& t = rec.targets[ti];
      std::string target = t.name;
      if (rec.spec.kind == evidence::RecordKind::kHost && rec.host) {
        target = rec.host->cname_chain.empty() ? fmt::format("{}", fmt::join(rec.host->addresses, " "))
                                               : fmt::format("CNAME {} ({})", rec.host->canonical_name,
                                                             fmt::join(rec.host->addresses, " "));
      }
      rows.push_back({rec.name, type, target, std::to_string(t.port), leaf_summary(t),
                      verdicts_summary(t, report.check(ri, ti))});
    }
  }
  std::size_t w0 = 6, w1 = 4, w2 = 6, w3 = 4, w4 = 11;
  for (const auto& row : rows) {
    w0 = std::max(w0, row.record.size());
    w1 = std::max(w1, row.type.size());
    w2 = std::max(w2, row.target.size());
    w3 = std::max(w3, row.port.size());
    w4 = std::max(w4, row.cert.size());
  }
  out << fmt::format("{:<{}}  {:<{}}  {:<{}}  {:<{}}  {:<{}}  {}\n", "RECORD", w0, "TYPE", w1, "TARGET", w2, "PORT",
                     w3, "CERTIFICATE", w4, "VERDICT PER CLIENT");
  for (const auto& row : rows) {
    std::string line = fmt::format("{:<{}}  {:<{}}  {:<{}}  {:<{}}  {:<{}}  {}", row.record, w0, row.type, w1,
                                   row.target, w2, row.port, w3, row.cert, w4, row.verdicts);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }

  // What each endpoint said (SIP status, ms-diagnostics, HTTP status), once per target.
  std::vector<std::string> said;
  for (const auto& rec : r.records) {
    for (const auto& t : rec.targets) {
      if (!t.evidence || !t.evidence->endpoint) continue;
      std::string line = fmt::format("{}:{} ({}): {}", t.name, t.port, t.evidence->endpoint->address,
                                     t.evidence->endpoint->application_status.empty()
                                         ? std::string("TLS handshake completed")
                                         : t.evidence->endpoint->application_status);
      const auto& d = t.evidence->endpoint->application_details;
      if (auto it = d.find(evidence::detail_key::kSipHresultName); it != d.end()) line += "; HRESULT " + it->second;
      if (std::find(said.begin(), said.end(), line) == said.end()) said.push_back(line);
    }
  }
  if (!said.empty()) {
    out << "\nEndpoints\n";
    for (const auto& s : said) out << "  " << s << "\n";
  }

  struct Grouped {
    rules::Finding finding;
    std::vector<std::string> where;
  };
  std::vector<Grouped> grouped;
  for (std::size_t ri = 0; ri < r.records.size(); ++ri) {
    const auto& rec = r.records[ri];
    for (std::size_t ti = 0; ti < rec.targets.size(); ++ti) {
      const auto& t = rec.targets[ti];
      const CheckReport* check = report.check(ri, ti);
      if (check == nullptr) continue;
      std::string where = fmt::format("{} -> {}:{}", rec.name, t.name, t.port);
      for (const auto& f : check->judgement.findings) {
        auto it = std::find_if(grouped.begin(), grouped.end(), [&](const Grouped& g) {
          return g.finding.id == f.id && g.finding.message == f.message && g.finding.profiles == f.profiles;
        });
        if (it == grouped.end()) {
          grouped.push_back({f, {where}});
        } else {
          it->where.push_back(where);
        }
      }
    }
  }
  // Failures first, then warnings, then notes; DNS findings lead each group.
  std::stable_sort(grouped.begin(), grouped.end(), [](const Grouped& a, const Grouped& b) {
    return static_cast<int>(a.finding.severity) > static_cast<int>(b.finding.severity);
  });
  std::size_t count = report.findings.size() + grouped.size();
  out << fmt::format("\nFindings ({})\n", count);
  if (count == 0) out << "  none: every record found points at a certificate that works for its clients\n";
  for (const auto& f : report.findings) print_finding(out, f, {});
  for (const auto& g : grouped) print_finding(out, g.finding, g.where);
  if (!r.notes.empty()) out << "\n";
  for (const auto& n : r.notes) out << "note: " << n.message << " (" << n.id << ")\n";
  out << fmt::format("\nverdict: {} (exit {})\n", rules::to_string(report.worst()), exit_code(report));
  for (const auto& n : report.notes) out << "note: " << n << "\n";
}

}  // namespace

std::string render_discover_text(const DiscoverReport& report) {
  std::ostringstream out;
  render(out, report);
  return out.str();
}

}  // namespace uccert::report
