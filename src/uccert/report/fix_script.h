// One PowerShell script with every fix of a set of findings (`check --fix-script`; `audit` passes
// its findings the same way). Each finding is one block: a comment with its id, severity and the
// clients it fixes, what is wrong, the fix's explanations as comments, its commands, and `# check:`
// lines that verify the change afterwards. uccert never runs it.
//
// The script stops at the first failing command ($ErrorActionPreference = 'Stop'). It is a dry run
// unless started with -Apply: every cmdlet that has -WhatIf gets -WhatIf:(-not $Apply). A command
// that holds a placeholder only the administrator can fill in (<thumbprint of the new
// certificate>, <pfx password>) is written commented out, marked "FILL IN", so the script parses
// and runs the rest; so is every command that needs such a step, or the CA's answer to a request
// the script makes, done first (kAfterMarker): a run never imports or assigns a certificate that
// does not exist yet. A fix that gives the commands of each role the certificate could have
// ("# On <role>:") runs only the section of the script's -Role, and stops the script without one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "uccert/rules/finding.h"

namespace uccert::report {

struct FixScriptContext {
  std::string generated_by;  // the uccert command line that produced the findings (a comment)
  std::string recheck;       // the command that checks everything again afterwards ("" none)
};

std::string fix_script(const rules::Findings& findings, const FixScriptContext& context);

// How the script writes one line of a finding's fix text (tests read scripts back with these).
enum class FixLineKind { kCommand, kFillIn, kComment };
FixLineKind classify_fix_line(std::string_view line);
// The marker before a commented-out command that needs a value filled in.
inline constexpr std::string_view kFillInMarker = "# FILL IN, then remove this marker: ";
// The marker before a command that needs the step above it done first: everything after a FILL IN
// line or an offline request (Request-CsCertificate -Output, New-ExchangeCertificate
// -GenerateRequest) in the same block or role section needs the new certificate, which the CA
// issues after the script has run.
inline constexpr std::string_view kAfterMarker = "# AFTER THE STEP ABOVE IS DONE, remove this marker: ";
// What is added to a cmdlet that has -WhatIf.
inline constexpr std::string_view kWhatIf = " -WhatIf:(-not $Apply)";

}  // namespace uccert::report
