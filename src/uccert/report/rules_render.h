// `uccert rules`: every finding id the registry knows (certificate rules, DNS rules, request
// rules), with its title, severity per built-in client, source and fix in general terms, as text,
// JSON, or the markdown of docs/findings.md. Read from the descriptors themselves, never a copy.
#pragma once

#include <string>

#include "uccert/profiles/client_profile.h"

namespace uccert::report {

// `profiles`: the clients whose severity is listed (the built-in ones).
std::string render_rules_text(const profiles::ProfileSet& profiles);
std::string render_rules_json(const profiles::ProfileSet& profiles);
// The generated part of docs/findings.md (scripts/update-findings-doc.sh puts it between the
// file's markers).
std::string render_rules_markdown(const profiles::ProfileSet& profiles);

}  // namespace uccert::report
