// What the judge worked out for one client before any rule runs: the client's best path through
// its own trust set, and how the dialled name matched the leaf under its name policy. Rules read
// it (rules/rule.h ProfileView); judge/ fills it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "uccert/names/match.h"
#include "uccert/pki/certificate.h"
#include "uccert/pki/certificate_pool.h"
#include "uccert/profiles/roles.h"
#include "uccert/rules/finding.h"
#include "uccert/verify/verify.h"

namespace uccert::rules {

struct JudgeOptions {
  pki::UnixTime at = 0;        // validation time (required; the CLI passes now or --at)
  // Expiring within these many days: warn, then fail (as monitoring plugins' "-C 30,14").
  int expiry_warn_days = 30;
  int expiry_fail_days = 14;
  // The run's certificate pool: path validation checks each (subject, issuer) signature once
  // across profiles and targets. nullptr: each profile's validation checks afresh.
  pki::CertificatePool* pool = nullptr;
  // The run's memo of indexed trust sets (the targets of a scan share them). nullptr: each
  // judgement indexes its clients' trust sets afresh.
  verify::AnchorSetCache* anchor_sets = nullptr;
  // The server role the certificate serves (check --role, audit): its rules (role_rules.cpp),
  // name reading (EDGE-07) and fix commands. nullopt: not known, fixes cover each possible role.
  std::optional<profiles::Role> role;
  // The names that role must carry (profiles::required_names); the dialled name is among them.
  std::vector<profiles::RequiredName> role_names;
};

struct ProfileJudgement {
  std::string profile_id;
  Verdict verdict = Verdict::kPass;
  verify::Result path;
  names::NameMatch name;
  bool name_checked = false;                 // false when no dialled name was given
  // The trust set this client used: shared with every client that trusts the same sources.
  verify::AnchorSet anchors;
  // The CA that issued the pool certificate was taken from the target itself (no --pool-cert).
  bool pool_issuer_assumed = false;
  // The pool certificate's issuer name when that CA was found in none of the certificates given.
  std::string pool_issuer_missing;
  // The certificates on the best path, each once, with its index in the presented chain or -1
  // (rules::certificates_on_path): worked out once by the judge for the rules that read it.
  std::optional<std::vector<std::pair<pki::CertificatePtr, int>>> on_path;
};

// What one client's validation of one certificate of the autodiscover walk came to (a redirect
// target or a linked web services URL: evidence::HopCertificate). judge/ fills it by judging the
// hop's chain for the hop's host exactly as it judges a target, for the clients whose profile
// walks autodiscover; rules/hop_rules.cpp turns it into findings on the target.
struct HopJudgement {
  std::size_t hop = 0;  // index in the endpoint's hops
  std::string profile_id;
  Verdict verdict = Verdict::kPass;
  // The hop's own findings that concern this client at warn or fail: id and title, worst first.
  std::vector<std::pair<std::string, std::string>> findings;
};

}  // namespace uccert::rules
