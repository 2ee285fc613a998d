// The judge: judge::judge for the nine built-in profiles on one chain ("leaf, intermediate"
// presented, the root trusted as a public root), each profile alone, and bulk judging of many
// distinct leaves as `uccert check` would do them one file at a time, plus the memory it takes.
#include <benchmark/benchmark.h>

#include <map>
#include <span>
#include <string>
#include <vector>

#include "bench_fixtures.h"
#include "uccert/pki/certificate_pool.h"
#include "uccert/acquire/file.h"
#include "uccert/pki/load.h"

namespace uccert::bench {
namespace {

evidence::TrustInputs trust_inputs(bool with_system_roots) {
  evidence::TrustInputs t;
  if (with_system_roots) t.public_roots = system_roots();
  t.public_roots.push_back(pki_fixture().root.cert);
  return t;
}

// Every benchmark judges through a pool of its own, as a run does: signature checks are made
// once per (subject, issuer) pair across profiles and iterations.
rules::JudgeOptions judge_options(pki::CertificatePool& pool) {
  rules::JudgeOptions o;
  o.at = pki_fixture().at;
  o.pool = &pool;
  // As a run does: the trust sets are indexed once and shared by every judgement.
  static verify::AnchorSetCache anchor_sets;
  o.anchor_sets = &anchor_sets;
  return o;
}

// Nine profiles on the fixture chain; `memo`: the trust sets indexed once per run, as a run does
// (rules::JudgeOptions::anchor_sets), else each judgement indexes its clients' sets itself (once
// per distinct set of sources, shared by the clients).
void judge_all_profiles(benchmark::State& state, bool memo) {
  const bool big_store = state.range(0) == 1;
  if (big_store && system_roots().empty()) {
    state.SkipWithError("no /etc/ssl/certs/ca-certificates.crt");
    return;
  }
  const auto& p = pki_fixture();
  const auto ev = evidence_of({p.leaf_rsa.cert, p.intermediate.cert}, kDialledName);
  const auto profiles = all_profiles();
  const auto trust = trust_inputs(big_store);
  pki::CertificatePool pool;
  auto opts = judge_options(pool);
  if (!memo) opts.anchor_sets = nullptr;
  if (judge::judge(ev, profiles, trust, opts).profiles.size() != profiles.size())
    state.SkipWithError("judge did not judge every profile");
  for (auto _ : state) benchmark::DoNotOptimize(judge::judge(ev, profiles, trust, opts));
  state.SetLabel(std::string(big_store ? "9 profiles, public roots = system bundle + fixture root"
                                       : "9 profiles, public roots = fixture root") +
                 (memo ? "" : ", no trust-set memo"));
  state.counters["per_profile"] = benchmark::Counter(static_cast<double>(profiles.size()),
                                                        benchmark::Counter::kIsIterationInvariantRate |
                                                            benchmark::Counter::kInvert);
}

void BM_Judge_AllProfiles(benchmark::State& state) { judge_all_profiles(state, true); }
BENCHMARK(BM_Judge_AllProfiles)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_Judge_AllProfiles_OwnTrustSets(benchmark::State& state) { judge_all_profiles(state, false); }
BENCHMARK(BM_Judge_AllProfiles_OwnTrustSets)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// One profile at a time (index into builtin_profiles()), to see which client is expensive.
// A hostile file's worst shape within the loader's limit (pki::kDefaultMaxCertificates): a chain
// of N distinct CAs, each issued by the next, behind a leaf, judged for the nine profiles with
// the top CA as a public root. The fitted complexity shows how judging grows with N (the rules
// look each certificate up by its digest, not by a pairwise search).
std::vector<pki::CertificatePtr> long_chain(std::size_t n) {
  static std::map<std::size_t, std::vector<pki::CertificatePtr>> made;
  auto& chain = made[n];
  if (!chain.empty()) return chain;
  auto key = lab::KeyPair::cached(lab::KeySpec::ec());
  std::vector<lab::Minted> cas;
  cas.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    cas.push_back(lab::mint(lab::intermediate_ca_spec("Deep CA " + std::to_string(i), "Contoso"), key,
                            cas.empty() ? nullptr : &cas.back()));
  chain.push_back(lab::mint(lab::server_spec(kDialledName, {kDialledName}), key, &cas.back()).cert);
  for (auto it = cas.rbegin(); it != cas.rend(); ++it) chain.push_back(it->cert);
  return chain;
}

void BM_Judge_LongChain(benchmark::State& state) {
  const auto chain = long_chain(static_cast<std::size_t>(state.range(0)));
  const auto ev = evidence_of(chain, kDialledName);
  const auto profiles = all_profiles();
  evidence::TrustInputs trust;
  trust.public_roots = {chain.back()};
  pki::CertificatePool pool;
  const auto opts = judge_options(pool);
  for (auto _ : state) benchmark::DoNotOptimize(judge::judge(ev, profiles, trust, opts));
  state.SetComplexityN(state.range(0));
  state.SetLabel("9 profiles, N CAs presented");
}
BENCHMARK(BM_Judge_LongChain)->RangeMultiplier(4)->Range(16, 1024)->Complexity()->Unit(benchmark::kMillisecond);

void BM_Judge_OneProfile(benchmark::State& state) {
  const auto all = all_profiles();
  const auto i = static_cast<std::size_t>(state.range(0));
  if (i >= all.size()) {
    state.SkipWithError("no such profile");
    return;
  }
  const auto& p = pki_fixture();
  const auto ev = evidence_of({p.leaf_rsa.cert, p.intermediate.cert}, kDialledName);
  const std::vector<const profiles::ClientProfile*> one{all[i]};
  const auto trust = trust_inputs(false);
  pki::CertificatePool pool;
  const auto opts = judge_options(pool);
  for (auto _ : state) benchmark::DoNotOptimize(judge::judge(ev, one, trust, opts));
  state.SetLabel(all[i]->id);
}
BENCHMARK(BM_Judge_OneProfile)->DenseRange(0, 8)->Unit(benchmark::kMicrosecond);

// Bulk, as one `uccert check` per chain file does it minus process start-up and the public
// store: load "leaf, intermediate" from PEM, make the evidence, judge nine profiles. One run
// is one pass over UCCERT_BENCH_LEAVES distinct leaves, each seen once, starting from an empty
// pki::CertificatePool that loading and judging share (as a run over a directory of chains does).
//   /0: each file holds leaf + intermediate: the intermediate's bytes are read from every file
//       (and decoded once: the pool answers the rest);
//   /1: the leaf alone is read and the decoded intermediate is handed over by the caller (the
//       floor: no intermediate work at all).
void BM_Judge_Bulk(benchmark::State& state) {
  const bool reuse_intermediate = state.range(0) == 1;
  const auto& leaves = bulk_leaves();
  const auto& p = pki_fixture();
  const auto profiles = all_profiles();
  const auto trust = trust_inputs(false);
  pki::CertificatePool pool;
  const auto opts = judge_options(pool);
  const std::size_t n = leaves.chain_pem.size();
  std::size_t i = 0;
  pki::LoadOptions load_options;
  load_options.pool = &pool;
  for (auto _ : state) {
    const std::string& pem = reuse_intermediate ? leaves.leaf_pem[i] : leaves.chain_pem[i];
    auto loaded = pki::load_bytes({reinterpret_cast<const std::uint8_t*>(pem.data()), pem.size()}, "leaf.pem",
                                  load_options);
    if (!loaded) {
      state.SkipWithError("bulk leaf does not load");
      break;
    }
    auto ev = acquire::file_evidence(loaded.value(), "", opts.at);
    ev.dialled_name = leaves.names[i];
    if (reuse_intermediate) ev.chain.push_back(p.intermediate.cert);
    benchmark::DoNotOptimize(judge::judge(ev, profiles, trust, opts));
    i = (i + 1) % n;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetLabel(reuse_intermediate ? "load leaf PEM + reuse decoded intermediate + judge 9 profiles"
                                    : "load leaf+intermediate PEM + judge 9 profiles");
  state.counters["leaves"] = static_cast<double>(n);
  state.counters["pool_certificate_hits"] = static_cast<double>(pool.stats().certificate_hits);
  state.counters["pool_signature_hits"] = static_cast<double>(pool.stats().signature_hits);
}
BENCHMARK(BM_Judge_Bulk)
    ->Arg(0)
    ->Arg(1)
    ->Iterations(static_cast<benchmark::IterationCount>(bulk_leaf_count()))
    ->Unit(benchmark::kMicrosecond);

// Memory: judge every bulk leaf once and keep every Judgement (as a report over N targets
// would). rss_growth_MiB is the resident set added by the N decoded chains and judgements;
// peak_rss_MiB is the whole process's peak so far (fixtures included). One iteration, one
// repetition: the figure is a size, not a time. /0: public roots = the fixture root; /1: the
// system bundle too (each ProfileJudgement keeps the anchors its client used).
void BM_Judge_BulkMemory(benchmark::State& state) {
  const bool big_store = state.range(0) == 1;
  if (big_store && system_roots().empty()) {
    state.SkipWithError("no /etc/ssl/certs/ca-certificates.crt");
    return;
  }
  const auto& leaves = bulk_leaves();
  const auto profiles = all_profiles();
  const auto trust = trust_inputs(big_store);
  pki::CertificatePool pool;
  const auto opts = judge_options(pool);
  const std::size_t n = leaves.chain_pem.size();
  double growth_kib = 0;
  for (auto _ : state) {
    std::vector<evidence::Evidence> evidence;
    std::vector<judge::Judgement> results;
    evidence.reserve(n);
    results.reserve(n);
    const long before = current_rss_kib();
    pki::LoadOptions load_options;
    load_options.pool = &pool;
    for (std::size_t i = 0; i < n; ++i) {
      const std::string& pem = leaves.chain_pem[i];
      auto loaded = pki::load_bytes({reinterpret_cast<const std::uint8_t*>(pem.data()), pem.size()}, "leaf.pem",
                                    load_options);
      if (!loaded) {
        state.SkipWithError("bulk leaf does not load");
        break;
      }
      evidence.push_back(acquire::file_evidence(loaded.value(), "", opts.at));
      evidence.back().dialled_name = leaves.names[i];
      results.push_back(judge::judge(evidence.back(), profiles, trust, opts));
    }
    growth_kib = static_cast<double>(current_rss_kib() - before);
    benchmark::DoNotOptimize(results);
  }
  state.counters["leaves"] = static_cast<double>(n);
  state.counters["rss_growth_MiB"] = growth_kib / 1024.0;
  state.counters["KiB_per_leaf"] = growth_kib / static_cast<double>(n);
  state.counters["peak_rss_MiB"] = static_cast<double>(peak_rss_kib()) / 1024.0;
  state.SetLabel(big_store ? "N chains judged for 9 profiles and kept, public roots = system bundle + root"
                           : "N chains judged for 9 profiles and kept, public roots = fixture root");
}
BENCHMARK(BM_Judge_BulkMemory)->Arg(0)->Arg(1)->Iterations(1)->Repetitions(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace uccert::bench
