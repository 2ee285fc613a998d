// Every path-validation problem (verify/, docs/problems.md) reaches the report: the specific
// rules turn the ones they understand into UC findings (the problems their descriptors explain);
// this rule maps each remaining problem on a client's best path to a finding "path.<problem id>",
// so nothing is lost.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "uccert/rules/chain_shape.h"
#include "uccert/rules/fix_text.h"
#include "uccert/rules/registry.h"
#include "uccert/rules/trust_gap.h"
#include "uccert/verify/problem_ids.h"

namespace uccert::rules {

namespace {

// Whether a specific rule reports this problem for the client: one whose descriptor explains it
// for every client, or on the leaf when the problem is there (the leaf's own rules), or, when the
// trust gap analysis explains the client's gap, one that explains it then (chain.incomplete,
// trust.*).
bool explained_elsewhere(std::string_view problem_id, int cert_index, bool gap_explained) {
  for (const Rule* r : all_rules()) {
    const auto& ex = r->descriptor.explains;
    if (ex.cover == ProblemCover::kTrustGapOnly && !gap_explained) continue;
    if (ex.cover == ProblemCover::kLeafOnly && cert_index != 0) continue;
    if (std::find(ex.ids.begin(), ex.ids.end(), problem_id) != ex.ids.end()) return true;
  }
  return false;
}

bool has_chain(const RuleContext& ctx) { return !ctx.evidence.chain.empty(); }

std::string fix_for(const verify::Problem& p, const pki::Certificate* cert) {
  const std::string who = cert != nullptr ? fix::describe(*cert) : std::string("the certificate");
  auto starts = [&](std::string_view prefix) { return p.id.rfind(prefix, 0) == 0; };
  if (p.id == verify::problem::kVerifyBudgetExhausted)
    return "The chain is pathological (too many candidate issuers): send only the leaf and its own intermediates.";
  if (starts("sig."))
    return fmt::format("{} does not verify against the issuer sent: send the intermediate that really issued it, or "
                       "re-issue it.",
                       who);
  if (starts("eku."))
    return fmt::format("Re-issue the CA certificate {} without an extended key usage restriction, or with Server "
                       "Authentication in it.",
                       who);
  if (starts("name."))
    return fmt::format("The issuing CA's name constraints do not allow this name: issue {} from a CA allowed to "
                       "issue it.",
                       who);
  if (starts("chain."))
    return fmt::format("Send the right intermediates in order; if the CA certificate itself is wrong (not a CA, "
                       "path length), the CA must re-issue it. Concerns {}.",
                       who);
  return fmt::format("Re-issue {} from a CA template that does not produce this problem.", who);
}

// The path.<problem id> finding for one problem of the client's path.
Finding problem_finding(const RuleContext& ctx, const verify::Result& res, const verify::Problem& p) {
  const pki::Certificate* cert = nullptr;
  int presented = -1;
  if (p.cert_index >= 0 && static_cast<std::size_t>(p.cert_index) < res.best.certificates.size()) {
    cert = res.best.certificates[static_cast<std::size_t>(p.cert_index)].get();
    if (cert != nullptr) presented = index_in(ctx.evidence.chain, *cert);
  }
  Finding f;
  f.id = "path." + p.id;
  f.message = cert != nullptr && p.message.find(short_name(*cert)) == std::string::npos
                  ? fmt::format("{} ({})", p.message, short_name(*cert))
                  : p.message;
  f.fix = fix_for(p, cert);
  f.cert_index = presented;
  f.problems = {p.id};
  for (const auto& [k, val] : p.params) f.details[k] = val;
  return f;
}

void check_problems(const RuleContext& ctx, const ProfileView& v, Emitter& e) {
  const auto& res = v.judgement->path;
  const bool gap_explained = analyse_trust_gap(ctx, v).kind != GapKind::kNone;
  auto report = [&](const verify::Problem& p) {
    if (explained_elsewhere(p.id, p.cert_index, gap_explained)) return;
    e.emit(p.fatal ? Severity::kFail : Severity::kInfo, problem_finding(ctx, res, p));
  };
  for (const auto& p : res.best.problems) report(p);
  for (const auto& p : res.path_wide)
    if (std::none_of(res.best.problems.begin(), res.best.problems.end(),
                     [&](const verify::Problem& q) { return q.id == p.id && q.cert_index == p.cert_index; }))
      report(p);
}

const Rule kRules[] = {
    {{"path.<problem id>", "Any other path-validation problem (see docs/problems.md)", Severity::kFail,
      "the client on whose best path the problem was found (fail when the problem invalidates the path, else "
      "information)",
      nullptr, "G-11; K-08",
      "Depends on the problem: send the right intermediates, or re-issue the certificate at fault.", {}},
     has_chain, check_problems},
};

}  // namespace

bool problem_claimed(std::string_view problem_id) { return explained_elsewhere(problem_id, -1, false); }

void add_unexplained_fatal_problems(const RuleContext& ctx, const ProfileView& view, Findings& findings) {
  const auto& res = view.judgement->path;
  const std::string& id = view.profile->id;
  const std::size_t found = findings.size();
  auto explained = [&](const verify::Problem& p) {
    for (std::size_t k = 0; k < found; ++k) {
      const auto& f = findings[k];
      if (f.severity == Severity::kInfo) continue;
      if (std::find(f.profiles.begin(), f.profiles.end(), id) == f.profiles.end()) continue;
      if (std::find(f.problems.begin(), f.problems.end(), p.id) != f.problems.end()) return true;
    }
    return false;
  };
  Emitter e(kRules[0].descriptor, view, findings);
  std::vector<std::pair<std::string, int>> covered;  // a problem may be on the best path and path-wide
  auto cover = [&](const verify::Problem& p) {
    if (!p.fatal || explained(p)) return;
    const std::pair<std::string, int> key{p.id, p.cert_index};
    if (std::find(covered.begin(), covered.end(), key) != covered.end()) return;
    covered.push_back(key);
    e.emit(Severity::kFail, problem_finding(ctx, res, p));
  };
  for (const auto& p : res.best.problems) cover(p);
  for (const auto& p : res.path_wide) cover(p);
}

std::span<const Rule> path_rules() { return kRules; }

}  // namespace uccert::rules
