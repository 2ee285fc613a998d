// The judge: evaluates Evidence once per client profile and turns validation problems and UC
// rules into findings and a verdict per profile (the worst severity concerning it).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "uccert/names/match.h"
#include "uccert/pki/evidence.h"
#include "uccert/profiles/client_profile.h"
#include "uccert/rules/finding.h"
#include "uccert/verify/verify.h"

namespace uccert::rules {

// The certificates each trust source holds (profiles name which sources they trust).
struct TrustInputs {
  std::vector<pki::CertificatePtr> public_roots;
  std::vector<pki::CertificatePtr> enterprise_roots;
  // The Lync pool certificate chain (--pool-cert); its issuing CA (and that CA's root) is what
  // Lync Phone Edition trusts (LPE-01). Empty: the target itself is taken to be the pool cert.
  std::vector<pki::CertificatePtr> pool_chain;
  std::vector<pki::CertificatePtr> trusted_ca_certs;
  std::vector<pki::CertificatePtr> mobile_roots;
};

struct JudgeOptions {
  pki::UnixTime at = 0;        // validation time (required; the CLI passes now or --at)
  // Expiring within these many days: warn, then fail (as monitoring plugins' "-C 30,14").
  int expiry_warn_days = 30;
  int expiry_fail_days = 14;
  // The run's certificate pool: path validation checks each (subject, issuer) signature once
  // across profiles and targets. nullptr: each profile's validation checks afresh.
  pki::CertificatePool* pool = nullptr;
};

struct ProfileJudgement {
  std::string profile_id;
  Verdict verdict = Verdict::kPass;
  verify::Result path;
  names::NameMatch name;
  bool name_checked = false;                 // false when no dialled name was given
  std::vector<verify::TrustAnchor> anchors;  // the trust set this client used
  // The CA that issued the pool certificate was taken from the target itself (no --pool-cert).
  bool pool_issuer_assumed = false;
  // The pool certificate's issuer name when that CA was found in none of the certificates given.
  std::string pool_issuer_missing;
};

struct Judgement {
  std::vector<ProfileJudgement> profiles;  // in the order requested
  Findings findings;                       // merged across profiles: one finding, many profile ids
  std::vector<std::string> not_applicable; // rule ids that did not apply to this evidence
  Verdict worst() const;
  const ProfileJudgement* find(std::string_view profile_id) const;
};

Judgement judge(const pki::Evidence& evidence, const std::vector<const profiles::ClientProfile*>& profiles,
                const TrustInputs& trust, const JudgeOptions& options);

// Exit code per the monitoring-plugin convention: 0 pass, 1 warn, 2 fail (3 = not evaluated,
// decided by the caller).
int exit_code(const Judgement& j);

}  // namespace uccert::rules
