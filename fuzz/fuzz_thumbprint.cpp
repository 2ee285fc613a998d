// pki::normalize_thumbprint on hostile UTF-8 (text pasted from a Windows dialog, PS-02, PS-07):
// invalid sequences, surrogates, overlong forms, invisible characters.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "uccert/pki/thumbprint.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto t = uccert::pki::normalize_thumbprint(text);
  if (t) {
    // The contract: 40 or 64 uppercase hex digits, nothing else.
    if (t->hex.size() != 40 && t->hex.size() != 64) __builtin_trap();
    for (char c : t->hex)
      if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) __builtin_trap();
    for (const auto& r : t->removed) (void)uccert::pki::code_point_text(r.code_point);
  }
  return 0;
}
