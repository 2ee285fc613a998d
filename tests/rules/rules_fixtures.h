// Shared fixtures for the rule tests: a small PKI minted with lab/mint.h at a fixed time, and
// helpers that judge one chain for some built-in client profiles and look findings up.
#pragma once

#include <string>
#include <vector>

#include "uccert/lab/mint.h"
#include "uccert/pki/evidence.h"
#include "uccert/profiles/client_profile.h"
#include "uccert/rules/judge.h"

namespace uccert::testing {

// The fixed time every fixture is judged at: 2026-06-01T00:00:00Z.
inline constexpr pki::UnixTime kAt = 1780272000;

// A root and an intermediate of one CA ("Contoso Enterprise Root CA" or a "public" one).
struct Ca {
  lab::Minted root;
  lab::Minted intermediate;
};

// `key_index` picks distinct cached keys so two CAs never share one.
Ca make_ca(const std::string& name, int key_index, bool with_aia = true);

// A server certificate spec valid around kAt (kAt - 30 days .. kAt + 365 days) with a CRL DP.
lab::CertSpec server(const std::string& cn, std::vector<std::string> dns);

// Mints `spec` under the CA's intermediate (AIA caIssuers pointing at the lab URL).
lab::Minted issue(const Ca& ca, lab::CertSpec spec, int key_index = 0);

pki::Evidence evidence(const std::vector<const lab::Minted*>& chain, const std::string& name);

// Judges with the named built-in profiles (all nine when empty) at kAt.
rules::Judgement judge_for(const pki::Evidence& ev, const std::vector<std::string>& profile_ids,
                       const rules::TrustInputs& trust = {}, rules::JudgeOptions options = {});

// The finding with this id concerning this profile ("" = any profile), or nullptr.
const rules::Finding* find(const rules::Judgement& j, const std::string& id, const std::string& profile = "");
rules::Verdict verdict(const rules::Judgement& j, const std::string& profile);

// Every finding id concerning `profile`, for failure messages.
std::string describe(const rules::Judgement& j);

}  // namespace uccert::testing
