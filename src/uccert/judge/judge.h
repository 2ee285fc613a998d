// The judge: one pure function of evidence, client profiles, trust inputs and options. For each
// client it builds the client's trust set and best path and matches the dialled name; then it
// runs every registered rule once per client and merges identical findings across clients; a
// client's verdict is the worst severity of the findings that concern it.
#pragma once

#include <string_view>
#include <vector>

#include "uccert/evidence/evidence.h"
#include "uccert/evidence/trust_inputs.h"
#include "uccert/profiles/client_profile.h"
#include "uccert/rules/client_result.h"
#include "uccert/rules/finding.h"

namespace uccert::judge {

struct Judgement {
  std::vector<rules::ProfileJudgement> profiles;  // in the order requested
  rules::Findings findings;                       // merged across profiles: one finding, many profile ids
  std::vector<std::string> not_applicable;        // rule ids that did not apply to this evidence
  rules::Verdict worst() const;
  const rules::ProfileJudgement* find(std::string_view profile_id) const;
};

// The certificates of the autodiscover walk (evidence.endpoint->hops) as each requested client
// whose profile walks autodiscover judges them; judge() hands them to the rules.
std::vector<rules::HopJudgement> judge_hops(const evidence::Evidence& evidence,
                                            const std::vector<const profiles::ClientProfile*>& profiles,
                                            const evidence::TrustInputs& trust, const rules::JudgeOptions& options);

Judgement judge(const evidence::Evidence& evidence, const std::vector<const profiles::ClientProfile*>& profiles,
                const evidence::TrustInputs& trust, const rules::JudgeOptions& options);

}  // namespace uccert::judge
