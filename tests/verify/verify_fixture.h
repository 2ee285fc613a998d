// Shared scaffolding for the verify tests: a small PKI minted with lab/mint.h, and helpers to
// run verify() and ask about the problems of the best path.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "uccert/lab/mint.h"
#include "uccert/verify/problem_ids.h"
#include "uccert/verify/verify.h"

namespace uccert::verify::testing {

using lab::CertSpec;
using lab::KeyPair;
using lab::KeySpec;
using lab::Minted;
using lab::mint;

inline KeyPair key(int index) { return KeyPair::cached(KeySpec::ec("P-256"), 100 + index); }

struct Chain {
  std::vector<Minted> presented;
  std::vector<Minted> extra;
  std::vector<Minted> anchors;
};

inline Input to_input(const Chain& c) {
  Input in;
  for (const auto& m : c.presented) in.presented.push_back(m.cert);
  for (const auto& m : c.extra) in.extra_intermediates.push_back(m.cert);
  for (const auto& m : c.anchors) in.anchors.push_back({m.cert, "test"});
  return in;
}

inline Options options_now() {
  Options o;
  o.at = lab::now();
  return o;
}

inline Result run(const Chain& c, const Options& o = options_now()) { return verify(to_input(c), o); }

// The problem `id` on the best path at `index` (kPathWide included), or nullptr.
inline const Problem* find(const Result& r, std::string_view id, std::optional<int> index = std::nullopt) {
  for (const auto* list : {&r.best.problems, &r.path_wide})
    for (const auto& p : *list)
      if (p.id == id && (!index || p.cert_index == *index)) return &p;
  return nullptr;
}

inline std::string describe(const Result& r) {
  std::string s = r.valid() ? "valid" : "invalid";
  s += " path of " + std::to_string(r.best.certificates.size()) + ":";
  for (const auto* list : {&r.best.problems, &r.path_wide})
    for (const auto& p : *list) s += " [" + std::to_string(p.cert_index) + "] " + p.id + (p.fatal ? "" : "(note)");
  return s;
}

// Root -> ICA -> leaf, EC keys, "now" validity.
struct SmallPki : ::testing::Test {
  KeyPair root_key = key(0), ica_key = key(1), leaf_key = key(2);
  Minted root = mint(lab::root_ca_spec("Test Root", "Uccert Test"), root_key);
  Minted ica = mint(lab::intermediate_ca_spec("Test Issuing CA", "Uccert Test", std::nullopt), ica_key, &root);
  Minted leaf = mint(lab::server_spec("pool.contoso.com", {"pool.contoso.com"}), leaf_key, &ica);

  Chain chain() const { return Chain{{leaf, ica}, {}, {root}}; }
};

}  // namespace uccert::verify::testing
