#include "uccert/report/overloaded.h"
#include "uccert/report/html_report.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "uccert/report/html_escape.h"
#include "uccert/report/html_sections.h"
#include "uccert/report/version.h"

namespace uccert::report {

namespace {


std::string footer_version() { return fmt::format("Written by uccert {}.", uccert_version()); }

std::string times_line(const CheckReport& r) {
  std::string line = "Judged at " + pki::format_time(r.options.at);
  if (r.evidence.observed_at != 0) line += "; chain observed " + pki::format_time(r.evidence.observed_at);
  return line + ".";
}

MatrixRow check_row(const CheckReport& r, const std::vector<std::string>& clients, std::string label,
                    std::string anchor) {
  MatrixRow row{std::move(label), std::move(anchor), {}};
  for (const auto& id : clients) {
    if (const auto* pj = r.judgement.find(id)) {
      row.cells.push_back({pj->verdict, ""});
    } else {
      row.cells.push_back({std::nullopt, "not used"});
    }
  }
  return row;
}

void add_client(std::vector<std::string>& clients, const std::string& id) {
  if (std::find(clients.begin(), clients.end(), id) == clients.end()) clients.push_back(id);
}

}  // namespace

HtmlPage check_page(const CheckReport& r) {
  HtmlPage page;
  page.title = "uccert check " + r.evidence.target;
  page.subtitle.push_back(r.evidence.dialled_name.empty() ? "No name dialled"
                                                          : "Name dialled: " + r.evidence.dialled_name);
  page.subtitle.push_back(fmt::format("Overall: {}", rules::to_string(r.judgement.worst())));
  page.matrix.corner = "Target";
  for (const auto& pj : r.judgement.profiles) page.matrix.clients.push_back(pj.profile_id);
  page.matrix.rows.push_back(check_row(r, page.matrix.clients, r.evidence.target, "target-1"));
  HtmlIds ids;
  page.sections.push_back(target_section(r, "target-1", ids));
  page.footer = {times_line(r), footer_version()};
  return page;
}

HtmlPage discover_page(const DiscoverReport& r) {
  const auto& facts = r.facts;
  HtmlPage page;
  page.title = "uccert discover " + facts.domain;
  std::string dns = "system resolver";
  if (!r.dns_servers.empty()) {
    dns.clear();
    for (const auto& s : r.dns_servers) dns += (dns.empty() ? "" : ", ") + s;
  }
  page.subtitle.push_back("DNS: " + dns);
  page.subtitle.push_back(fmt::format("Overall: {}", rules::to_string(r.worst())));
  page.matrix.corner = "Record \u2192 target";

  for (const auto& rec : facts.records)
    for (const auto& p : rec.spec.profiles) add_client(page.matrix.clients, p);

  // The DNS records themselves: each client's worst DNS finding.
  MatrixRow dns_row{"DNS records of " + facts.domain, "dns", {}};
  for (const auto& id : page.matrix.clients) {
    rules::Verdict v = rules::Verdict::kPass;
    for (const auto& f : r.findings)
      if (std::find(f.profiles.begin(), f.profiles.end(), id) != f.profiles.end())
        v = std::max(v, rules::verdict_of(f.severity));
    dns_row.cells.push_back({v, ""});
  }
  page.matrix.rows.push_back(std::move(dns_row));

  HtmlIds ids;
  std::string records = "<section id=\"dns\">\n<h2>DNS records</h2>\n<table><thead><tr><th scope=\"col\">Record</th>"
                        "<th scope=\"col\">For</th><th scope=\"col\">Answer</th></tr></thead>\n<tbody>\n";
  std::vector<std::string> targets;
  int target_number = 0;
  for (std::size_t ri = 0; ri < facts.records.size(); ++ri) {
    const auto& rec = facts.records[ri];
    std::string answer;
    switch (rec.status) {
      case evidence::DnsStatus::kOk: break;
      case evidence::DnsStatus::kNxDomain: answer = "not found"; break;
      case evidence::DnsStatus::kNoData: answer = "no record of this type"; break;
      case evidence::DnsStatus::kTimeout: answer = "lookup timed out"; break;
      case evidence::DnsStatus::kError: answer = "lookup failed: " + rec.error; break;
    }
    for (const auto& t : rec.targets) answer += (answer.empty() ? "" : "; ") + fmt::format("{}:{}", t.name, t.port);
    if (answer.empty() && !rec.spec.tls) answer = "TCP without TLS (nothing to probe)";
    std::string clients;
    for (const auto& p : rec.spec.profiles) clients += (clients.empty() ? "" : ", ") + p;
    records += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>\n", html_text(rec.name),
                           html_text(clients), html_text(answer));

    for (std::size_t ti = 0; ti < rec.targets.size(); ++ti) {
      const auto& t = rec.targets[ti];
      const std::string label = fmt::format("{} \u2192 {}:{}", rec.name, t.name, t.port);
      const CheckReport* check = r.check(ri, ti);
      if (check != nullptr) {
        const std::string anchor = fmt::format("target-{}", ++target_number);
        page.matrix.rows.push_back(check_row(*check, page.matrix.clients, label, anchor));
        targets.push_back(target_section(*check, anchor, ids));
        continue;
      }
      MatrixRow row{label, "", {}};
      const std::string why = t.evidence ? "not judged" : (t.error.empty() ? "not probed" : "unreachable");
      for (const auto& id : page.matrix.clients) {
        const bool uses = std::find(t.profiles.begin(), t.profiles.end(), id) != t.profiles.end();
        row.cells.push_back({std::nullopt, uses ? why : "not used"});
      }
      page.matrix.rows.push_back(std::move(row));
      if (!t.error.empty()) targets.push_back(fmt::format("<p class=\"meta\">{}: {}</p>\n", html_text(label),
                                                          html_text(t.error)));
    }
  }
  records += "</tbody></table>\n";
  records += fmt::format("<h3>DNS findings ({})</h3>\n", r.findings.size());
  for (const auto& f : r.findings) records += finding_html(f, {}, ids);
  for (const auto& n : facts.notes) records += fmt::format("<p class=\"meta\">note: {}</p>\n", html_text(n.message));
  records += "</section>\n";
  page.sections.push_back(std::move(records));
  for (auto& t : targets) page.sections.push_back(std::move(t));

