// profiles::parse_profiles on hostile TOML (a --profiles file handed over by someone else), and
// merging it over the built-in profiles.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "uccert/profiles/client_profile.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = uccert::profiles::parse_profiles(text, "fuzz.toml");
  if (parsed) (void)uccert::profiles::merge_profiles(*parsed, text, "fuzz.toml");
  return 0;
}
