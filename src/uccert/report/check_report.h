// The result of `uccert check` for one target: the evidence, the clients it was judged for and
// the judgement. Built by check_evidence() from Evidence however it was acquired (a file here, a
// live endpoint in net/), then rendered as text or JSON; renderers do no judging.
#pragma once

#include <string>
#include <vector>

#include "uccert/pki/error.h"
#include "uccert/pki/evidence.h"
#include "uccert/profiles/client_profile.h"
#include "uccert/rules/judge.h"

namespace uccert::report {

struct CheckReport {
  pki::Evidence evidence;
  std::vector<profiles::ClientProfile> profiles;  // as requested, in order
  rules::TrustInputs trust;
  rules::JudgeOptions options;
  rules::Judgement judgement;
  // Facts about how the trust inputs were obtained ("public roots: 143 from /etc/ssl/...").
  std::vector<std::string> notes;
};

// Judges `evidence` for each profile and keeps everything a renderer needs.
CheckReport check_evidence(pki::Evidence evidence, const std::vector<const profiles::ClientProfile*>& profiles,
                           rules::TrustInputs trust, const rules::JudgeOptions& options);

// The profiles to judge for: the given ids in the order given (each once), or every profile of
// `set` when `ids` is empty. An unknown id is an error naming it and the known ones.
Result<std::vector<const profiles::ClientProfile*>> select_profiles(const profiles::ProfileSet& set,
                                                                    const std::vector<std::string>& ids);

// 0 every requested profile passes, 1 the worst verdict is warn, 2 a profile fails.
int exit_code(const CheckReport& report);

}  // namespace uccert::report
