// lab::parse_scenario on hostile TOML: a scenario file `uccert lab up FILE` is given.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "uccert/lab/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)uccert::lab::parse_scenario(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.toml");
  return 0;
}
