// verify::verify on a presented chain "leaf, intermediate" with the root as the only anchor
// (3 certificates): path building plus RFC 5280 validation, all problems collected. Signature
// checks go through one pki::CertificatePool for the benchmark and hit it after the first
// iteration (see BM_VerifySignature_*), so this is the cost of building and validating, not of RSA.
#include <benchmark/benchmark.h>

#include "bench_fixtures.h"
#include "uccert/pki/certificate_pool.h"
#include "uccert/verify/verify.h"

namespace uccert::bench {
namespace {

verify::Input chain_input(bool with_system_roots) {
  const auto& p = pki_fixture();
  verify::Input in;
  in.presented = {p.leaf_rsa.cert, p.intermediate.cert};
  if (with_system_roots)
    for (const auto& r : system_roots()) in.anchors.push_back({r, "public-roots"});
  in.anchors.push_back({p.root.cert, "public-roots"});
  return in;
}

void BM_Verify_ThreeCertChain(benchmark::State& state) {
  const bool big_store = state.range(0) == 1;
  if (big_store && system_roots().empty()) {
    state.SkipWithError("no /etc/ssl/certs/ca-certificates.crt");
    return;
  }
  pki::CertificatePool pool;
  auto in = chain_input(big_store);
  in.pool = &pool;
  const auto& browser = *profiles::builtin_profiles().find("browser");
  const auto opts = profiles::chain_options(browser, pki_fixture().at);
  if (!verify::verify(in, opts).valid()) state.SkipWithError("fixture chain does not validate");
  for (auto _ : state) benchmark::DoNotOptimize(verify::verify(in, opts));
  state.SetLabel(big_store ? "anchors: system bundle + fixture root" : "anchors: fixture root only");
  state.counters["anchors"] = static_cast<double>(in.anchors.size());
}
BENCHMARK(BM_Verify_ThreeCertChain)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace uccert::bench
