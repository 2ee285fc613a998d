// The limbo harness input: one x509-limbo testcase JSON object through the same run_case the
// conformance harness uses (path building, RFC 5280 validation, name matching).
#include <cstddef>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "limbo_case.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using nlohmann::json;
  json tc = json::parse(data, data + size, nullptr, false);
  if (tc.is_discarded() || !tc.is_object()) return 0;
  uccert::limbo::CertCache cache;
  try {
    (void)uccert::limbo::run_case(tc, cache, 1767225600, false);  // 2026-01-01T00:00:00Z: the clock is an input
  } catch (const json::exception&) {
    // The harness reports these as "malformed testcase" (its main catches the same type).
  }
  return 0;
}
