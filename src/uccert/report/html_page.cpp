#include "uccert/report/html_page.h"

#include <fmt/format.h>

#include "uccert/report/html_assets.h"
#include "uccert/report/html_escape.h"

namespace uccert::report {

std::string_view verdict_label(rules::Verdict v) {
  switch (v) {
    case rules::Verdict::kPass: return "\u2713 pass";
    case rules::Verdict::kWarn: return "! warn";
    case rules::Verdict::kFail: return "\u2717 FAIL";
  }
  return "\u2717 FAIL";
}

std::string_view verdict_class(rules::Verdict v) {
  switch (v) {
    case rules::Verdict::kPass: return "v-pass";
    case rules::Verdict::kWarn: return "v-warn";
    case rules::Verdict::kFail: return "v-fail";
  }
  return "v-fail";
}

namespace {

std::string matrix_html(const MatrixTable& m) {
  std::string out = "<table class=\"matrix\" id=\"verdicts\">\n<caption>Verdict per client</caption>\n<thead><tr>";
  out += fmt::format("<th scope=\"col\">{}</th>", html_text(m.corner));
  for (const auto& c : m.clients) out += fmt::format("<th scope=\"col\">{}</th>", html_text(c));
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : m.rows) {
    out += "<tr><th scope=\"row\">";
    if (row.anchor.empty()) {
      out += html_text(row.label);
    } else {
      out += fmt::format("<a href=\"#{}\">{}</a>", html_text(row.anchor), html_text(row.label));
    }
    out += "</th>";
    for (const auto& cell : row.cells) {
      if (cell.verdict) {
        out += fmt::format("<td class=\"v {}\" data-verdict=\"{}\">{}</td>", verdict_class(*cell.verdict),
                           rules::to_string(*cell.verdict), verdict_label(*cell.verdict));
      } else {
        out += fmt::format("<td class=\"v v-none\" data-verdict=\"none\">\u2014 {}</td>", html_text(cell.why_not));
      }
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  return out;
}

}  // namespace

std::string render_page(const HtmlPage& page) {
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"uccert\">\n";
  out += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
                     html_text(page.title), kHtmlStyle, html_text(page.title));
  for (const auto& line : page.subtitle) out += fmt::format("<p class=\"meta\">{}</p>\n", html_text(line));
  out += "</header>\n<main>\n";
  out += matrix_html(page.matrix);
  for (const auto& s : page.sections) out += s;
  out += "</main>\n<footer>\n";
  for (const auto& line : page.footer) out += fmt::format("<p>{}</p>\n", html_text(line));
  out += fmt::format("</footer>\n<script>{}</script>\n</body>\n</html>\n", kHtmlScript);
  return out;
}

}  // namespace uccert::report
