// An HTML report as parts every kind of report shares: a title, the verdict matrix (rows are
// targets or roles, columns are clients), the report's own sections, and a footer saying when it
// was observed and by which uccert. A kind of report adds one function that fills an HtmlPage
// (report/html_report.cpp); render_page() writes the one self-contained document.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "uccert/rules/finding.h"

namespace uccert::report {

struct MatrixCell {
  std::optional<rules::Verdict> verdict;  // nullopt: not judged for this client
  std::string why_not;                    // then, what to show instead ("not used", "unreachable")
};

struct MatrixRow {
  std::string label;   // plain text (escaped when written)
  std::string anchor;  // id of the row's section ("" = none)
  std::vector<MatrixCell> cells;  // one per MatrixTable::clients
};

struct MatrixTable {
  std::string corner;                // the header of the label column ("Target", "Record")
  std::vector<std::string> clients;  // profile ids
  std::vector<MatrixRow> rows;
};

struct HtmlPage {
  std::string title;                 // plain text
  std::vector<std::string> subtitle;  // plain text lines under the title
  MatrixTable matrix;
  std::vector<std::string> sections;  // HTML, already escaped (html_sections.h builds them)
  std::vector<std::string> footer;    // plain text lines
};

// The document: doctype, inline style and script (report/html_assets.h), no external resource.
std::string render_page(const HtmlPage& page);

// The words and symbol shown for a verdict ("✓ pass", "! warn", "✗ FAIL"), and its CSS class.
std::string_view verdict_label(rules::Verdict v);
std::string_view verdict_class(rules::Verdict v);

}  // namespace uccert::report
