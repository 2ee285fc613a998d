#include "uccert/acquire/hop_revocation.h"

#include "uccert/acquire/revocation.h"

namespace uccert::acquire {

void fetch_hop_revocation(AcquireContext& context, evidence::Evidence& evidence,
                          const std::vector<pki::CertificatePtr>& known, const FetchSettings& settings) {
  if (!evidence.endpoint) return;
  for (auto& hop : evidence.endpoint->hops) {
    if (hop.chain.empty()) continue;
    evidence::Evidence one;
    one.target = hop.url;
    one.dialled_name = hop.host;
    one.chain = hop.chain;
    fetch_revocation(context, one, known, settings);
    hop.crls = std::move(one.crls);
    hop.ocsp_responses = std::move(one.ocsp_responses);
  }
}

}  // namespace uccert::acquire
