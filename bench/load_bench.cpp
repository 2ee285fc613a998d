// Container loading: pki::load_bytes on a PEM bundle (leaf, intermediate, root), on the chain a
// server's file holds (leaf, intermediate) against the leaf alone, on the machine's public
// store, and on PKCS#7 / PKCS#12 bundles of the same chain. Every iteration decodes every
// certificate (the pool keeps no certificates); a root's self-signature is checked only when
// something asks (Certificate::self_signed()), so loading pays only the decode.
#include <benchmark/benchmark.h>

#include <fstream>
#include <iterator>
#include <algorithm>
#include <span>
#include <string>

#include "bench_fixtures.h"
#include "uccert/pki/certificate_pool.h"
#include "uccert/pki/load.h"

namespace uccert::bench {
namespace {

std::span<const std::uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

void run_load(benchmark::State& state, std::span<const std::uint8_t> data, std::size_t expect) {
  pki::CertificatePool signatures_only(0);
  pki::LoadOptions opts;
  opts.pool = &signatures_only;
  auto first = pki::load_bytes(data, "bench", opts);
  if (!first || first->certificates.size() != expect) {
    state.SkipWithError("fixture does not load");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(pki::load_bytes(data, "bench", opts));
  state.counters["certs"] = static_cast<double>(expect);
  // Seconds per certificate (printed with an SI prefix: "250u" = 250 us), CPU time.
  state.counters["per_cert"] = benchmark::Counter(static_cast<double>(expect),
                                                     benchmark::Counter::kIsIterationInvariantRate |
                                                         benchmark::Counter::kInvert);
}

void BM_Load_Pem_LeafIntermediateRoot(benchmark::State& state) {
  const auto& p = pki_fixture();
  const auto pem = pem_bundle({&p.leaf_rsa, &p.intermediate, &p.root});
  run_load(state, bytes_of(pem), 3);
  state.SetLabel("PEM, 3 x RSA-2048");
}
BENCHMARK(BM_Load_Pem_LeafIntermediateRoot)->Unit(benchmark::kMicrosecond);

// The difference between these two is what decoding the same intermediate again costs for
// every chain file of a bulk run (design: "never parse the same intermediate or root twice").
void BM_Load_Pem_LeafIntermediate(benchmark::State& state) {
  const auto& p = pki_fixture();
  const auto pem = pem_bundle({&p.leaf_rsa, &p.intermediate});
  run_load(state, bytes_of(pem), 2);
  state.SetLabel("PEM, leaf + intermediate");
}
BENCHMARK(BM_Load_Pem_LeafIntermediate)->Unit(benchmark::kMicrosecond);

void BM_Load_Pem_LeafOnly(benchmark::State& state) {
  const auto& p = pki_fixture();
  const auto pem = pem_bundle({&p.leaf_rsa});
  run_load(state, bytes_of(pem), 1);
  state.SetLabel("PEM, leaf");
}
BENCHMARK(BM_Load_Pem_LeafOnly)->Unit(benchmark::kMicrosecond);

void BM_Load_Pkcs7_LeafIntermediateRoot(benchmark::State& state) {
  const auto& p = pki_fixture();
  auto der = lab::encode_pkcs7({p.leaf_rsa, p.intermediate, p.root}, lab::Encoding::kDer);
  if (!der) {
    state.SkipWithError("encode_pkcs7 failed");
    return;
  }
  run_load(state, der.value(), 3);
  state.SetLabel("PKCS#7 DER, 3 x RSA-2048");
}
BENCHMARK(BM_Load_Pkcs7_LeafIntermediateRoot)->Unit(benchmark::kMicrosecond);

// PKCS#12 with the key, empty password: dominated by the password-based key derivation.
void BM_Load_Pkcs12_LeafIntermediateRoot(benchmark::State& state) {
  const auto& p = pki_fixture();
  lab::Pkcs12Options o;
  auto der = lab::encode_pkcs12({p.leaf_rsa, p.intermediate, p.root}, o);
  if (!der) {
    state.SkipWithError("encode_pkcs12 failed");
    return;
  }
  run_load(state, der.value(), 3);
  state.SetLabel("PKCS#12 AES-256/PBKDF2, key + 3 certs, empty password");
}
BENCHMARK(BM_Load_Pkcs12_LeafIntermediateRoot)->Unit(benchmark::kMillisecond);

// The public store `uccert check` reads when no --public-roots is given (the pool keeps only
// signature checks, as in run_load).
void BM_Load_SystemBundle(benchmark::State& state) {
  std::ifstream in("/etc/ssl/certs/ca-certificates.crt", std::ios::binary);
  std::string data;
  if (in) {
    in.seekg(0, std::ios::end);
    data.resize(static_cast<std::size_t>(std::max<std::streamoff>(in.tellg(), 0)));
    in.seekg(0);
    in.read(data.data(), static_cast<std::streamsize>(data.size()));
  }
  if (!in || data.empty()) {
    state.SkipWithError("no /etc/ssl/certs/ca-certificates.crt");
    return;
  }
  const auto& roots = system_roots();
  run_load(state, bytes_of(data), roots.size());
  state.SetLabel("/etc/ssl/certs/ca-certificates.crt, no certificate memo");
}
BENCHMARK(BM_Load_SystemBundle)->Unit(benchmark::kMillisecond);

// A fresh process's first load of the public store: no pool memo at all (neither certificates
// nor signature checks), so every iteration pays what one `uccert check` pays. Arg 1 also asks
// every certificate whether it is self-signed (what a run that reaches every root would add).
void BM_Load_SystemBundle_Cold(benchmark::State& state) {
  std::ifstream in("/etc/ssl/certs/ca-certificates.crt", std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (data.empty()) {
    state.SkipWithError("no /etc/ssl/certs/ca-certificates.crt");
    return;
  }
  const bool ask_self_signed = state.range(0) == 1;
  std::size_t certs = 0;
  for (auto _ : state) {
    pki::CertificatePool nothing_kept(0, 0);
    pki::LoadOptions opts;
    opts.pool = &nothing_kept;
    auto loaded = pki::load_bytes(bytes_of(data), "bench", opts);
    if (!loaded) {
      state.SkipWithError("system bundle does not load");
      return;
    }
    certs = loaded->certificates.size();
    std::size_t self_signed = 0;
    if (ask_self_signed)
      for (const auto& c : loaded->certificates) self_signed += c->self_signed() ? 1 : 0;
    benchmark::DoNotOptimize(self_signed);
  }
  state.counters["certs"] = static_cast<double>(certs);
  state.SetLabel(ask_self_signed ? "system bundle, no memo, every self_signed asked" : "system bundle, no memo");
}
BENCHMARK(BM_Load_SystemBundle_Cold)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace uccert::bench
