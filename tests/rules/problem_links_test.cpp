// The links between findings and path-validation problems are fields of the rule descriptors
// (RuleDescriptor::explains): every problem id they name exists, and every problem that can
// invalidate a path reaches the report as a failure, from a specific rule or from the generic
// path.<problem id> rule, never from both.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "uccert/evidence/evidence.h"
#include "uccert/evidence/trust_inputs.h"
#include "uccert/rules/chain_shape.h"
#include "uccert/rules/registry.h"
#include "uccert/verify/problem_ids.h"
#include "verify/problems_doc.h"

namespace uccert::rules {
namespace {

bool names(std::span<const std::string_view> ids, std::string_view id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

TEST(ProblemLinks, EveryExplainedIdIsAProblemId) {
  const auto all = verify::problem::all_problem_ids();
  const std::set<std::string_view> known(all.begin(), all.end());
  std::size_t links = 0;
  for (const auto* r : all_rules())
    for (auto id : r->descriptor.explains.ids) {
      ++links;
      EXPECT_TRUE(known.contains(id)) << r->descriptor.id << " explains " << id << ", which is no problem id";
    }
  EXPECT_GE(links, 20U) << "the finding -> problem links were lost";
}

// What the generic rule reports for one client (lync-desktop) whose best path holds only
// `problem`, on the certificate at `cert_index` (0: the leaf), with nothing presented: no trust
// gap is explained.
Findings path_rule_findings(std::string_view problem, int cert_index = 0) {
  const Rule* path = find_rule("path.<problem id>");
  EXPECT_NE(path, nullptr);
  if (path == nullptr) return {};
  const evidence::Evidence ev;
  const evidence::TrustInputs trust;
  const JudgeOptions options;
  const ChainShape shape = analyse_chain(ev.chain);
  const RuleContext ctx{ev, trust, options, shape};
  const auto* profile = profiles::builtin_profiles().find("lync-desktop");
  ProfileJudgement pj;
  pj.profile_id = profile->id;
  pj.path.best.problems = {{std::string(problem), cert_index, "a problem", {}, true}};
  const ProfileView view{profile, &pj};
  Findings out;
  Emitter emitter(path->descriptor, view, out);
  path->check(ctx, view, emitter);
  return out;
}

TEST(ProblemLinks, EveryFatalProblemIsExplainedOrReportedGenerically) {
  const auto documented = testing::documented_problems();
  ASSERT_FALSE(documented.empty());
  for (auto id : verify::problem::all_problem_ids()) {
    SCOPED_TRACE(std::string(id));
    std::vector<const RuleDescriptor*> always;  // rules that report it themselves for every client
    std::vector<const RuleDescriptor*> on_leaf;  // rules that report it for every client on the leaf
    for (const auto* r : all_rules()) {
      if (!names(r->descriptor.explains.ids, id)) continue;
      if (r->descriptor.explains.cover == ProblemCover::kAlways) always.push_back(&r->descriptor);
      if (r->descriptor.explains.cover == ProblemCover::kLeafOnly) on_leaf.push_back(&r->descriptor);
    }
    EXPECT_EQ(problem_claimed(id), !always.empty());
    const Findings found = path_rule_findings(id);
    if (always.empty() && !on_leaf.empty()) {
      EXPECT_TRUE(found.empty()) << "reported twice on the leaf: by path.<problem id> and by " << on_leaf.front()->id;
      const Findings above = path_rule_findings(id, 1);
      ASSERT_EQ(above.size(), 1U) << "off the leaf no specific rule reports it, so path.<problem id> must";
      EXPECT_EQ(above[0].id, "path." + std::string(id));
      EXPECT_EQ(above[0].severity, Severity::kFail);
      for (const auto* d : on_leaf) EXPECT_EQ(d->severity, Severity::kFail) << d->id << " explains a fatal problem";
      continue;
    }
    if (always.empty()) {
      ASSERT_EQ(found.size(), 1U) << "no specific rule reports it, so path.<problem id> must";
      EXPECT_EQ(found[0].id, "path." + std::string(id));
      EXPECT_EQ(found[0].severity, Severity::kFail);
      EXPECT_EQ(found[0].problems, std::vector<std::string>{std::string(id)});
      continue;
    }
    EXPECT_TRUE(found.empty()) << "reported twice: by path.<problem id> and by " << always.front()->id;
    // A problem that can invalidate the path must be able to fail the client.
    const auto doc = documented.find(std::string(id));
    ASSERT_NE(doc, documented.end());
    if (testing::documented_as_note(doc->second)) continue;
    for (const auto* d : always) EXPECT_EQ(d->severity, Severity::kFail) << d->id << " explains a fatal problem";
  }
}

// chain.incomplete and trust.* explain "no trust anchor reached" only for a client whose trust
// gap they explain; for any other client the generic rule reports those problems.
TEST(ProblemLinks, TrustGapProblemsAreLeftToThePathRuleWithoutAGap) {
  std::size_t n = 0;
  for (const auto* r : all_rules()) {
    if (r->descriptor.explains.cover != ProblemCover::kTrustGapOnly) continue;
    EXPECT_EQ(r->descriptor.severity, Severity::kFail) << r->descriptor.id;
    for (auto id : r->descriptor.explains.ids) {
      ++n;
      EXPECT_EQ(path_rule_findings(id).size(), 1U) << r->descriptor.id << " / " << id;
    }
  }
  EXPECT_GT(n, 0U);
}

}  // namespace
}  // namespace uccert::rules
