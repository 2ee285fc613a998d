// Differential test of the `browser` profile: several hundred minted chains, each judged by
// uccert (the file acquired and judged in process, as `check --profile browser` does), by
// `openssl verify` and by GnuTLS `certtool --verify`. Where the three disagree the variation must
// be a known disagreement (differential_expected.json, each with its reason, also listed in
// docs/conformance.md); a new disagreement, or a known one that no longer happens, fails.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "differential/chain_variations.h"
#include "differential/external_verifiers.h"
#include "uccert/acquire/file.h"
#include "uccert/judge/judge.h"
#include "uccert/profiles/client_profile.h"

namespace uccert::testing::differential {
namespace {

namespace fs = std::filesystem;

const fs::path kExpectedFile = fs::path(UCCERT_SOURCE_DIR) / "tests/differential/differential_expected.json";
const fs::path kConformanceDoc = fs::path(UCCERT_SOURCE_DIR) / "docs/conformance.md";

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / fmt::format("uccert-differential-{:08x}{:08x}", rd(), rd());
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string verdict_word(bool accepted) { return accepted ? "accept" : "reject"; }

struct Outcome {
  std::string uccert, openssl, gnutls;
  bool operator==(const Outcome&) const = default;
  bool unanimous() const { return uccert == openssl && openssl == gnutls; }
  std::string describe() const { return fmt::format("uccert {}, OpenSSL {}, GnuTLS {}", uccert, openssl, gnutls); }
};

struct Case {
  Variation variation;
  std::string dialled_name;
  CaseFiles files;
  bool uccert_accepts = false;
  std::vector<std::string> uccert_failures;  // the browser's failing finding ids
  ToolRun openssl, gnutls;
  Outcome outcome() const {
    return {verdict_word(uccert_accepts), verdict_word(openssl.accepted), verdict_word(gnutls.accepted)};
  }
};

// The last non-empty line of a tool's output: its verdict and, on failure, why.
std::string last_line(const std::string& output) {
  std::istringstream in(output);
  std::string line, last;
  while (std::getline(in, line))
    if (line.find_first_not_of(" \t\r") != std::string::npos) last = line;
  return last;
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

// Mints the chain, writes the three files and judges the served file as `check` would.
Case prepare(const Variation& variation, const fs::path& dir, pki::UnixTime now) {
  const Chain chain = build_chain(variation, now);
  fs::create_directories(dir);
  Case c{variation, chain.dialled_name, {dir / "root.pem", dir / "served.pem", dir / "first.pem"}, false, {}, {}, {}};
  write_text(c.files.root_pem, chain.root.pem());
  write_text(c.files.served_pem, lab::pem_chain(chain.served));
  write_text(c.files.first_pem, chain.served.front().pem());

  auto evidence = acquire::acquire_file(c.files.served_pem.string(), chain.dialled_name, {}, now);
  if (!evidence) throw std::runtime_error(variation.name + ": " + evidence.error().message);
  evidence::TrustInputs trust;
  trust.enterprise_roots = {chain.root.cert};
  rules::JudgeOptions options;
  options.at = now;
  const auto* browser = profiles::builtin_profiles().find("browser");
  if (browser == nullptr) throw std::runtime_error("no built-in browser profile");
  const auto judgement = judge::judge(*evidence, {browser}, trust, options);
  const auto* pj = judgement.find("browser");
  c.uccert_accepts = pj != nullptr && pj->verdict != rules::Verdict::kFail;
  for (const auto& f : judgement.findings)
    if (f.severity == rules::Severity::kFail &&
        std::find(f.profiles.begin(), f.profiles.end(), "browser") != f.profiles.end())
      c.uccert_failures.push_back(f.id);
  return c;
}

// Runs both external verifiers over every case, a few processes at a time.
void run_external(std::vector<Case>& cases, pki::UnixTime now) {
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < cases.size(); i = next++) {
      cases[i].openssl = openssl_verify(cases[i].files, cases[i].dialled_name, now);
      cases[i].gnutls = certtool_verify(cases[i].files, cases[i].dialled_name);
    }
  };
  const unsigned n = std::clamp(std::thread::hardware_concurrency(), 2U, 4U);
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < n; ++t) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
}

struct Known {
  Outcome outcome;
  std::string why;
};

std::map<std::string, Known> read_known() {
  std::ifstream in(kExpectedFile);
  if (!in) throw std::runtime_error("cannot read " + kExpectedFile.string());
  const auto doc = nlohmann::json::parse(in);
  std::map<std::string, Known> known;
  for (const auto& d : doc.at("disagreements")) {
    const auto name = d.at("variation").get<std::string>();
    Known k{{d.at("uccert").get<std::string>(), d.at("openssl").get<std::string>(), d.at("gnutls").get<std::string>()},
            d.at("why").get<std::string>()};
    if (!known.emplace(name, k).second) throw std::runtime_error("listed twice: " + name);
  }
  return known;
}