  for (const auto& rec : r.checks) {
    for (const auto& c : rec) {
      if (c) {
        page.footer.push_back(times_line(*c));
        break;
      }
    }
    if (!page.footer.empty()) break;
  }
  for (const auto& n : r.notes) page.footer.push_back("note: " + n);
  page.footer.push_back(footer_version());
  return page;
}

HtmlPage inspect_page(const InspectReport& r) {
  HtmlPage page;
  page.title = "uccert inspect";
  page.subtitle.push_back("inspect judges nothing: no client has a verdict here (use check for verdicts).");
  page.matrix.corner = "File";
  std::string out = "<section id=\"files\">\n<h2>Files</h2>\n";
  for (const auto& f : r.files) {
    page.matrix.rows.push_back({f.path, "", {}});
    out += fmt::format("<h3>{}</h3>\n", html_text(f.path));
    if (!f.loaded) {
      out += fmt::format("<p>{}</p>\n", html_text(f.error));
      continue;
    }
    out += "<ol>\n";
    for (const auto& c : f.loaded->certificates)
      if (c) out += fmt::format("<li>{} <code>{}</code></li>\n", html_text(c->subject.text), c->sha1_thumbprint);
    out += "</ol>\n";
  }
  page.sections.push_back(out + "</section>\n");
  page.footer = {"At " + pki::format_time(r.at) + ".", footer_version()};
  return page;
}

