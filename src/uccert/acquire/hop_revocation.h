// Revocation data for the certificates of the autodiscover walk (a redirect target, a linked web
// services URL: evidence::HopCertificate), fetched as for the target's own chain, so the judge
// validates each hop as the mobile client does (with the CRLs it would fetch).
#pragma once

#include <vector>

#include "uccert/acquire/context.h"
#include "uccert/acquire/fetching.h"
#include "uccert/evidence/evidence.h"

namespace uccert::acquire {

// Fills each hop's crls and ocsp_responses (evidence.endpoint->hops); `known` as for
// fetch_revocation. Runs the context's loop once per hop with a chain.
void fetch_hop_revocation(AcquireContext& context, evidence::Evidence& evidence,
                          const std::vector<pki::CertificatePtr>& known, const FetchSettings& settings);

}  // namespace uccert::acquire
