// `uccert scan --format json`: one JSON Lines record per target (the full check document), against
// the CSV row of the same target, and the record's two halves: building the JSON tree
// (report::check_json) and writing it (report::append_json_line, or nlohmann's own dump).
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "bench_fixtures.h"
#include "uccert/report/check_json.h"
#include "uccert/report/json_line.h"
#include "uccert/report/scan_render.h"

namespace uccert::bench {
namespace {

// A judged target as a scan hands it to its writer: leaf + intermediate, nine profiles, one root.
const report::ScanItem& judged_item() {
  static const report::ScanItem item = [] {
    const auto& p = pki_fixture();
    report::ScanItem it;
    it.line = 1;
    it.target = "chain/chain-00001.pem";
    it.name = kDialledName;
    it.seconds = 0.0042;
    report::CheckReport r;
    r.evidence = evidence_of({p.leaf_rsa.cert, p.intermediate.cert}, kDialledName);
    for (const auto* profile : all_profiles()) r.profiles.push_back(*profile);
    r.trust.public_roots = {p.root.cert};
    r.options.at = p.at;
    std::vector<const profiles::ClientProfile*> ptrs;
    for (const auto& profile : r.profiles) ptrs.push_back(&profile);
    r.judgement = judge::judge(r.evidence, ptrs, r.trust, r.options);
    it.check = std::move(r);
    return it;
  }();
  return item;
}

void BM_ScanRecord(benchmark::State& state) {
  const auto writer = report::make_scan_writer(state.range(0) == 0 ? "json" : "csv", {});
  const auto& item = judged_item();
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto line = writer->render(item);
    bytes = line.size();
    benchmark::DoNotOptimize(line);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
  state.SetLabel(state.range(0) == 0 ? "JSON Lines record" : "CSV row");
}
BENCHMARK(BM_ScanRecord)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_ScanRecord_BuildTree(benchmark::State& state) {
  const auto& check = *judged_item().check;
  for (auto _ : state) benchmark::DoNotOptimize(report::check_json(check));
  state.SetLabel("report::check_json");
}
BENCHMARK(BM_ScanRecord_BuildTree)->Unit(benchmark::kMicrosecond);

// Writing the tree: /0 append_json_line (what scan uses), /1 nlohmann's dump (what it used).
void BM_ScanRecord_Write(benchmark::State& state) {
  const auto tree = report::check_json(*judged_item().check);
  const bool library = state.range(0) == 1;
  for (auto _ : state) {
    std::string out;
    if (library) out = tree.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    else report::append_json_line(out, tree);
    benchmark::DoNotOptimize(out);
  }
  state.SetLabel(library ? "nlohmann dump" : "report::append_json_line");
}
BENCHMARK(BM_ScanRecord_Write)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace uccert::bench
