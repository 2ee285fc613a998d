// RFC 5280 6.1 on one ordered path (leaf first), no search: BoringSSL's VerifyCertificateChain.
// Every problem on every certificate is collected, each with a stable id (docs/problems.md).
#pragma once

#include <vector>

#include "uccert/pki/certificate.h"
#include "uccert/verify/budget.h"
#include "uccert/verify/problem.h"
#include "uccert/verify/signature_checker.h"
#include "uccert/verify/verify.h"

namespace uccert::verify {

struct ChainToValidate {
  const std::vector<pki::CertificatePtr>* certificates = nullptr;  // leaf first
  bool ends_at_anchor = false;  // the last certificate is a trust anchor
  const std::vector<pki::CrlPtr>* crls = nullptr;  // optional
};

// Returns every problem found. Budget exhaustion is reported by the caller (path-wide).
Problems validate_chain(const ChainToValidate& chain, const Options& options, Budget& budget, SignatureChecker& sigs);

}  // namespace uccert::verify
