// The result of `uccert check` for one target: the evidence, the clients it was judged for and
// the judgement. Built by run/ from Evidence however it was acquired (a file or a live endpoint),
// then rendered; renderers do no judging.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "uccert/evidence/evidence.h"
#include "uccert/evidence/trust_inputs.h"
#include "uccert/judge/judge.h"
#include "uccert/profiles/client_profile.h"
#include "uccert/rules/client_result.h"

namespace uccert::report {

struct CheckReport {
  evidence::Evidence evidence;
  std::vector<profiles::ClientProfile> profiles;  // as requested, in order
  evidence::TrustInputs trust;
  rules::JudgeOptions options;
  judge::Judgement judgement;
  // Facts about how the trust inputs were obtained ("public roots: 143 from /etc/ssl/...").
  std::vector<std::string> notes;
  // A live endpoint: how long its probe took (connect, handshake, protocol), for the monitoring
  // formats (nagios perfdata, prometheus).
  std::optional<double> probe_seconds;
};

}  // namespace uccert::report
