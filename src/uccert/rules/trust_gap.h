// Why a client cannot reach one of its trust anchors, if it cannot: the server did not send an
// intermediate (K-08, S-10) or the chain leads to a root this client does not trust (LPE-01,
// MOB-01/02, DR-01, UM-01). Shared by the chain, trust and path rules so each gap is reported
// once, by the rule that can name the fix.
#pragma once

#include <string>

#include "uccert/rules/rule.h"

namespace uccert::rules {

enum class GapKind { kNone, kIncomplete, kUntrusted };

struct TrustGap {
  GapKind kind = GapKind::kNone;
  // kIncomplete: fail, or warn for a client that fetches the intermediate by AIA itself (fetched
  // here, or not tried: unverified); a dead AIA URL fails for that client too.
  Severity severity = Severity::kFail;
  int top_index = 0;                // the last presented certificate of the leaf's line
  pki::CertificatePtr missing;      // kIncomplete: the missing intermediate, when known
  std::string missing_name;         // its subject (the top's issuer name)
  std::string aia_url;              // the top's AIA caIssuers URL, "" when none
  bool fetched = false;             // kIncomplete: found among the AIA-fetched certificates
  // kIncomplete, for a client that fetches: the AIA URL was tried and gave no issuer (why, one
  // line), or was not tried (--offline, nothing cached: unverified).
  std::string aia_failure;
  bool aia_unverified = false;
  pki::CertificatePtr root;         // kUntrusted: the root the chain leads to, when known
  std::string root_name;            // its subject, or the issuer name where the path stops
  bool self_signed_leaf = false;    // kUntrusted: the leaf itself is self-signed
};

TrustGap analyse_trust_gap(const RuleContext& ctx, const ProfileView& view);

}  // namespace uccert::rules
