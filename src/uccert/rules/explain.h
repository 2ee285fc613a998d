// `explain`: what a line from a log or a SIP trace says about certificates. An ms-diagnostics
// header (decoded by net/ms_diagnostics, as the live SIP probe does), an HRESULT (hex, decimal or
// its name), or a Lync / Skype for Business / Exchange event id is mapped to the findings that
// usually cause it (their ids, with uc-rules sources) and the command that checks for them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace uccert::rules {

struct LikelyCause {
  std::string finding_id;  // a registered finding id
  std::string why;         // how it produces what was given
};

struct Explanation {
  std::string kind;                  // "ms-diagnostics", "HRESULT", "event"
  std::vector<std::string> decoded;  // what the input says, one statement a line
  std::vector<LikelyCause> causes;   // most likely first; empty when no certificate finding explains it
  std::string source;                // uc-rules ids: "E-13; E-25; UM-07"
  // The reading rests on field reports rather than on Microsoft's documentation of the code.
  bool conservative = false;
  std::vector<std::string> next;     // commands to run next
};

// nullopt when the text is none of the kinds above (or a code uccert does not know).
std::optional<Explanation> explain(std::string_view text);

// Every finding id explain() can name (tests hold them to the registry).
std::vector<std::string> explained_finding_ids();

}  // namespace uccert::rules
