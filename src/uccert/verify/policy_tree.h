// Certificate policy processing, RFC 5280 6.1.2-6.1.5: the valid_policy_tree, explicit_policy,
// policy_mapping and inhibit_anyPolicy through one path, with the inputs browsers and the
// conformance suites use (user-initial-policy-set = {anyPolicy}; initial-explicit-policy,
// initial-policy-mapping-inhibit and initial-any-policy-inhibit all false). With those inputs a
// path fails only when a CA's policyConstraints (requireExplicitPolicy) or the leaf's own demands
// an explicit policy and no policy is valid from the anchor down to the leaf, or when a
// policyMappings entry maps to or from anyPolicy.
#pragma once

#include <vector>

#include "uccert/pki/certificate.h"
#include "uccert/verify/problem.h"

namespace uccert::verify {

// `path` leaf first; when `ends_at_anchor`, the last certificate is the trust anchor, which is
// not processed (RFC 5280 6.1: the anchor is an input, not certificate 1).
Problems check_policies(const std::vector<pki::CertificatePtr>& path, bool ends_at_anchor);

}  // namespace uccert::verify
