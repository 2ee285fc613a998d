// A rule: a constant descriptor (id, title, severity, the clients it can concern, its source in
// uc-rules.md, the fix in general terms, the path-validation problems it explains) plus applies()
// and check(). Rules read Evidence and the
// per-client results of path validation and name matching; they do no I/O and no formatting
// beyond composing the message and fix strings of a finding. The judge runs every rule once per
// requested client profile and merges identical findings across profiles.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "uccert/evidence/evidence.h"
#include "uccert/profiles/client_profile.h"
#include "uccert/rules/chain_shape.h"
#include "uccert/rules/finding.h"
#include "uccert/evidence/trust_inputs.h"
#include "uccert/rules/client_result.h"

namespace uccert::rules {

// A rule's severity for one client read from a knob of its profile (e.g. wildcard_cn: W-01 is
// unsupported for Lync roles but allowed for Teams Direct Routing, W-15); nullopt = the client is
// not concerned. Rules never compare profile ids: a user-defined profile opts in by its knobs.
using ClientSeverity = std::optional<Severity> (*)(const profiles::ClientProfile&);

// Which clients the generic path.<problem id> rule leaves a rule's explained problems to.
enum class ProblemCover {
  kAlways,        // the rule reads the certificates itself and reports the problem for every client
  kTrustGapOnly,  // "no trust anchor reached": the rule reports it for a client whose trust gap it
                  // explains (trust_gap.h); for any other client path.<problem id> does
  kLeafOnly       // the rule is about the server's own certificate: it reports the problem for every
                  // client when it is on the leaf; on any other certificate path.<problem id> does
};

// The path-validation problems (verify/problem_ids.h) behind a rule's findings: they are listed in
// each finding's `problems`, and path.<problem id> does not report them again.
struct ExplainedProblems {
  std::span<const std::string_view> ids;
  ProblemCover cover = ProblemCover::kAlways;
};

struct RuleDescriptor {
  std::string_view id;        // stable finding id: "name.wildcard-only"
  std::string_view title;     // the theory in one line
  Severity severity;          // the usual severity (the worst this rule emits)
  // Which clients it can concern, for people ("clients that do not fetch AIA").
  std::string_view concerns;
  // Per-client severity from a profile knob (Emitter::emit_per_client); nullptr = `severity` for
  // every client, or decided in check().
  ClientSeverity per_client;
  std::string_view source;    // uc-rules ids and seed keys: "W-12; LPE-05; seed:PE-WILD"
  std::string_view fix;       // the fix in general terms (docs, `uccert rules`)
  ExplainedProblems explains;
  // The profile knobs whose reading decides this finding for a client (profiles::ClientProfile
  // names them in `uncertain` when that reading is a conservative guess): such a finding says so
  // and carries `uncertain`.
  std::span<const std::string_view> knobs = {};
};

// What one rule sees about one client.
struct ProfileView {
  const profiles::ClientProfile* profile = nullptr;
  const ProfileJudgement* judgement = nullptr;
};

// Everything a rule may read.
struct RuleContext {
  const evidence::Evidence& evidence;
  const evidence::TrustInputs& trust;
  const JudgeOptions& options;
  const ChainShape& shape;  // the presented chain's structure, independent of any client
  // The certificates of the autodiscover walk as each client that walks it judged them
  // (evidence.endpoint->hops); empty when there are none or no such client was asked.
  std::span<const HopJudgement> hops = {};
  // Every client's judgement so far (its path, on_path), for rules that look across clients;
  // null outside the judge.
  const std::vector<ProfileJudgement>* judged = nullptr;
};

// Collects the findings of one rule for one client; the judge merges them across clients.
class Emitter {
 public:
  Emitter(const RuleDescriptor& rule, const ProfileView& view, Findings& out)
      : rule_(rule), view_(view), out_(out) {}

  // Adds a finding concerning this client with the given severity; id, title and source come
  // from the descriptor unless set in `f`.
  void emit(Severity severity, Finding f);
  // Adds a finding with this client's severity from the descriptor's per_client knob (nothing
  // when the client is not concerned).
  void emit_per_client(Finding f);
  // The descriptor's severity for this client (nullopt: not concerned).
  std::optional<Severity> client_severity() const;

  const RuleDescriptor& rule() const { return rule_; }

 private:
  // A warning or failure drawn from a knob this client's profile calls a conservative reading:
  // it says so and carries `uncertain` (a finding a rule marked itself is left as it is).
  void mark_uncertain(Finding& f) const;

  const RuleDescriptor& rule_;
  const ProfileView& view_;
  Findings& out_;
};

struct Rule {
  RuleDescriptor descriptor;
  // Whether the rule can say anything about this evidence at all (not-applicable is recorded
  // apart from pass). nullptr = always.
  bool (*applies)(const RuleContext&) = nullptr;
  void (*check)(const RuleContext&, const ProfileView&, Emitter&) = nullptr;
};

// The certificates this client validates: its best path (the leaf, the intermediates it chose,
// presented or found elsewhere, its trust anchor), each once. The int is the index in the
// presented chain, or -1. A presented certificate the client does not build through (an expired
// cross-signed root, a stale copy of an intermediate) is not among them: rules about a
// certificate's own properties judge only these, and chain.extra-certificate names the rest
// (off_path_certificates). Without a path (no judgement) it is the leaf's line as presented.
std::vector<std::pair<pki::CertificatePtr, int>> certificates_on_path(const RuleContext& ctx,
                                                                      const ProfileView& view);

// The indices of presented certificates other than the leaf that are not on this client's best
// path, in the order sent, each certificate once (a byte-identical duplicate is not listed again).
std::vector<std::size_t> off_path_certificates(const RuleContext& ctx, const ProfileView& view);

// Whether a specific rule turns this problem id (verify/) into findings itself for every client
// (ProblemCover::kAlways); the generic path.<problem id> rule skips it so nothing is reported twice.
bool problem_claimed(std::string_view problem_id);

// One source of truth for validity: every fatal problem on the client's path (its best path and
// the path-wide ones) must be explained by a finding for that client of severity warn or worse
// (listing the problem id in `problems`), or the client could pass with an invalid path. For each
// one that is not, appends the path.<problem id> failure to `findings` (which holds every finding
// so far, for all clients). The judge calls it after every rule has run.
void add_unexplained_fatal_problems(const RuleContext& ctx, const ProfileView& view, Findings& findings);

}  // namespace uccert::rules
