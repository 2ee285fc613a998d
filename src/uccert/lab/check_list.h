// A list of `uccert check` runs and what each should say: the checks of a lab scenario, written
// by the lab as DIR/checks.tsv (live targets for `lab up`, certificate files for `lab mint`) for
// scripts and tests to run.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "uccert/pki/error.h"

namespace uccert::lab {

// One `uccert check` run: uccert check --name NAME OPTIONS... TARGET
struct LabCheck {
  std::string id;                    // "s01-fe-wildcard-sip"
  std::string description;           // the one-line story, citing uc-rules ids
  std::string target;                // a certificate file, or HOST:PORT
  std::string name;                  // the host the client dials (--name)
  std::vector<std::string> options;  // further arguments, in order (--enterprise-root PATH ...)
  // What the story predicts per requested profile ("pass", "warn", "fail"), from uc-rules, in
  // the order of the --profile options: {"phone-edition-legacy", "fail"}.
  std::vector<std::pair<std::string, std::string>> expect;

  std::vector<std::string> command_args() const;  // "--name", name, options..., target
  int expected_exit() const;                      // worst expected verdict: 0, 1 or 2
};

// checks.tsv: a comment line, then one line per check:
//   id TAB description TAB target TAB name TAB expect [TAB option]...
// expect is "profile:verdict,profile:verdict..." (the worst of them is the expected exit: pass 0,
// warn 1, fail 2). Each option (flag or value) is its own field, so paths with spaces survive.
std::string format_checks_tsv(const std::vector<LabCheck>& checks);
Result<std::vector<LabCheck>> parse_checks_tsv(std::string_view text);

}  // namespace uccert::lab
