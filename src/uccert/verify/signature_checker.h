// Signature checks for one verification: each (subject, issuer) pair is checked once, whichever
// path asks first, and each first check spends one unit of the Budget. The caller's
// pki::CertificatePool (when given) remembers checks across verifications; this memo is what
// makes the budget deterministic.
#pragma once

#include <map>
#include <optional>
#include <utility>

#include "uccert/pki/certificate.h"
#include "uccert/verify/budget.h"

namespace uccert::verify {

class SignatureChecker {
 public:
  SignatureChecker(Budget& budget, pki::CertificatePool* pool) : budget_(budget), pool_(pool) {}
  // nullopt when the budget ran out before this pair could be checked.
  std::optional<pki::SignatureCheck> check(const pki::Certificate& subject, const pki::Certificate& issuer);

 private:
  Budget& budget_;
  pki::CertificatePool* pool_;  // may be null
  std::map<std::pair<const pki::Certificate*, const pki::Certificate*>, pki::SignatureCheck> memo_;
};

}  // namespace uccert::verify
