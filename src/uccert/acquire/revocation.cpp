#include "uccert/acquire/revocation.h"

#include <algorithm>
#include <set>
#include <span>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <fmt/format.h>
#include <openssl/evp.h>

#include "uccert/pki/chain_order.h"
#include "uccert/pki/read_file.h"
#include "uccert/pki/time.h"

namespace uccert::acquire {

namespace {

using evidence::FetchOutcome;
using evidence::UrlFetch;

// A CRL or OCSP response file given by the administrator is at most this large.
constexpr std::size_t kMaxRevocationFile = 64U * 1024U * 1024U;
// RFC 6960 A.1 / RFC 5019 5: GET when the whole URL stays under 255 bytes.
constexpr std::size_t kMaxOcspGetUrl = 255;

std::span<const std::uint8_t> as_bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

bool is_http(const std::string& url) { return url.starts_with("http://") || url.starts_with("https://"); }

using Pools = std::vector<const std::vector<pki::CertificatePtr>*>;

pki::CertificatePtr issuer_of(const pki::Certificate& c, const Pools& pools) {
  for (const auto* pool : pools)
    for (const auto& p : *pool)
      if (p && p.get() != &c && pki::issued_by(c, *p)) return p;
  return nullptr;
}

std::optional<long long> crl_expiry(const std::string& body) {
  auto crl = pki::CertificateRevocationList::from_bytes(as_bytes(body));
  if (!crl || !(*crl)->next_update) return std::nullopt;
  return static_cast<long long>(*(*crl)->next_update);
}

std::optional<long long> ocsp_expiry(const std::string& body) {
  auto r = pki::OcspResponse::from_der(as_bytes(body));
  if (!r || !(*r)->successful()) return 0;  // an error answer is not kept
  return std::nullopt;  // the single responses' nextUpdate is checked on use; headers decide
}

class RevocationFetch {
 public:
  RevocationFetch(AcquireContext& context, evidence::Evidence& ev, const std::vector<pki::CertificatePtr>& known,
                  const FetchSettings& settings)
      : ctx_(context), ev_(ev), known_(known), settings_(settings) {}

  asio::awaitable<void> run() {
    std::vector<pki::CertificatePtr> certs = ev_.chain;
    certs.insert(certs.end(), ev_.aia_fetched.begin(), ev_.aia_fetched.end());
    for (const auto& c : certs) {
      if (!c || c->self_issued) continue;  // a root's status is not asked (RFC 5280 6.3 starts below it)
      if (!seen_certs_.insert(c->sha256_thumbprint).second) continue;
      co_await crl_for(*c);
      co_await ocsp_for(*c);
    }
  }

 private:
  asio::awaitable<void> crl_for(const pki::Certificate& c) {
    std::size_t tried = 0;
    for (const auto& url : c.crl_distribution_points) {
      if (!is_http(url)) {
        // ldap:// and file:// are not fetched; the CDP rule says what an ldap-only CDP means.
        if (url.starts_with("ldap://") && seen_urls_.insert(url).second) {
          UrlFetch f;
          f.purpose = "crl";
          f.url = url;
          f.outcome = FetchOutcome::kNotFetched;
          f.detail = url + ": not fetched: uccert fetches http and https only";
          ev_.fetches.push_back(std::move(f));
        }
        continue;
      }
      if (++tried > kMaxCdpUrls) break;
      if (!seen_urls_.insert(url).second) {
        if (fetched_ok_.count(url) != 0) break;
        continue;
      }
      net::FetchRequest req;
      req.url = url;
      req.accept = "application/pkix-crl, */*";
      auto got = co_await fetch_through_cache(ctx_.io(), settings_, req, 0, crl_expiry);
      UrlFetch f = fetch_record("crl", url, got);
      if (f.outcome == FetchOutcome::kFetched) {
        auto crl = pki::CertificateRevocationList::from_bytes(as_bytes(got.result.body));
        if (!crl) {
          f.outcome = FetchOutcome::kFailed;
          f.detail = fmt::format("{}: the answer is not a CRL: {}", url, crl.error().message);
        } else {
          f.detail = fmt::format("{}: CRL of {}, {} entries, this update {}{}", url, (*crl)->issuer.text,
                                 (*crl)->revoked_count, pki::format_time((*crl)->this_update),
                                 (*crl)->next_update ? ", next update " + pki::format_time(*(*crl)->next_update)
                                                     : std::string());
          ev_.crls.push_back(*crl);
          fetched_ok_.insert(url);
        }
      }
      const bool ok = f.outcome == FetchOutcome::kFetched;
      ev_.fetches.push_back(std::move(f));
      if (ok) break;  // one current CRL is what a client fetches
    }
  }