HtmlPage audit_page(const AuditReport& r) {
  HtmlPage page;
  std::string files;
  for (const auto& f : r.files) files += (files.empty() ? "" : ", ") + f;
  page.title = "uccert audit " + files;
  page.subtitle.push_back(fmt::format("{} certificates planned; overall: {}", r.certificates.size(),
                                      rules::to_string(r.worst())));
  page.matrix.corner = "Certificate (role, server)";
  page.matrix.clients = r.clients;
  HtmlIds ids;
  std::vector<std::string> targets;
  int number = 0;
  for (const auto& c : r.certificates) {
    std::string label = c.key;
    if (!c.assigned_server.empty() && c.assigned_server != c.server) label += " (" + c.assigned_server + ")";
    if (c.check) {
      const std::string anchor = fmt::format("target-{}", ++number);
      page.matrix.rows.push_back(check_row(*c.check, page.matrix.clients, label, anchor));
      targets.push_back(target_section(*c.check, anchor, ids));
      continue;
    }
    MatrixRow row{label, "", {}};
    const std::string why = c.source.empty() ? "not assigned" : "unreadable";
    for (std::size_t i = 0; i < page.matrix.clients.size(); ++i) row.cells.push_back({std::nullopt, why});
    page.matrix.rows.push_back(std::move(row));
    if (!c.error.empty())
      targets.push_back(fmt::format("<p class=\"meta\">{}: {}</p>\n", html_text(label), html_text(c.error)));
  }

  std::string coverage = "<section id=\"coverage\">\n<h2>Names each certificate must carry</h2>\n<table><thead><tr>"
                         "<th scope=\"col\">Name</th><th scope=\"col\">Certificate</th><th scope=\"col\">Need</th>"
                         "<th scope=\"col\">Dialled by</th><th scope=\"col\">On it</th></tr></thead>\n<tbody>\n";
  for (const auto& row : r.coverage) {
    std::string clients;
    for (const auto& cl : row.clients) clients += (clients.empty() ? "" : ", ") + cl;
    coverage +=
        fmt::format("<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    html_text(row.name), html_text(row.key), html_text(row.need), html_text(clients),
                    html_text(row.status + (row.entry.empty() || row.entry == row.name ? "" : " (" + row.entry + ")")));
  }
  coverage += "</tbody></table>\n</section>\n";
  page.sections.push_back(std::move(coverage));

  std::string across = "<section id=\"across\">\n<h2>Across the certificates</h2>\n";
  int count = 0;
  for (const auto& f : r.findings) {
    if (!f.key.empty()) continue;
    across += finding_html(f.finding, {}, ids);
    ++count;
  }
  if (count == 0) across += "<p>Nothing found across the certificates.</p>\n";
  page.sections.push_back(across + "</section>\n");
  for (auto& t : targets) page.sections.push_back(std::move(t));
  for (const auto& n : r.notes) page.footer.push_back("note: " + n.text);
  page.footer.push_back("Judged at " + pki::format_time(r.at) + ".");
  page.footer.push_back(footer_version());
  return page;
}

// plan judges nothing: its page lists the certificates to request, with no verdicts.
HtmlPage plan_page(const PlanReport& r) {
  HtmlPage page;
  std::string files;
  for (const auto& f : r.files) files += (files.empty() ? "" : ", ") + f;
  page.title = "uccert plan " + files;
  page.subtitle.push_back("plan judges nothing: the certificates this deployment needs, with their names in order.");
  page.matrix.corner = "Certificate";
  std::string out = "<section id=\"plan\">\n<h2>Certificates</h2>\n";
  for (std::size_t i = 0; i < r.plan.certificates.size(); ++i) {
    const auto& c = r.plan.certificates[i];
    page.matrix.rows.push_back({c.key, "", {}});
    out += fmt::format("<h3>{}</h3>\n<p>Subject CN <code>{}</code>; usage {}</p>\n<ol>\n", html_text(c.key),
                       html_text(c.subject_cn), html_text(fmt::format("{}", fmt::join(c.usages, ", "))));
    for (const auto& n : c.san) out += fmt::format("<li><code>{}</code></li>\n", html_text(n));
    out += "</ol>\n";
    if (i < r.requests.size()) out += fmt::format("<pre><code>{}</code></pre>\n", html_text(r.requests[i]));
  }
  page.sections.push_back(out + "</section>\n");
  page.footer = {footer_version()};
  return page;
}

std::string render_html(const Report& report) {
  return render_page(std::visit(Overloaded{
                                    [](const CheckReport& r) { return check_page(r); },
                                    [](const DiscoverReport& r) { return discover_page(r); },
                                    [](const InspectReport& r) { return inspect_page(r); },
                                    [](const PlanReport& r) { return plan_page(r); },
                                    [](const AuditReport& r) { return audit_page(r); },
                                },
                                report.body));
}

}  // namespace uccert::report
