// The facade: build candidate paths, validate each, keep them all, pick the best.
#include "uccert/verify/verify.h"

#include <algorithm>
#include <tuple>

#include "uccert/verify/chain_validator.h"
#include "uccert/verify/path_builder.h"
#include "uccert/verify/problem_ids.h"
#include "uccert/verify/signature_checker.h"

namespace uccert::verify {

namespace {

// Every attempted path is kept for explanations, up to this many (the best is always kept).
constexpr std::size_t kMaxAttemptsKept = 64;

std::size_t fatal_count(const CandidatePath& p) {
  return static_cast<std::size_t>(std::count_if(p.problems.begin(), p.problems.end(), [](const Problem& q) { return q.fatal; }));
}

// Lower is better: valid, then reaching an anchor, then fewer fatal problems, then shorter.
auto rank(const CandidatePath& p) {
  return std::make_tuple(!p.valid(), !p.anchor_source.has_value(), fatal_count(p), p.certificates.size());
}

}  // namespace

std::optional<KeyAlgorithm> key_algorithm_of(const pki::PublicKeyInfo& key) {
  if (!key.decodable) return std::nullopt;
  if (key.algorithm == "RSA" || key.algorithm == "RSASSA-PSS") return KeyAlgorithm::kRsa;
  if (key.algorithm == "Ed25519") return KeyAlgorithm::kEd25519;
  if (key.algorithm == "Ed448") return KeyAlgorithm::kEd448;
  if (key.algorithm != "EC") return std::nullopt;
  if (key.curve == "P-256") return KeyAlgorithm::kEcP256;
  if (key.curve == "P-384") return KeyAlgorithm::kEcP384;
  if (key.curve == "P-521") return KeyAlgorithm::kEcP521;
  return std::nullopt;
}

bool CandidatePath::valid() const {
  if (!anchor_source || certificates.empty()) return false;
  return std::none_of(problems.begin(), problems.end(), [](const Problem& p) { return p.fatal; });
}

Result verify(const Input& input, const Options& options) {
  Result result;
  if (input.presented.empty() || !input.presented.front()) {
    result.path_wide.push_back(
        {std::string(problem::kChainNoLeaf), kPathWide, "no certificate was presented", {}, true});
    return result;
  }
  Budget budget = options.budget;
  SignatureChecker sigs(budget, input.pool);
  PathBuilder builder(input, options, budget, sigs);

  std::optional<CandidatePath> best;
  builder.build([&](const BuiltPath& built) {
    CandidatePath candidate;
    candidate.certificates = built.certificates;
    candidate.origins = built.origins;
    candidate.anchor_source = built.anchor_source;
    candidate.problems = validate_chain({&built.certificates, built.anchor_source.has_value(), &input.crls}, options, budget, sigs);
    if (built.depth_limited)
      candidate.problems.push_back({std::string(problem::kChainTooLong),
                                    static_cast<int>(built.certificates.size()) - 1,
                                    "an issuer exists but the path would exceed the depth limit", {}, true});
    if (budget.exhausted())
      candidate.problems.push_back({std::string(problem::kVerifyBudgetExhausted), kPathWide,
                                    "verification stopped: too many " + budget.exhausted_what, {}, true});
    const bool valid = candidate.valid();
    if (!best || rank(candidate) < rank(*best)) best = candidate;
    if (result.attempted.size() < kMaxAttemptsKept) result.attempted.push_back(std::move(candidate));
    return valid || budget.exhausted() ? Visit::kStop : Visit::kContinue;
  });

  if (budget.exhausted()) {
    Problem p{std::string(problem::kVerifyBudgetExhausted), kPathWide,
              "verification stopped: too many " + budget.exhausted_what, {{"limit", budget.exhausted_what}}, true};
    result.path_wide.push_back(p);
    if (best && !has_problem(best->problems, p.id)) best->problems.push_back(p);
  }
  if (best) {
    result.best = std::move(*best);
    // Keep the best one in `attempted` even when the cap dropped it.
    const bool kept = std::any_of(result.attempted.begin(), result.attempted.end(), [&](const CandidatePath& c) {
      return c.certificates == result.best.certificates;
    });
    if (!kept) result.attempted.push_back(result.best);
    if (!input.crls.empty() || !input.ocsp.empty()) {
      const auto& certs = result.best.certificates;
      for (std::size_t i = 0; i + 1 < certs.size(); ++i)
        result.best.revocation.push_back(
            revocation_status(*certs[i], *certs[i + 1], input.crls, input.ocsp, options.at));
    }
  } else {
    result.path_wide.push_back(
        {std::string(problem::kChainNoPath), kPathWide, "no candidate path could be built", {}, true});
  }
  return result;
}

}  // namespace uccert::verify