  asio::awaitable<void> ocsp_for(const pki::Certificate& c) {
    if (c.authority_info_access.ocsp.empty()) co_return;
    auto issuer = issuer_of(c, {&ev_.chain, &ev_.aia_fetched, &known_});
    if (!issuer) co_return;  // no request can name the certificate without its issuer's key
    auto request = pki::make_ocsp_request(c, *issuer);
    if (!request) co_return;
    for (const auto& url : c.authority_info_access.ocsp) {
      if (!is_http(url)) continue;
      net::FetchRequest req;
      req.accept = "application/ocsp-response";
      const std::string get_url = ocsp_get_url(url, *request);
      if (get_url.size() < kMaxOcspGetUrl) {
        req.url = get_url;
      } else {
        req.url = url;
        req.method = "POST";
        req.content_type = "application/ocsp-request";
        req.body.assign(request->begin(), request->end());
      }
      auto got = co_await fetch_through_cache(ctx_.io(), settings_, req, 0, ocsp_expiry);
      UrlFetch f = fetch_record("ocsp", url, got);
      if (f.outcome == FetchOutcome::kFetched) {
        auto r = pki::OcspResponse::from_der(as_bytes(got.result.body));
        if (!r) {
          f.outcome = FetchOutcome::kFailed;
          f.detail = fmt::format("{}: the answer is not an OCSP response: {}", url, r.error().message);
        } else if (!(*r)->successful()) {
          f.outcome = FetchOutcome::kFailed;
          f.detail = fmt::format("{}: the OCSP responder answered {} (OCSP error)", url, (*r)->response_status);
        } else {
          f.detail = fmt::format("{}: OCSP response about {}", url, c.subject.text);
          ev_.ocsp_responses.push_back(*r);
        }
      }
      const bool ok = f.outcome == FetchOutcome::kFetched;
      ev_.fetches.push_back(std::move(f));
      if (ok) break;
    }
  }

  AcquireContext& ctx_;
  evidence::Evidence& ev_;
  const std::vector<pki::CertificatePtr>& known_;
  const FetchSettings& settings_;
  std::set<std::string> seen_certs_;
  std::set<std::string> seen_urls_;
  std::set<std::string> fetched_ok_;
};

}  // namespace

void fetch_revocation(AcquireContext& context, evidence::Evidence& evidence,
                      const std::vector<pki::CertificatePtr>& known, const FetchSettings& settings) {
  evidence.fetch_mode = settings.offline ? evidence::FetchMode::kOffline : evidence::FetchMode::kOnline;
  if (evidence.chain.empty()) return;
  RevocationFetch job(context, evidence, known, settings);  // lives until the loop has run it
  asio::co_spawn(context.io(), job.run(), asio::detached);
  context.run();
}

void take_staple(evidence::Evidence& evidence) {
  if (!evidence.endpoint || evidence.endpoint->ocsp_staple.empty()) return;
  const auto& der = evidence.endpoint->ocsp_staple;
  UrlFetch f;
  f.purpose = "staple";
  f.url = "(stapled by " + evidence.target + ")";
  f.bytes = der.size();
  auto r = pki::OcspResponse::from_der(der);
  if (!r) {
    f.outcome = FetchOutcome::kFailed;
    f.detail = "the stapled OCSP response cannot be read: " + r.error().message;
  } else {
    f.outcome = FetchOutcome::kFetched;
    f.detail = "stapled OCSP response (" + (*r)->response_status + ")";
    evidence.ocsp_responses.push_back(*r);
  }
  evidence.fetches.push_back(std::move(f));
}

Status add_crl_files(evidence::Evidence& evidence, const std::vector<std::string>& paths) {
  for (const auto& path : paths) {
    auto bytes = pki::read_file(path, kMaxRevocationFile);
    if (!bytes) return Error{"--crl " + bytes.error().message};
    auto crl = pki::CertificateRevocationList::from_bytes(*bytes);
    if (!crl) return Error{fmt::format("--crl {}: {}", path, crl.error().message)};
    evidence.crls.push_back(*crl);
  }
  return Ok{};
}

Status add_ocsp_files(evidence::Evidence& evidence, const std::vector<std::string>& paths) {
  for (const auto& path : paths) {
    auto bytes = pki::read_file(path, kMaxRevocationFile);
    if (!bytes) return Error{"--ocsp-response " + bytes.error().message};
    auto r = pki::OcspResponse::from_der(*bytes);
    if (!r) return Error{fmt::format("--ocsp-response {}: {}", path, r.error().message)};
    if (!(*r)->successful()) {
      return Error{fmt::format("--ocsp-response {}: the responder answered {}, which says nothing about any "
                               "certificate",
                               path, (*r)->response_status)};
    }
    evidence.ocsp_responses.push_back(*r);
  }
  return Ok{};
}

std::string ocsp_get_url(const std::string& responder, const pki::Bytes& request) {
  std::string b64(4 * ((request.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()), request.data(),
                                static_cast<int>(request.size()));
  b64.resize(static_cast<std::size_t>(std::max(n, 0)));
  std::string out = responder;
  if (out.empty() || out.back() != '/') out += '/';
  for (char ch : b64) {
    if (ch == '+') {
      out += "%2B";
    } else if (ch == '/') {
      out += "%2F";
    } else if (ch == '=') {
      out += "%3D";
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace uccert::acquire
