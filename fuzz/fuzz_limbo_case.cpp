// The limbo harness input: one x509-limbo testcase JSON object through the same run_case the
// harness uses (path building, RFC 5280 validation, name matching). The harness keeps run_case
// in its own translation unit, so it is compiled in here with its main() renamed.
#include <cstddef>
#include <cstdint>

#define main uccert_limbo_main
#include "../apps/uccert-limbo/main.cpp"
#undef main

namespace {

// The harness's run_case has grown parameters over time (an "explain" flag); call whichever
// form it has, with every extra left off.
template <class Json>
Outcome call_run_case(const Json& tc, CertCache& cache, std::int64_t now) {
  if constexpr (requires { run_case(tc, cache, now); }) {
    return run_case(tc, cache, now);
  } else {
    return run_case(tc, cache, now, false);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  json tc = json::parse(data, data + size, nullptr, false);
  if (tc.is_discarded() || !tc.is_object()) return 0;
  CertCache cache;
  try {
    (void)call_run_case(tc, cache, 1767225600);  // 2026-01-01T00:00:00Z: the clock is an input
  } catch (const json::exception&) {
    // The harness reports these as "malformed testcase" (its main catches the same type).
  }
  return 0;
}
