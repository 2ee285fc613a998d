// The certificate served without SNI: a second handshake on the same endpoint, compared with the
// chain served for the name dialled (old clients and some phones send no SNI).
#include <fmt/format.h>

#include "uccert/net/prober.h"

namespace uccert::net::probe_detail {

asio::awaitable<void> Prober::compare_without_sni(asio::ssl::context& ctx, const std::vector<pki::CertificatePtr>& with,
                                                  evidence::EndpointFacts& facts) {
  if (Clock::now() >= deadline_) {
    facts.application_details[key::kSniComparison] = "not done: no time left";
    co_return;
  }
  evidence::EndpointFacts scratch;
  auto second = co_await connect_and_handshake(ctx, target_, "", scratch);
  if (!second) {
    facts.application_details[key::kSniComparison] =
        fmt::format("handshake without SNI failed: {}", second.error().message);
    co_return;
  }
  asio::error_code ignored;
  second->stream->next_layer().close(ignored);
  const auto& without = second->chain;
  bool same = without.size() == with.size();
  for (std::size_t i = 0; same && i < with.size(); ++i) same = with[i]->der() == without[i]->der();
  if (same) {
    facts.application_details[key::kSniComparison] = "same chain without SNI";
  } else {
    bool same_leaf = !without.empty() && with.front()->der() == without.front()->der();
    facts.application_details[key::kSniComparison] =
        same_leaf ? "same certificate without SNI, different chain"
                  : fmt::format("different certificate without SNI: {}",
                                without.empty() ? std::string("none") : without.front()->subject.text);
    facts.chain_without_sni = without;
  }
}

}  // namespace uccert::net::probe_detail
