// names::match: one dialled host against a certificate's SAN / CN under a client's NamePolicy.
// Reference: X509_check_host in certificate_bench.cpp (design: ~1 us). names::match does more:
// it explains every entry (why each one did not match), so a miss costs more than a hit.
#include <benchmark/benchmark.h>

#include <string>

#include "bench_fixtures.h"
#include "uccert/names/match.h"

namespace uccert::bench {
namespace {

struct Case {
  const char* label;
  const char* host;
  names::NamePolicy policy;
  bool expect_match;
};

// The fixture leaf: CN sip.contoso.com; SAN sip.contoso.com, pool01.corp.contoso.com,
// lyncdiscover.contoso.com, meet.contoso.com, dialin.contoso.com.
const Case kCases[] = {
    {"first SAN entry, browser policy", "sip.contoso.com", {names::Wildcards::kLeftmostLabel, names::CommonName::kIgnore}, true},
    {"last of 5 SAN entries", "dialin.contoso.com", {names::Wildcards::kLeftmostLabel, names::CommonName::kIgnore}, true},
    {"no entry matches (5 reasons built)", "edge.fabrikam.com", {names::Wildcards::kLeftmostLabel, names::CommonName::kIgnore}, false},
    {"CN only (UM-02)", "sip.contoso.com", {names::Wildcards::kNone, names::CommonName::kOnly}, true},
};

void BM_Names_Match(benchmark::State& state) {
  const auto& c = kCases[state.range(0)];
  const auto& cert = *pki_fixture().leaf_rsa.cert;
  if (names::match(c.host, cert, c.policy).matched != c.expect_match) state.SkipWithError("unexpected match result");
  for (auto _ : state) benchmark::DoNotOptimize(names::match(c.host, cert, c.policy));
  state.SetLabel(c.label);
}
BENCHMARK(BM_Names_Match)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);

// A wildcard-only certificate judged by a client that takes no wildcards (W-12, legacy Lync
// Phone Edition): the entry is refused with a policy reason.
void BM_Names_Match_WildcardRefused(benchmark::State& state) {
  names::PresentedNames presented;
  pki::GeneralName san;
  san.type = pki::GeneralNameType::kDns;
  san.value = "*.contoso.com";
  presented.subject_alt_names.push_back(san);
  presented.common_names.push_back("*.contoso.com");
  const names::NamePolicy policy{names::Wildcards::kNone, names::CommonName::kFallback};
  if (names::match("sip.contoso.com", presented, policy).matched) state.SkipWithError("wildcard unexpectedly matched");
  for (auto _ : state) benchmark::DoNotOptimize(names::match("sip.contoso.com", presented, policy));
  state.SetLabel("*.contoso.com, wildcards none (W-12)");
}
BENCHMARK(BM_Names_Match_WildcardRefused)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace uccert::bench
