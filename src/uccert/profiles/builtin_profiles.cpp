#include <stdexcept>

#include "uccert/profiles/client_profile.h"

namespace uccert::embedded {
extern const std::string_view profiles_toml;  // data/profiles.toml, generated at build
}

namespace uccert::profiles {

const ProfileSet& builtin_profiles() {
  // Parsed once; the data ships inside the binary, so a failure is a broken build (the profiles
  // tests parse the same bytes and fail first).
  static const ProfileSet set = [] {
    auto parsed = parse_profiles(embedded::profiles_toml, "data/profiles.toml");
    if (!parsed.ok()) throw std::logic_error("built-in profiles do not parse: " + parsed.error().message);
    return std::move(parsed).value();
  }();
  return set;
}

}  // namespace uccert::profiles
