#include "uccert/rules/trust_gap.h"

#include <algorithm>

namespace uccert::rules {

namespace {

std::vector<const std::vector<pki::CertificatePtr>*> known_pools(const RuleContext& ctx) {
  return {&ctx.evidence.chain,          &ctx.evidence.aia_fetched,  &ctx.trust.pool_chain,
          &ctx.trust.trusted_ca_certs,  &ctx.trust.enterprise_roots, &ctx.trust.mobile_roots,
          &ctx.trust.public_roots};
}

// What the run's fetches say about `top`'s caIssuers URLs: one failed (the first failure is
// named), or none was tried (offline, or evidence from elsewhere): unverified.
void aia_attempts(const evidence::Evidence& ev, const pki::Certificate& top, TrustGap& gap) {
  bool tried = false;
  for (const auto& url : top.authority_info_access.ca_issuers) {
    for (const auto& f : ev.fetches) {
      if (f.purpose != "aia" || f.url != url) continue;
      if (f.outcome == evidence::FetchOutcome::kFailed) {
        tried = true;
        if (gap.aia_failure.empty()) gap.aia_failure = f.detail;
      }
    }
  }
  gap.aia_unverified = !tried;
}

}  // namespace

TrustGap analyse_trust_gap(const RuleContext& ctx, const ProfileView& view) {
  TrustGap gap;
  const auto& chain = ctx.evidence.chain;
  if (chain.empty() || view.judgement == nullptr) return gap;
  const auto& anchors = view.judgement->anchors;
  const auto pools = known_pools(ctx);

  if (ctx.shape.issuer_missing) {
    const auto& top = *chain[ctx.shape.top];
    const bool issuer_is_anchor = std::any_of(anchors.begin(), anchors.end(), [&](const verify::TrustAnchor& a) {
      return a.certificate && pki::issued_by(top, *a.certificate);
    });
    if (!issuer_is_anchor) {
      // Only the issuers are searched here (the presented chain never holds the missing one).
      const std::vector<const std::vector<pki::CertificatePtr>*> issuers(pools.begin() + 1, pools.end());
      auto known = find_issuer(top, issuers);
      const bool intermediate = known ? !known->self_issued : !top.is_ca();
      if (intermediate) {
        gap.kind = GapKind::kIncomplete;
        gap.top_index = static_cast<int>(ctx.shape.top);
        gap.missing = known;
        gap.missing_name = top.issuer.text;
        if (!top.authority_info_access.ca_issuers.empty()) gap.aia_url = top.authority_info_access.ca_issuers.front();
        gap.fetched = known && index_in(ctx.evidence.aia_fetched, *known) >= 0;
        const bool fetches = view.profile->aia == profiles::AiaFetch::kFetch;
        if (fetches && !gap.fetched && !gap.aia_url.empty()) aia_attempts(ctx.evidence, top, gap);
        gap.severity = fetches && (gap.fetched || gap.aia_unverified) ? Severity::kWarn : Severity::kFail;
        return gap;
      }
    }
  }

  const auto& best = view.judgement->path.best;
  if (best.anchor_source.has_value()) return gap;

  const auto& last = best.certificates.empty() ? chain[ctx.shape.top] : best.certificates.back();
  if (!last) return gap;
  pki::CertificatePtr root;
  if (last->self_issued) {
    root = last;
  } else {
    auto line = issuer_line(*last, pools);
    if (!line.empty() && line.back()->self_issued) root = line.back();
  }
  // A root this client does trust, refused for another reason: the path rules report why.
  if (root && std::any_of(anchors.begin(), anchors.end(), [&](const verify::TrustAnchor& a) {
        return a.certificate && a.certificate->der_sha256 == root->der_sha256;
      }))
    return gap;
  gap.kind = GapKind::kUntrusted;
  gap.top_index = static_cast<int>(ctx.shape.top);
  gap.root = root;
  gap.root_name = root ? root->subject.text : last->issuer.text;
  gap.self_signed_leaf = chain[0]->self_issued && chain[0]->self_signed();
  return gap;
}

}  // namespace uccert::rules
