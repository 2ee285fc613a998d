// Decoding and signature checks: pki::Certificate::from_der, pki::verify_signature, and the raw
// OpenSSL calls they are built on, so each figure can be set beside docs/design.md's "Measured
// facts" (d2i_X509 ~150 us, X509_verify ~30 us, X509_check_host ~1 us).
//
// The baselines call OpenSSL directly: that is the reference being measured against, so this
// one file includes OpenSSL headers (the project's rule keeps them inside pki/, net/, lab/).
#include <benchmark/benchmark.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstring>

#include "bench_fixtures.h"
#include "uccert/pki/certificate_pool.h"

namespace uccert::bench {
namespace {

const lab::Minted& leaf_for(const benchmark::State& state) {
  return state.range(0) == 0 ? pki_fixture().leaf_rsa : pki_fixture().leaf_ec;
}

void label_key(benchmark::State& state) { state.SetLabel(state.range(0) == 0 ? "RSA-2048 leaf" : "EC P-256 leaf"); }

// The whole decoded view: uccert's own ASN.1 parse (the key's size read from its encoding, no
// EVP_PKEY), every field, both thumbprints. No pool: every call is a cold decode, the first
// sight of these bytes.
void BM_Certificate_FromDer(benchmark::State& state) {
  const auto& der = leaf_for(state).der;
  for (auto _ : state) {
    auto c = pki::Certificate::from_der(der);
    if (!c) state.SkipWithError("from_der failed");
    benchmark::DoNotOptimize(c);
  }
  label_key(state);
}
BENCHMARK(BM_Certificate_FromDer)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// The same bytes again in one run: a hit in the run's pki::CertificatePool (SHA-256 of the DER
// and a lookup).
void BM_Certificate_FromDer_CacheHit(benchmark::State& state) {
  const auto& der = leaf_for(state).der;
  pki::CertificatePool pool;
  if (!pki::Certificate::from_der(der, &pool)) state.SkipWithError("from_der failed");
  for (auto _ : state) benchmark::DoNotOptimize(pki::Certificate::from_der(der, &pool));
  label_key(state);
  state.counters["pool_hits"] = static_cast<double>(pool.stats().certificate_hits);
}
BENCHMARK(BM_Certificate_FromDer_CacheHit)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// Reference: OpenSSL's own d2i_X509 (the design's ~150 us for RSA-2048).
void BM_OpenSSL_d2i_X509(benchmark::State& state) {
  const auto& der = leaf_for(state).der;
  for (auto _ : state) {
    const unsigned char* p = der.data();
    X509* x = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
    if (x == nullptr) state.SkipWithError("d2i_X509 failed");
    benchmark::DoNotOptimize(x);
    X509_free(x);
  }
  label_key(state);
}
BENCHMARK(BM_OpenSSL_d2i_X509)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// A self-signed root: from_der no longer checks the self-signature (self_signed() does, on
// first call), so this is the decode alone, as for a leaf.
void BM_Certificate_FromDer_Root(benchmark::State& state) {
  const auto& der = pki_fixture().root.der;
  pki::CertificatePool signatures_only(0);
  for (auto _ : state) {
    auto c = pki::Certificate::from_der(der, &signatures_only);
    benchmark::DoNotOptimize(c);
  }
  state.SetLabel("RSA-2048 self-signed root, self-signature cached");
  state.counters["pool_hits"] = static_cast<double>(signatures_only.stats().signature_hits);
}
BENCHMARK(BM_Certificate_FromDer_Root)->Unit(benchmark::kMicrosecond);

// pki::verify_signature(leaf, intermediate): after the first call every call is a hit in the
// run's pool (the key is SHA-256(subject DER) || SHA-256(issuer DER)).
void BM_VerifySignature_CacheHit(benchmark::State& state) {
  const auto& p = pki_fixture();
  const auto& leaf = *leaf_for(state).cert;
  const auto& issuer = *p.intermediate.cert;
  pki::CertificatePool pool;
  if (!pki::verify_signature(leaf, issuer, &pool).valid) state.SkipWithError("fixture signature does not verify");
  for (auto _ : state) benchmark::DoNotOptimize(pki::verify_signature(leaf, issuer, &pool));
  label_key(state);
  state.counters["pool_hits"] = static_cast<double>(pool.stats().signature_hits);
}
BENCHMARK(BM_VerifySignature_CacheHit)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// What a cache miss adds: X509_verify with the issuer's already decoded key (public_key_handle()
// decodes it once and keeps it).
void BM_OpenSSL_X509_verify_CachedKey(benchmark::State& state) {
  const auto& p = pki_fixture();
  X509* subject = leaf_for(state).cert->x509();
  EVP_PKEY* key = p.intermediate.cert->public_key_handle();
  for (auto _ : state) {
    int r = X509_verify(subject, key);
    if (r != 1) state.SkipWithError("X509_verify failed");
    benchmark::DoNotOptimize(r);
  }
  state.SetLabel(state.range(0) == 0 ? "RSA-2048 leaf signed by RSA-2048 CA" : "EC P-256 leaf signed by RSA-2048 CA");
}
BENCHMARK(BM_OpenSSL_X509_verify_CachedKey)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// The rule the design forbids, measured so its price is known: decode the issuer's key from
// its SubjectPublicKeyInfo for every check.
void BM_OpenSSL_X509_verify_KeyDecodedEachTime(benchmark::State& state) {
  const auto& p = pki_fixture();
  X509* subject = p.leaf_rsa.cert->x509();
  const auto& spki = p.intermediate.cert->public_key.spki;
  for (auto _ : state) {
    const unsigned char* q = spki.data();
    EVP_PKEY* key = d2i_PUBKEY(nullptr, &q, static_cast<long>(spki.size()));
    int r = key != nullptr ? X509_verify(subject, key) : 0;
    if (r != 1) state.SkipWithError("X509_verify failed");
    EVP_PKEY_free(key);
    benchmark::DoNotOptimize(r);
  }
  state.SetLabel("RSA-2048, d2i_PUBKEY + X509_verify");
}
BENCHMARK(BM_OpenSSL_X509_verify_KeyDecodedEachTime)->Unit(benchmark::kMicrosecond);

// What a fresh process would pay on top of decoding if it asked every root of the public store
// whether it is self-signed (Certificate::self_signed(), checked on first call): one pass of
// X509_verify over the system bundle's roots with their own keys.
void BM_OpenSSL_X509_verify_SystemRootsSelfSigned(benchmark::State& state) {
  const auto& roots = system_roots();
  if (roots.empty()) {
    state.SkipWithError("no /etc/ssl/certs/ca-certificates.crt");
    return;
  }
  for (auto _ : state) {
    int ok = 0;
    for (const auto& r : roots) {
      EVP_PKEY* key = r->public_key_handle();
      if (key != nullptr && X509_verify(r->x509(), key) == 1) ++ok;
    }
    benchmark::DoNotOptimize(ok);
  }
  state.counters["roots"] = static_cast<double>(roots.size());
  state.SetLabel("every root of /etc/ssl/certs/ca-certificates.crt, own key");
}
BENCHMARK(BM_OpenSSL_X509_verify_SystemRootsSelfSigned)->Unit(benchmark::kMillisecond);

// Reference for names::match (design: ~1 us).
void BM_OpenSSL_X509_check_host(benchmark::State& state) {
  X509* x = pki_fixture().leaf_rsa.cert->x509();
  const char* host = "dialin.contoso.com";
  for (auto _ : state) {
    int r = X509_check_host(x, host, std::strlen(host), 0, nullptr);
    if (r != 1) state.SkipWithError("X509_check_host did not match");
    benchmark::DoNotOptimize(r);
  }
  state.SetLabel("last of 5 SAN dNSNames");
}
BENCHMARK(BM_OpenSSL_X509_check_host)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace uccert::bench
