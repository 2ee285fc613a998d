#include "uccert/report/html_sections.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "uccert/report/html_escape.h"
#include "uccert/report/html_page.h"

namespace uccert::report {

std::string HtmlIds::next(std::string_view prefix) { return fmt::format("{}-{}", prefix, ++counter_); }

namespace {

std::string day_text(pki::UnixTime t) { return pki::format_time(t).substr(0, 10); }

std::string_view severity_word(rules::Severity s) {
  switch (s) {
    case rules::Severity::kInfo: return "info";
    case rules::Severity::kWarn: return "WARN";
    case rules::Severity::kFail: return "FAIL";
  }
  return "FAIL";
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// Where a certificate on a client's path came from, in words.
std::string origin_words(std::string_view origin, std::size_t presented_index, const CheckReport& r,
                         const pki::Certificate& cert, const std::optional<std::string>& anchor_source) {
  if (origin == "presented") return fmt::format("Sent by the server (#{})", presented_index);
  if (origin == "anchor") {
    return "Found elsewhere: trust store" + (anchor_source ? " (" + *anchor_source + ")" : std::string());
  }
  for (const auto& c : r.evidence.aia_fetched)
    if (c && c->sha256_thumbprint == cert.sha256_thumbprint) return "Found elsewhere: fetched by AIA";
  return "Found elsewhere: known intermediate, not sent";
}

std::optional<std::size_t> presented_index(const CheckReport& r, const pki::Certificate& cert) {
  for (std::size_t i = 0; i < r.evidence.chain.size(); ++i)
    if (r.evidence.chain[i] && r.evidence.chain[i]->sha256_thumbprint == cert.sha256_thumbprint) return i;
  return std::nullopt;
}

std::string cert_box(std::string_view css, const std::string& origin, const pki::Certificate& c) {
  std::string out = fmt::format("<li class=\"cert {}\"><span class=\"origin\">{}</span>", css, html_text(origin));
  out += fmt::format("<span class=\"subject\">{}</span>",
                     c.subject.text.empty() ? std::string("(empty subject)") : html_text(c.subject.text));
  out += fmt::format("<span class=\"detail\">issuer {}</span>", html_text(c.issuer.text));
  out += fmt::format("<span class=\"detail\">valid {} to {}{}</span>", day_text(c.not_before), day_text(c.not_after),
                     c.self_signed() ? " \u00b7 self-signed" : "");
  out += fmt::format("<span class=\"detail\">SHA-1 <code>{}</code></span></li>\n", html_text(c.sha1_thumbprint));
  return out;
}

struct DrawnPath {
  std::string key;
  std::vector<std::string> clients;
  const rules::ProfileJudgement* judgement = nullptr;
};

}  // namespace

std::string chain_html(const CheckReport& r) {
  std::vector<DrawnPath> paths;
  for (const auto& pj : r.judgement.profiles) {
    std::string key;
    const auto& best = pj.path.best;
    for (std::size_t i = 0; i < best.certificates.size(); ++i)
      key += (best.certificates[i] ? best.certificates[i]->sha256_thumbprint : "-") + "/" +
             (i < best.origins.size() ? best.origins[i] : "") + ";";
    key += best.anchor_source.value_or("") + (pj.path.valid() ? "+" : "-");
    auto it = std::find_if(paths.begin(), paths.end(), [&](const DrawnPath& p) { return p.key == key; });
    if (it == paths.end()) {
      paths.push_back({key, {pj.profile_id}, &pj});
    } else {
      it->clients.push_back(pj.profile_id);
    }
  }

  std::string out = "<h3>Chain, leaf to root</h3>\n";
  out += "<p class=\"meta\">Solid border: sent by the server. Dashed: found elsewhere (trust store, AIA, a known "
         "intermediate). Dotted red: missing (neither sent nor found).</p>\n";
  std::vector<bool> used(r.evidence.chain.size(), false);
  for (const auto& p : paths) {
    const auto& best = p.judgement->path.best;
    const bool valid = p.judgement->path.valid();
    out += fmt::format("<div class=\"path\"><p><strong>{}</strong>: {}</p>\n<ol class=\"chain\">\n",
                       html_text(joined(p.clients)),
                       valid ? "this path validates" : "this path does not validate for these clients");
    for (std::size_t i = 0; i < best.certificates.size(); ++i) {
      const auto& c = best.certificates[i];
      if (!c) continue;
      const std::string origin = i < best.origins.size() ? best.origins[i] : "presented";
      const auto at = presented_index(r, *c);
      if (at) used[*at] = true;
      // A certificate that was sent is drawn as sent, even where the client also trusts it directly.
      std::string words = origin_words(at ? "presented" : origin, at.value_or(0), r, *c, best.anchor_source);
      if (at && origin == "anchor")
        words += ", and trusted directly" + (best.anchor_source ? " (" + *best.anchor_source + ")" : std::string());
      out += cert_box(at ? "sent" : "elsewhere", words, *c);
    }
    // Not ending at a trust anchor, and not at a self-signed certificate: its issuer is missing.
    if (!best.certificates.empty() && best.certificates.back() && !best.anchor_source &&
        !best.certificates.back()->self_signed()) {
      out += fmt::format(
          "<li class=\"cert missing\"><span class=\"origin\">Missing: neither sent nor found</span>"
          "<span class=\"subject\">{}</span><span class=\"detail\">the issuer of the certificate above</span></li>\n",
          html_text(best.certificates.back()->issuer.text));
    }
    out += "</ol></div>\n";
  }
  std::string unused;
  for (std::size_t i = 0; i < r.evidence.chain.size(); ++i) {
    if (used[i] || !r.evidence.chain[i]) continue;
    unused += cert_box("sent", fmt::format("Sent by the server (#{}), on no client's path", i), *r.evidence.chain[i]);
  }
  if (!unused.empty()) out += "<p>Sent but used by no client:</p>\n<ol class=\"chain\">\n" + unused + "</ol>\n";
  return out;
}

std::string names_html(const CheckReport& r) {
  std::string out = "<h3>Names carried and names dialled</h3>\n";
  if (r.evidence.chain.empty() || !r.evidence.chain.front()) return out + "<p>No certificate.</p>\n";
  const auto& leaf = *r.evidence.chain.front();
  out += "<p>The certificate carries:</p>\n<ul class=\"names\">\n";
  for (const auto& n : leaf.subject_alt_names) {
    if (n.type == pki::GeneralNameType::kDns) {
      out += fmt::format("<li>SAN DNS <code>{}</code></li>\n", html_text(n.value));
    } else if (n.type == pki::GeneralNameType::kIp) {
      out += fmt::format("<li>SAN IP <code>{}</code></li>\n", html_text(n.value));
    }
  }
  for (const auto& cn : leaf.subject_common_names)
    out += fmt::format("<li>Subject CN <code>{}</code></li>\n", html_text(cn));
  if (leaf.subject_alt_names.empty() && leaf.subject_common_names.empty()) out += "<li>no name at all</li>\n";
  out += "</ul>\n";
  out += "<table class=\"dialled\"><thead><tr><th scope=\"col\">Client</th><th scope=\"col\">Name dialled</th>"
         "<th scope=\"col\">Result</th><th scope=\"col\">Entry, or why not</th></tr></thead>\n<tbody>\n";
  for (const auto& pj : r.judgement.profiles) {
    if (!pj.name_checked) {
      out += fmt::format("<tr><td>{}</td><td>\u2014</td><td>not checked</td><td>no name was dialled</td></tr>\n",
                         html_text(pj.profile_id));
      continue;
    }
    std::string detail;
    if (!pj.name.host_error.empty()) {
      detail = pj.name.host_error;
    } else if (const auto* m = pj.name.matching()) {
      detail = m->entry + (m->wildcard ? " (wildcard)" : "");
    } else if (!pj.name.entries.empty()) {
      detail = pj.name.entries.front().entry + ": " + pj.name.entries.front().why;
    } else {
      detail = "the certificate has no name this client reads";
    }
    const auto v = pj.name.matched ? rules::Verdict::kPass : rules::Verdict::kFail;
    out += fmt::format("<tr><td>{}</td><td><code>{}</code></td><td class=\"v {}\">{}</td><td>{}</td></tr>\n",
                       html_text(pj.profile_id), html_text(pj.name.host), verdict_class(v),
                       pj.name.matched ? "\u2713 matches" : "\u2717 no match", html_text(detail));
  }
  out += "</tbody></table>\n";
  return out;
}

std::string finding_html(const rules::Finding& f, const std::vector<std::string>& where, HtmlIds& ids) {
  const std::string_view sev = rules::to_string(f.severity);
  std::string out = fmt::format("<article class=\"finding sev-{}\" data-finding=\"{}\">\n", sev, html_text(f.id));
  out += fmt::format("<h4><span class=\"badge v-{}\">{}</span><code>{}</code> <span class=\"clients\">for {}</span>"
                     "</h4>\n",
                     f.severity == rules::Severity::kInfo ? std::string_view("none") : sev,
                     severity_word(f.severity), html_text(f.id), html_text(joined(f.profiles)));
  for (const auto& w : where) out += fmt::format("<p class=\"meta\">at {}</p>\n", html_text(w));
  out += fmt::format("<p class=\"problem\">{}</p>\n", html_lines(f.message));
  if (!f.fix.empty()) {
    const std::string id = ids.next("fix");
    out += fmt::format("<div class=\"fix\"><button type=\"button\" class=\"copy\" data-for=\"{}\" hidden>Copy</button>"
                       "<strong>Fix</strong>\n<pre><code id=\"{}\">{}</code></pre></div>\n",
                       id, id, html_lines(f.fix));
  }
  if (!f.title.empty() || !f.source.empty())
    out += fmt::format("<p class=\"why\">Why: {} ({})</p>\n", html_text(f.title), html_text(f.source));
  out += "</article>\n";
  return out;
}

std::string target_section(const CheckReport& r, std::string_view anchor, HtmlIds& ids) {
  const auto& e = r.evidence;
  std::string out = fmt::format("<section class=\"target\" id=\"{}\">\n<h2>{}{}</h2>\n", html_text(anchor),
                                html_text(e.target), e.dialled_name.empty() ? "" : " as " + html_text(e.dialled_name));
  std::string meta = fmt::format("{} certificate{}", e.chain.size(), e.chain.size() == 1 ? "" : "s");
  if (!e.container.empty()) meta = e.container + ", " + meta;
  if (e.endpoint) {
    meta += fmt::format("; {} at {} port {}", e.endpoint->protocol, e.endpoint->address, e.endpoint->connected_port);
    if (!e.endpoint->tls_version.empty()) meta += ", " + e.endpoint->tls_version;
    if (!e.endpoint->application_status.empty()) meta += "; the server said: " + e.endpoint->application_status;
  }
  out += fmt::format("<p class=\"meta\">{}</p>\n", html_text(meta));
  out += chain_html(r);
  out += names_html(r);
  const auto& findings = r.judgement.findings;
  out += fmt::format("<h3>Findings ({})</h3>\n", findings.size());
  if (findings.empty()) out += "<p>None: every client judged accepts this chain.</p>\n";
  for (const auto& f : findings) out += finding_html(f, {}, ids);
  for (const auto& n : r.notes) out += fmt::format("<p class=\"meta\">note: {}</p>\n", html_text(n));
  out += "</section>\n";
  return out;
}

}  // namespace uccert::report
