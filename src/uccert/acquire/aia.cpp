#include "uccert/acquire/aia.h"

#include <span>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <fmt/format.h>

#include "uccert/pki/chain_order.h"
#include "uccert/pki/load.h"

namespace uccert::acquire {

namespace {

using evidence::FetchOutcome;
using evidence::UrlFetch;

pki::CertificatePtr issuer_among(const pki::Certificate& c, const std::vector<pki::CertificatePtr>& pool) {
  for (const auto& p : pool)
    if (p && p.get() != &c && pki::issued_by(c, *p)) return p;
  return nullptr;
}

// The last certificate of the leaf's line in the chain as sent.
pki::CertificatePtr top_of_chain(const std::vector<pki::CertificatePtr>& chain) {
  pki::CertificatePtr cur = chain.front();
  for (std::size_t i = 0; i < chain.size() && !cur->self_issued; ++i) {
    auto next = issuer_among(*cur, chain);
    if (!next) break;
    cur = next;
  }
  return cur;
}

bool fetchable(const std::string& url) { return url.starts_with("http://") || url.starts_with("https://"); }

asio::awaitable<void> walk(AcquireContext& context, evidence::Evidence& ev, std::vector<pki::CertificatePtr> known,
                           const FetchSettings& settings) {
  pki::CertificatePtr cur = top_of_chain(ev.chain);
  for (int level = 0; level < kMaxAiaLevels && cur && !cur->self_issued; ++level) {
    if (issuer_among(*cur, known)) co_return;  // the run has it: nothing to fetch
    pki::CertificatePtr found;
    for (const auto& url : cur->authority_info_access.ca_issuers) {
      UrlFetch f;
      f.purpose = "aia";
      f.url = url;
      if (!fetchable(url)) {
        f.outcome = FetchOutcome::kFailed;
        f.detail = fmt::format("{}: not fetched: only http and https URLs are", url);
        ev.fetches.push_back(std::move(f));
        continue;
      }
      net::FetchRequest req;
      req.url = url;
      req.accept = "application/pkix-cert, application/pkcs7-mime, */*";
      auto got = co_await fetch_through_cache(context.io(), settings, req, kAiaDefaultLifetime);
      f = fetch_record("aia", url, got);
      if (f.outcome == FetchOutcome::kFetched) {
        pki::LoadOptions load;
        load.pool = &context.pool();
        load.max_certificates = 50;
        const auto* bytes = reinterpret_cast<const std::uint8_t*>(got.result.body.data());
        auto file = pki::load_bytes(std::span<const std::uint8_t>(bytes, got.result.body.size()), url, load);
        if (!file) {
          f.outcome = FetchOutcome::kFailed;
          f.detail = fmt::format("{}: the answer is not a certificate: {}", url, file.error().message);
        } else if (auto issuer = issuer_among(*cur, file->certificates)) {
          f.outcome = FetchOutcome::kFetched;
          f.detail = fmt::format("{}: {}", url, issuer->subject.text);
          found = issuer;
        } else {
          f.outcome = FetchOutcome::kFailed;
          f.detail = fmt::format("{}: holds no certificate that issued {}", url, cur->subject.text);
        }
      }
      ev.fetches.push_back(std::move(f));
      if (found) break;
    }
    if (!found) co_return;
    ev.aia_fetched.push_back(found);
    known.push_back(found);
    cur = found;
  }
}

}  // namespace

void complete_chain_by_aia(AcquireContext& context, evidence::Evidence& evidence,
                           const std::vector<pki::CertificatePtr>& known, const FetchSettings& settings) {
  evidence.fetch_mode = settings.offline ? evidence::FetchMode::kOffline : evidence::FetchMode::kOnline;
  if (evidence.chain.empty()) return;
  asio::co_spawn(context.io(), walk(context, evidence, known, settings), asio::detached);
  context.run();
}

}  // namespace uccert::acquire
