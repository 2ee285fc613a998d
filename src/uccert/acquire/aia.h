// Completing a chain the way Windows does (WIN-CCE): when the server did not send the issuer of
// the last certificate it sent, and no trust source given to the run holds it, fetch the AIA
// caIssuers URL (DER, PEM or PKCS#7 certs-only) and keep the certificate that issued it, then
// its issuer the same way, a few levels at most. Every URL tried is recorded with its outcome in
// Evidence::fetches; the judge decides which clients this helps (profiles: aia = "fetch").
#pragma once

#include <vector>

#include "uccert/acquire/context.h"
#include "uccert/acquire/fetching.h"
#include "uccert/evidence/evidence.h"

namespace uccert::acquire {

// AIA levels followed above the chain sent: a leaf's issuing CA, its policy CA, a root.
inline constexpr int kMaxAiaLevels = 3;
// An AIA certificate whose HTTP headers name no lifetime is kept this long: CA certificates
// change rarely, and what is kept is checked by its signature on every use.
inline constexpr long long kAiaDefaultLifetime = 24 * 3600;

// Fills evidence.aia_fetched and evidence.fetches; `known` are the certificates the run already
// has (trust stores, the pool chain): an issuer among them is not fetched. Runs the context's loop.
void complete_chain_by_aia(AcquireContext& context, evidence::Evidence& evidence,
                           const std::vector<pki::CertificatePtr>& known, const FetchSettings& settings);

}  // namespace uccert::acquire
