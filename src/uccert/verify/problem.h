// A problem found while validating a path: a value, collected exhaustively (never only the
// first). Ids are stable, dotted, lowercase, grouped by prefix (chain., time., key., sig.,
// name-constraints., ext., eku., crl., encoding., verify.), named in code by the constants of
// problem_ids.h and documented in docs/problems.md. Whether a problem breaks a client is the
// rules' call (rules/), not the id's.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace uccert::verify {

inline constexpr int kPathWide = -1;

struct Problem {
  std::string id;                             // "time.expired", "chain.missing-issuer", ...
  int cert_index = kPathWide;                 // index in the path (0 = leaf) or kPathWide
  std::string message;                        // one line for a person
  std::map<std::string, std::string> params;  // typed facts for rules and JSON: "not_after", "issuer", "aia_url"...
  // True when the problem makes the path invalid under the Options given; false for notes
  // (e.g. "sig.sha1" under AlgorithmPolicy::kPermissive) that rules may still turn into warnings.
  bool fatal = true;
};

using Problems = std::vector<Problem>;

inline bool has_problem(const Problems& ps, std::string_view id) {
  for (const auto& p : ps)
    if (p.id == id) return true;
  return false;
}

}  // namespace uccert::verify
