#include "uccert/judge/judge.h"

#include <algorithm>
#include <string>
#include <unordered_set>
#include <tuple>
#include <utility>

#include "uccert/names/reference_host.h"
#include "uccert/profiles/roles.h"
#include "uccert/rules/chain_shape.h"
#include "uccert/rules/registry.h"
#include "uccert/rules/rule.h"

namespace uccert::judge {

using evidence::Evidence;
using evidence::TrustInputs;
using rules::Finding;
using rules::Findings;
using rules::JudgeOptions;
using rules::ProfileJudgement;
using rules::Verdict;

namespace {

using profiles::TrustSource;

void add_anchors(std::vector<verify::TrustAnchor>& anchors, const std::vector<pki::CertificatePtr>& certs,
                 TrustSource source) {
  for (const auto& c : certs)
    if (c) anchors.push_back({c, std::string(profiles::to_string(source))});
}

// LPE-01: phones trust the CA that issued the pool certificate, and that CA's own issuers up to
// its root. Without --pool-cert the target is taken to be the pool certificate; but no Lync pool
// runs on a self-signed certificate (UM-01, G-11), so that assumption never makes a self-signed
// target trusted: Exchange's default self-signed certificate fails for phones as for every client.
// A self-issued pool certificate given explicitly with --pool-cert is the administrator's word.
void add_pool_issuer(ProfileJudgement& pj, std::vector<verify::TrustAnchor>& anchors, const Evidence& ev,
                     const TrustInputs& trust) {
  pj.pool_issuer_assumed = trust.pool_chain.empty();
  const auto& pool = trust.pool_chain.empty() ? ev.chain : trust.pool_chain;
  if (pool.empty() || !pool.front()) return;
  const auto& pool_leaf = pool.front();
  const std::string source(profiles::to_string(TrustSource::kPoolIssuer));
  if (pool_leaf->self_issued) {
    if (!pj.pool_issuer_assumed) anchors.push_back({pool_leaf, source});
    return;
  }
  // The pool's own chain first, then anything else the administrator gave.
  const std::vector<const std::vector<pki::CertificatePtr>*> pools{
      &pool, &trust.enterprise_roots, &trust.trusted_ca_certs, &trust.public_roots, &trust.mobile_roots,
      &ev.aia_fetched};
  auto line = rules::issuer_line(*pool_leaf, pools);
  if (line.empty()) pj.pool_issuer_missing = pool_leaf->issuer.text;
  for (const auto& c : line) anchors.push_back({c, source});
}

void add_source(ProfileJudgement& pj, std::vector<verify::TrustAnchor>& anchors, TrustSource s,
                const Evidence& ev, const TrustInputs& trust) {
  switch (s) {
    case TrustSource::kPublicRoots: add_anchors(anchors, trust.public_roots, s); break;
    case TrustSource::kEnterpriseRoots: add_anchors(anchors, trust.enterprise_roots, s); break;
    case TrustSource::kPoolIssuer: add_pool_issuer(pj, anchors, ev, trust); break;
    case TrustSource::kTrustedCaCerts: add_anchors(anchors, trust.trusted_ca_certs, s); break;
    case TrustSource::kMobileRoots: add_anchors(anchors, trust.mobile_roots, s); break;
  }
}

// EDGE-04: the dialled name is one its role carries by habit but no client validates (the A/V
// Edge FQDN): it is not name-checked (role.optional-name says whether it is there).
bool never_checked(const Evidence& ev, const JudgeOptions& options) {
  if (!options.role) return false;
  const std::string dialled = names::normalise_host(ev.dialled_name);
  return std::any_of(options.role_names.begin(), options.role_names.end(), [&](const profiles::RequiredName& n) {
    return n.need == profiles::Need::kNeverChecked && n.name == dialled;
  });
}

ProfileJudgement evaluate(const Evidence& ev, const profiles::ClientProfile& profile, const TrustInputs& trust,
                          const JudgeOptions& options) {
  ProfileJudgement pj;
  pj.profile_id = profile.id;
  std::vector<verify::TrustAnchor> anchors;
  for (auto s : profile.trust) add_source(pj, anchors, s, ev, trust);
  for (auto s : profile.trust_warn) add_source(pj, anchors, s, ev, trust);
  // Each certificate once (the first source that holds it names it).
  std::vector<verify::TrustAnchor> unique;
  std::unordered_set<std::string> seen;
  for (auto& a : anchors) {
    const auto& d = a.certificate->der_sha256;
    if (seen.insert(std::string(d.begin(), d.end())).second) unique.push_back(std::move(a));
  }
  pj.anchors = std::move(unique);

  verify::Input input;
  input.presented = ev.chain;
  if (profile.aia == profiles::AiaFetch::kFetch) input.extra_intermediates = ev.aia_fetched;
  input.anchors = pj.anchors;
  input.crls = ev.crls;
  input.ocsp = ev.ocsp_responses;
  input.pool = options.pool;
  pj.path = verify::verify(input, profiles::chain_options(profile, options.at));

  if (!ev.chain.empty() && ev.chain.front() && !ev.dialled_name.empty() && !never_checked(ev, options)) {
    pj.name = names::match(ev.dialled_name, *ev.chain.front(), profile.name_policy);
    pj.name_checked = true;
  }
  return pj;
}

// Lists in a finding the path-validation problems behind it, those its rule's descriptor explains
// (rules read the certificates themselves; this names the problem ids so a reader can follow both).
void attach_problems(Finding& f, const rules::RuleDescriptor& rule, const ProfileJudgement& pj, const Evidence& ev) {
  if (!f.problems.empty()) return;
  const auto& best = pj.path.best;
  const auto& explained = rule.explains.ids;
  auto consider = [&](const verify::Problem& p) {
    if (std::find(explained.begin(), explained.end(), p.id) == explained.end()) return;
    // Same certificate when both name one (a problem on an anchor or intermediate not presented
    // has no presented index; the finding then names -1 too).
    if (f.cert_index >= 0 && p.cert_index >= 0 && static_cast<std::size_t>(p.cert_index) < best.certificates.size()) {
      const auto& c = best.certificates[static_cast<std::size_t>(p.cert_index)];
      if (c && rules::index_in(ev.chain, *c) != f.cert_index && !p.id.starts_with("chain.")) return;
    }
    if (std::find(f.problems.begin(), f.problems.end(), p.id) == f.problems.end()) f.problems.push_back(p.id);
  };
  for (const auto& p : best.problems) consider(p);
  for (const auto& p : pj.path.path_wide) consider(p);
}

auto merge_key(const Finding& f) { return std::tie(f.id, f.severity, f.cert_index, f.message, f.fix); }

}  // namespace

// The certificates of the autodiscover walk (redirect targets, linked web services URLs), each
// judged as a target of its own for its URL's host by the clients that walk autodiscover
// (profile knob walks_autodiscover), with the revocation data acquire/ fetched for it. The role
// of the target does not carry over: a hop is another server.
std::vector<rules::HopJudgement> judge_hops(const Evidence& evidence,
                                            const std::vector<const profiles::ClientProfile*>& profiles,
                                            const TrustInputs& trust, const JudgeOptions& options) {
  std::vector<rules::HopJudgement> out;
  if (!evidence.endpoint || evidence.endpoint->hops.empty()) return out;
  std::vector<const profiles::ClientProfile*> walkers;
  for (const auto* p : profiles)
    if (p != nullptr && p->walks_autodiscover) walkers.push_back(p);
  if (walkers.empty()) return out;
  JudgeOptions hop_options = options;
  hop_options.role.reset();
  hop_options.role_names.clear();
  const auto& hops = evidence.endpoint->hops;
  for (std::size_t i = 0; i < hops.size(); ++i) {
    if (hops[i].chain.empty()) continue;
    Evidence hop;
    hop.target = hops[i].url;
    hop.dialled_name = hops[i].host;
    hop.chain = hops[i].chain;
    hop.crls = hops[i].crls;
    hop.ocsp_responses = hops[i].ocsp_responses;
    hop.observed_at = evidence.observed_at;
    hop.fetch_mode = evidence.fetch_mode;
    const Judgement j = judge(hop, walkers, trust, hop_options);
    for (const auto& pj : j.profiles) {
      rules::HopJudgement h;
      h.hop = i;
      h.profile_id = pj.profile_id;
      h.verdict = pj.verdict;
      for (const auto& f : j.findings)
        if (f.severity != rules::Severity::kInfo &&
            std::find(f.profiles.begin(), f.profiles.end(), pj.profile_id) != f.profiles.end())
          h.findings.emplace_back(f.id, f.title);
      out.push_back(std::move(h));
    }
  }
  return out;
}

Verdict Judgement::worst() const {
  Verdict w = Verdict::kPass;
  for (const auto& p : profiles) w = std::max(w, p.verdict);
  return w;
}

const ProfileJudgement* Judgement::find(std::string_view profile_id) const {
  for (const auto& p : profiles)
    if (p.profile_id == profile_id) return &p;
  return nullptr;
}

Judgement judge(const Evidence& evidence, const std::vector<const profiles::ClientProfile*>& profiles,
                const TrustInputs& trust, const JudgeOptions& options) {
  Judgement j;
  // With a known role, each client reads the names as it does for that role (profiles::as_peer_of).
  std::vector<profiles::ClientProfile> as_peers;
  as_peers.reserve(profiles.size());
  std::vector<const profiles::ClientProfile*> requested;
  for (const auto* p : profiles) {
    if (p == nullptr) continue;
    if (options.role) {
      as_peers.push_back(profiles::as_peer_of(*p, *options.role));
      requested.push_back(&as_peers.back());
    } else {
      requested.push_back(p);
    }
  }
  for (const auto* p : requested) j.profiles.push_back(evaluate(evidence, *p, trust, options));

  const rules::ChainShape shape = rules::analyse_chain(evidence.chain);
  const auto hops = judge_hops(evidence, requested, trust, options);
  const rules::RuleContext ctx{evidence, trust, options, shape, hops};

  // Run every rule for every client, then merge identical findings across clients.
  Findings raw;
  std::vector<std::size_t> rule_rank;
  const auto& registered = rules::all_rules();
  for (std::size_t r = 0; r < registered.size(); ++r) {
    const rules::Rule& rule = *registered[r];
    if (rule.applies != nullptr && !rule.applies(ctx)) {
      j.not_applicable.emplace_back(rule.descriptor.id);
      continue;
    }
    for (std::size_t i = 0; i < requested.size(); ++i) {
      const rules::ProfileView view{requested[i], &j.profiles[i]};
      rules::Emitter emitter(rule.descriptor, view, raw);
      const std::size_t first = raw.size();
      rule.check(ctx, view, emitter);
      for (std::size_t k = first; k < raw.size(); ++k)
        attach_problems(raw[k], rule.descriptor, j.profiles[i], evidence);
      rule_rank.resize(raw.size(), r);
    }
  }
  // The verdict and the path's validity come from the same facts: a fatal problem no rule turned
  // into a warning or failure for a client fails that client as path.<problem id>.
  for (std::size_t i = 0; i < requested.size(); ++i) {
    const rules::ProfileView view{requested[i], &j.profiles[i]};
    rules::add_unexplained_fatal_problems(ctx, view, raw);
    rule_rank.resize(raw.size(), registered.size());
  }

  Findings merged;
  std::vector<std::size_t> merged_rank;
  for (std::size_t k = 0; k < raw.size(); ++k) {
    auto& f = raw[k];
    auto it = std::find_if(merged.begin(), merged.end(),
                           [&](const Finding& m) { return merge_key(m) == merge_key(f); });
    if (it == merged.end()) {
      merged.push_back(std::move(f));
      merged_rank.push_back(rule_rank[k]);
      continue;
    }
    for (auto& p : f.profiles)
      if (std::find(it->profiles.begin(), it->profiles.end(), p) == it->profiles.end()) it->profiles.push_back(p);
    for (auto& p : f.problems)
      if (std::find(it->problems.begin(), it->problems.end(), p) == it->problems.end()) it->problems.push_back(p);
  }
  // Worst first; within a severity, in registry order, then in the order found.
  std::vector<std::size_t> order(merged.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (merged[a].severity != merged[b].severity) return merged[a].severity > merged[b].severity;
    return merged_rank[a] < merged_rank[b];
  });
  for (std::size_t k : order) j.findings.push_back(std::move(merged[k]));

  for (auto& pj : j.profiles)
    for (const auto& f : j.findings)
      if (std::find(f.profiles.begin(), f.profiles.end(), pj.profile_id) != f.profiles.end())
        pj.verdict = std::max(pj.verdict, rules::verdict_of(f.severity));
  return j;
}

}  // namespace uccert::judge
