// A finding: what is wrong (or notable) for which clients, and exactly how to fix it.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace uccert::rules {

enum class Severity { kInfo, kWarn, kFail };
enum class Verdict { kPass, kWarn, kFail };

std::string_view to_string(Severity s);  // "info", "warn", "fail"
std::string_view to_string(Verdict v);   // "pass", "warn", "fail"

// The verdict a finding of this severity gives the clients it concerns (info -> pass).
Verdict verdict_of(Severity s);

struct Finding {
  std::string id;                      // stable, documented in docs/findings.md
  Severity severity = Severity::kWarn;
  std::vector<std::string> profiles;   // profile ids it concerns (breaks, for kFail)
  std::string message;                 // what is wrong, with the real names
  std::string fix;                     // the concrete change first: names, cmdlets, thumbprints filled in
  std::string source;                  // uc-rules id(s) or seed key: "W-12; seed:PE-WILD"
  int cert_index = -1;                 // the certificate in the presented chain it is about, or -1
  std::vector<std::string> problems;   // verify/ problem ids behind it
  std::string title;                   // the rule's title (the theory in one line)
  // The profile data behind it is not documented by Microsoft: the stricter reading was taken
  // (the message says so). Only findings about the same facts merge, so this never mixes.
  bool uncertain = false;
  // Typed facts for scripts (JSON "details"): "host", "missing_issuer", "aia_url", "thumbprint"...
  std::map<std::string, std::string> details;
};

using Findings = std::vector<Finding>;

}  // namespace uccert::rules
