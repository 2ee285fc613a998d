// Signature checks for one verification: each (subject, issuer) pair is checked once, whichever
// path asks first, and each first check spends one unit of the Budget. pki::verify_signature
// keeps its own cross-run cache; this memo is what makes the budget deterministic.
#pragma once

#include <map>
#include <optional>
#include <utility>

#include "uccert/pki/certificate.h"
#include "uccert/verify/budget.h"

namespace uccert::verify {

class SignatureChecker {
 public:
  explicit SignatureChecker(Budget& budget) : budget_(budget) {}
  // nullopt when the budget ran out before this pair could be checked.
  std::optional<pki::SignatureCheck> check(const pki::Certificate& subject, const pki::Certificate& issuer);

 private:
  Budget& budget_;
  std::map<std::pair<const pki::Certificate*, const pki::Certificate*>, pki::SignatureCheck> memo_;
};

}  // namespace uccert::verify
