#include "uccert/judge/judge.h"

#include <algorithm>
#include <deque>
#include <string>
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
  const std::string name(profiles::to_string(source));
  for (const auto& c : certs)
    if (c) anchors.push_back({c, name});
}

// One client's trust set and what building it found out about the pool issuer. It depends only on
// the sources the client trusts (in order), the trust inputs and the evidence, so the clients of
// one judgement that trust the same sources share one.
struct TrustSet {
  std::vector<TrustSource> sources;  // profile.trust then profile.trust_warn, as given
  verify::AnchorSet anchors;
  bool pool_issuer_assumed = false;
  std::string pool_issuer_missing;
};

// LPE-01: phones trust the CA that issued the pool certificate, and that CA's own issuers up to
// its root. Without --pool-cert the target is taken to be the pool certificate; but no Lync pool
// runs on a self-signed certificate (UM-01, G-11), so that assumption never makes a self-signed
// target trusted: Exchange's default self-signed certificate fails for phones as for every client.
// A self-issued pool certificate given explicitly with --pool-cert is the administrator's word.
void add_pool_issuer(TrustSet& set, std::vector<verify::TrustAnchor>& anchors, const Evidence& ev,
                     const TrustInputs& trust) {
  set.pool_issuer_assumed = trust.pool_chain.empty();
  const auto& pool = trust.pool_chain.empty() ? ev.chain : trust.pool_chain;
  if (pool.empty() || !pool.front()) return;
  const auto& pool_leaf = pool.front();
  const std::string source(profiles::to_string(TrustSource::kPoolIssuer));
  if (pool_leaf->self_issued) {
    if (!set.pool_issuer_assumed) anchors.push_back({pool_leaf, source});
    return;
  }
  // The pool's own chain first, then anything else the administrator gave.
  const std::vector<const std::vector<pki::CertificatePtr>*> pools{
      &pool, &trust.enterprise_roots, &trust.trusted_ca_certs, &trust.public_roots, &trust.mobile_roots,
      &ev.aia_fetched};
  auto line = rules::issuer_line(*pool_leaf, pools);
  if (line.empty()) set.pool_issuer_missing = pool_leaf->issuer.text;
  for (const auto& c : line) anchors.push_back({c, source});
}

void add_source(TrustSet& set, std::vector<verify::TrustAnchor>& anchors, TrustSource s, const Evidence& ev,
                const TrustInputs& trust) {
  switch (s) {
    case TrustSource::kPublicRoots: add_anchors(anchors, trust.public_roots, s); break;
    case TrustSource::kEnterpriseRoots: add_anchors(anchors, trust.enterprise_roots, s); break;
    case TrustSource::kPoolIssuer: add_pool_issuer(set, anchors, ev, trust); break;
    case TrustSource::kTrustedCaCerts: add_anchors(anchors, trust.trusted_ca_certs, s); break;
    case TrustSource::kMobileRoots: add_anchors(anchors, trust.mobile_roots, s); break;
  }
}

// The trust set of a client trusting `sources`: each certificate once, the first source that
// holds it naming it.
TrustSet make_trust_set(std::vector<TrustSource> sources, const Evidence& ev, const TrustInputs& trust,
                        verify::AnchorSetCache* cache) {
  TrustSet set;
  set.sources = std::move(sources);
  std::vector<verify::TrustAnchor> anchors;
  for (auto s : set.sources) add_source(set, anchors, s, ev, trust);
  set.anchors = cache != nullptr ? cache->get(anchors) : verify::AnchorSet(anchors);
  return set;
}

// What the clients of one judgement share: trust sets by the sources trusted, name matches by name
// policy (nine clients hold a handful of each).
class Shared {
 public:
  Shared(const Evidence& ev, const TrustInputs& trust, verify::AnchorSetCache* cache)
      : ev_(ev), trust_(trust), cache_(cache) {}

  const TrustSet& trust_set(const profiles::ClientProfile& profile) {
    std::vector<TrustSource> sources(profile.trust.begin(), profile.trust.end());
    sources.insert(sources.end(), profile.trust_warn.begin(), profile.trust_warn.end());
    for (const auto& set : trust_sets_)
      if (set.sources == sources) return set;
    trust_sets_.push_back(make_trust_set(std::move(sources), ev_, trust_, cache_));
    return trust_sets_.back();
  }

  const names::NameMatch& name_match(const names::NamePolicy& policy) {
    for (const auto& [p, m] : name_matches_)
      if (p.wildcards == policy.wildcards && p.common_name == policy.common_name) return m;
    name_matches_.emplace_back(policy, names::match(ev_.dialled_name, *ev_.chain.front(), policy));
    return name_matches_.back().second;
  }

 private:
  const Evidence& ev_;
  const TrustInputs& trust_;
  verify::AnchorSetCache* cache_;
  std::deque<TrustSet> trust_sets_;  // a deque: references handed out stay valid
  std::deque<std::pair<names::NamePolicy, names::NameMatch>> name_matches_;
};

// EDGE-04: the dialled name is one its role carries by habit but no client validates (the A/V
// Edge FQDN): it is not name-checked (role.optional-name says whether it is there).
bool never_checked(const Evidence& ev, const JudgeOptions& options) {
  if (!options.role) return false;
  const std::string dialled = names::normalise_host(ev.dialled_name);
  return std::any_of(options.role_names.begin(), options.role_names.end(), [&](const profiles::RequiredName& n) {
    return n.need == profiles::Need::kNeverChecked && n.name == dialled;
  });
}

ProfileJudgement evaluate(const Evidence& ev, const profiles::ClientProfile& profile, Shared& shared,
                          const JudgeOptions& options) {
  ProfileJudgement pj;
  pj.profile_id = profile.id;
  const TrustSet& set = shared.trust_set(profile);
  pj.anchors = set.anchors;
  pj.pool_issuer_assumed = set.pool_issuer_assumed;
  pj.pool_issuer_missing = set.pool_issuer_missing;

  verify::Input input;
  input.presented = ev.chain;
  if (profile.aia == profiles::AiaFetch::kFetch) input.extra_intermediates = ev.aia_fetched;
  input.anchor_set = pj.anchors;
  input.crls = ev.crls;
  input.ocsp = ev.ocsp_responses;
  input.pool = options.pool;
  pj.path = verify::verify(input, profiles::chain_options(profile, options.at));

  if (!ev.chain.empty() && ev.chain.front() && !ev.dialled_name.empty() && !never_checked(ev, options)) {
    pj.name = shared.name_match(profile.name_policy);
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
  Shared shared(evidence, trust, options.anchor_sets);
  j.profiles.reserve(requested.size());
  for (const auto* p : requested) j.profiles.push_back(evaluate(evidence, *p, shared, options));

  const rules::ChainShape shape = rules::analyse_chain(evidence.chain);
  const auto hops = judge_hops(evidence, requested, trust, options);
  const rules::RuleContext ctx{evidence, trust, options, shape, hops, &j.profiles};
  // Many rules read each client's path certificates: worked out once per client.
  for (std::size_t i = 0; i < requested.size(); ++i)
    j.profiles[i].on_path = rules::certificates_on_path(ctx, {requested[i], &j.profiles[i]});

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
