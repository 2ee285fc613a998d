// Caps on the work one verification may do, so a pathological input (cycles, thousands of
// same-named issuers, huge name-constraint sets) cannot make path building hang. Each default
// follows rustls-webpki (verify_cert.rs `Budget`). Running out ends the whole search and is
// recorded as the path-wide problem "verify.budget-exhausted": never a pass.
#pragma once

#include <cstdint>
#include <string>

namespace uccert::verify {

struct Budget {
  int signature_checks = 100;                           // rustls-webpki: 100
  int build_calls = 200000;                             // rustls-webpki: 200_000
  std::int64_t name_constraint_comparisons = 250000;    // rustls-webpki: 250_000

  // Each returns false (and remembers what ran out) when the cap is reached.
  bool spend_signature_check() { return spend(signature_checks, 1, "signature checks"); }
  bool spend_build_call() { return spend(build_calls, 1, "path building steps"); }
  bool spend_name_constraint_comparisons(std::int64_t n) {
    return spend(name_constraint_comparisons, n, "name-constraint comparisons");
  }
  bool exhausted() const { return !exhausted_what.empty(); }
  std::string exhausted_what;  // "" while there is budget left

 private:
  template <class T>
  bool spend(T& left, T n, const char* what) {
    if (exhausted()) return false;
    if (left < n) {
      left = 0;
      exhausted_what = what;
      return false;
    }
    left -= n;
    return true;
  }
};

}  // namespace uccert::verify
