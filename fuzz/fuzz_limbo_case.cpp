// The limbo harness input: one x509-limbo testcase JSON object through the same run_case the
// harness uses (path building, RFC 5280 validation, name matching). The harness keeps run_case
// in its own translation unit, so it is compiled in here with its main() renamed.
#include <cstddef>
#include <cstdint>

#define main uccert_limbo_main
#include "../apps/uccert-limbo/main.cpp"
#undef main

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  json tc = json::parse(data, data + size, nullptr, false);
  if (tc.is_discarded() || !tc.is_object()) return 0;
  CertCache cache;
  try {
    (void)run_case(tc, cache, 1767225600);  // 2026-01-01T00:00:00Z: the clock is an input
  } catch (const json::exception&) {
    // The harness reports these as "malformed testcase" (its main catches the same type).
  }
  return 0;
}
