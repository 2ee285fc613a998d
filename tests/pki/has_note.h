// Whether a decoded certificate carries a decode note: the check the pki tests share.
#pragma once

#include <algorithm>
#include <string_view>

#include "uccert/pki/certificate.h"

namespace uccert::pki::test_support {

inline bool has_note(const Certificate& c, std::string_view id) {
  return std::any_of(c.decode_notes.begin(), c.decode_notes.end(), [&](const DecodeNote& n) { return n.id == id; });
}

}  // namespace uccert::pki::test_support
