// Internationalised host names (IDNA2008 with UTS #46 processing, non-transitional, as browsers
// do): a U-label name a person dialled ("bücher.example.com") becomes the A-label form
// certificates carry ("xn--bcher-kva.example.com"). Conversion is libidn2's.
#pragma once

#include <string>
#include <string_view>

#include "uccert/pki/error.h"

namespace uccert::names {

// True when `name` holds a byte outside ASCII (a U-label, or something that is no name at all).
bool has_non_ascii(std::string_view name);

// `name` (UTF-8) in its A-label form, mapped as UTS #46 maps it (lower case, NFC, ß and ς
// kept: non-transitional). The error is libidn2's one-line reason ("string contains a forbidden
// context-j character"...). A name that is already ASCII is returned lower-cased, unchecked.
Result<std::string> to_a_label(std::string_view name);

}  // namespace uccert::names
