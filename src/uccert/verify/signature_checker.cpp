#include "uccert/verify/signature_checker.h"

namespace uccert::verify {

std::optional<pki::SignatureCheck> SignatureChecker::check(const pki::Certificate& subject,
                                                           const pki::Certificate& issuer) {
  auto key = std::make_pair(&subject, &issuer);
  if (auto it = memo_.find(key); it != memo_.end()) return it->second;
  if (!budget_.spend_signature_check()) return std::nullopt;
  pki::SignatureCheck r = pki::verify_signature(subject, issuer, pool_);
  memo_.emplace(key, r);
  return r;
}

}  // namespace uccert::verify
