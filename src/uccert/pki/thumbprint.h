// Normalising a thumbprint pasted from a Windows certificate dialog into the form the Lync and
// Exchange cmdlets take (PS-02, PS-07, PS-08): 40 or 64 uppercase hex digits, nothing else.
// The Details tab shows "a9 09 50 ..." and a copy often starts with an invisible U+200E
// LEFT-TO-RIGHT MARK; in a non-Unicode console it becomes "?" (PS-07). -Thumbprint then finds no
// certificate, with no hint why.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "uccert/pki/error.h"

namespace uccert::pki {

struct RemovedCharacter {
  char32_t code_point = 0;
  std::string name;                  // Unicode name, "LEFT-TO-RIGHT MARK"
  std::vector<std::size_t> positions;  // character positions in the input, from 1
};

struct NormalizedThumbprint {
  std::string hex;        // uppercase, no separators
  std::string algorithm;  // "SHA-1" (40 digits) or "SHA-256" (64 digits)
  std::vector<RemovedCharacter> removed;  // in order of first appearance
  bool lowercase_changed = false;         // some digits were lowercase
};

// "U+200E"
std::string code_point_text(char32_t cp);

// Removes separators (spaces, colons, hyphens) and invisible characters, upper-cases and checks
// the length. The error is one line naming the first offending character and its position.
Result<NormalizedThumbprint> normalize_thumbprint(std::string_view utf8);

}  // namespace uccert::pki
