// toml++ builds dotted keys and table headers ([a.b.c], a.b.c = 1) by recursion with no depth
// limit (TOML_MAX_NESTED_VALUES covers arrays and inline tables only): about 40,000 parts, an
// 80 KB line, overflow the stack. Keys cannot span lines, so counting the dots outside quoted
// strings on each line bounds the depth before the library sees the text. Every TOML file uccert
// reads (profiles, topology overlays, lab scenarios) goes through this first.
#pragma once

#include <cstddef>
#include <string_view>

namespace uccert::profiles {

// The first line (from 1) with more than `max_dots` dots outside quotes, or 0.
std::size_t line_with_too_deep_keys(std::string_view text, std::size_t max_dots);

}  // namespace uccert::profiles
