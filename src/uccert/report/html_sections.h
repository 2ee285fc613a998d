// The parts of an HTML report about one judged chain, shared by every report that judges one
// (check, each target of discover; audit and scan next): the chain drawn leaf to root for each
// distinct path the clients built, the names the leaf carries against the names clients dial,
// and each finding with its fix. Everything taken from a certificate or a server is escaped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "uccert/report/check_report.h"
#include "uccert/rules/finding.h"

namespace uccert::report {

// Makes ids unique within one document (two targets' findings each get their own copy targets).
class HtmlIds {
 public:
  std::string next(std::string_view prefix);

 private:
  int counter_ = 0;
};

// <section id=anchor> with the target's heading, its chain, its names and its findings.
std::string target_section(const CheckReport& report, std::string_view anchor, HtmlIds& ids);

// The chain as each client builds it, leaf first: sent by the server, found elsewhere (trust
// store, AIA, given intermediates) or missing, each drawn differently and labelled in words.
std::string chain_html(const CheckReport& report);

// The leaf's names (SAN and CN) and, per client, the name dialled and how it matched.
std::string names_html(const CheckReport& report);

// One finding: severity in words, id, clients, what is wrong, the fix (commands with a copy
// button), the theory. `where` lists where it was seen (discover: record -> target), may be empty.
std::string finding_html(const rules::Finding& finding, const std::vector<std::string>& where, HtmlIds& ids);

}  // namespace uccert::report
