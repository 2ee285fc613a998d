// `uccert thumbprint` output: the normalised thumbprint alone on stdout (so it can be captured
// by a script) and, for people, which characters were removed.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "uccert/pki/thumbprint.h"

namespace uccert::report {

// The thumbprint and a newline.
std::string render_thumbprint_text(const pki::NormalizedThumbprint& t);
// What was removed and what the digits are ("SHA-1 thumbprint, 40 hex digits"), one line each.
std::string render_thumbprint_notes(const pki::NormalizedThumbprint& t);

nlohmann::ordered_json thumbprint_json(const pki::NormalizedThumbprint& t);
std::string render_thumbprint_json(const pki::NormalizedThumbprint& t);

}  // namespace uccert::report