std::string explain(const Case& c) {
  std::string failures;
  for (const auto& id : c.uccert_failures) failures += (failures.empty() ? "" : ",") + id;
  return fmt::format("  uccert fails: [{}]\n  openssl: {}\n  certtool: {}\n", failures, last_line(c.openssl.output),
                     last_line(c.gnutls.output));
}

// The agreement matrix: how many variations got each (uccert, OpenSSL, GnuTLS) outcome.
std::string matrix(const std::vector<Case>& cases) {
  std::map<std::string, int> counts;
  for (const auto& c : cases) ++counts[c.outcome().describe()];
  std::string s;
  for (const auto& [outcome, n] : counts) s += fmt::format("  {:4}  {}\n", n, outcome);
  return s;
}

TEST(BrowserDifferential, VariationsAreManyAndUniquelyNamed) {
  const auto all = variations();
  EXPECT_GE(all.size(), 300U);
  std::set<std::string> names;
  for (const auto& v : all) EXPECT_TRUE(names.insert(v.name).second) << "duplicate variation " << v.name;
}

TEST(BrowserDifferential, EveryKnownDisagreementIsAVariationAndDocumented) {
  const auto known = read_known();
  std::set<std::string> names;
  for (const auto& v : variations()) names.insert(v.name);
  std::ifstream doc_in(kConformanceDoc);
  std::stringstream doc;
  doc << doc_in.rdbuf();
  for (const auto& [name, k] : known) {
    EXPECT_TRUE(names.contains(name)) << name << " is listed but no longer a variation";
    EXPECT_FALSE(k.outcome.unanimous()) << name << " is listed with no disagreement";
    EXPECT_FALSE(k.why.empty()) << name << " has no reason";
    EXPECT_NE(doc.str().find("| `" + name + "` |"), std::string::npos)
        << name << " is not in the disagreement table of docs/conformance.md";
  }
}

TEST(BrowserDifferential, AgreesWithOpenSslAndGnuTlsOrTheDisagreementIsKnown) {
  for (const char* tool : {"openssl", "certtool"})
    ASSERT_TRUE(in_path(tool)) << tool << " is not installed (scripts/install-deps.sh installs openssl and gnutls-bin)";
  const auto started = std::chrono::steady_clock::now();
  const auto known = read_known();
  const pki::UnixTime now = lab::now();
  TempDir dir;

  std::vector<Case> cases;
  const auto all = variations();
  for (std::size_t i = 0; i < all.size(); ++i) cases.push_back(prepare(all[i], dir.path() / std::to_string(i), now));
  run_external(cases, now);

  std::string unexpected, observed;
  int disagreements = 0;
  for (const auto& c : cases) {
    for (const ToolRun* run : {&c.openssl, &c.gnutls})
      ASSERT_NE(run->exit_status, -1) << c.variation.name << ": a verifier did not run: " << run->output;
    const Outcome o = c.outcome();
    if (!o.unanimous()) ++disagreements;
    const auto k = known.find(c.variation.name);
    observed += nlohmann::json{{"variation", c.variation.name}, {"uccert", o.uccert}, {"openssl", o.openssl},
                               {"gnutls", o.gnutls}, {"unanimous", o.unanimous()}}
                    .dump() +
                "\n";
    if (k == known.end() && !o.unanimous()) {
      unexpected += fmt::format("NEW disagreement {}: {}\n{}", c.variation.name, o.describe(), explain(c));
    } else if (k != known.end() && !(k->second.outcome == o)) {
      unexpected += fmt::format("{}: known as {} but now {}\n{}", c.variation.name, k->second.outcome.describe(),
                                o.describe(), explain(c));
    }
  }
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << fmt::format("{} variations, {} disagreements, {:.1f} s\n{}", cases.size(), disagreements, seconds,
                           matrix(cases));
  // Every outcome, one JSON object a line, for whoever reviews a change of the known list.
  if (const char* dump = std::getenv("UCCERT_DIFFERENTIAL_OBSERVED")) write_text(dump, observed);

  // The base chain is accepted by all three: a broken setup cannot pass as everyone rejecting.
  ASSERT_FALSE(cases.empty());
  EXPECT_EQ(cases.front().variation.name, "base");
  EXPECT_EQ(cases.front().outcome(), (Outcome{"accept", "accept", "accept"})) << explain(cases.front());
  EXPECT_TRUE(unexpected.empty()) << unexpected;
}

}  // namespace
}  // namespace uccert::testing::differential
