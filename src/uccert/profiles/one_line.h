// Text from a parsed file quoted in an error message (toml++ quotes the input it stopped at,
// control characters and all): a line break there would make the one-line error two lines. Shown
// as \xHH, as the command line shows any hostile text. Used by every TOML reader (profiles,
// topology overlays, lab scenarios).
#pragma once

#include <string>
#include <string_view>

namespace uccert::profiles {

std::string one_line(std::string_view text);

}  // namespace uccert::profiles
