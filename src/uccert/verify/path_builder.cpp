#include "uccert/verify/path_builder.h"

#include <algorithm>

namespace uccert::verify {

namespace {

constexpr int kDefaultMaxIntermediates = 16;
constexpr std::size_t kHardMaxLength = 40;  // self-issued links do not count towards the depth; this caps them too

std::string_view der_key(const pki::Certificate& c) {
  return {reinterpret_cast<const char*>(c.der_sha256.data()), c.der_sha256.size()};
}

// Loops are cut on subject + SPKI (rustls-webpki): a cross-sign re-issues the same CA, so a
// second certificate for the same name and key can add nothing a path does not already have.
bool same_identity(const pki::Certificate& a, const pki::Certificate& b) {
  return &a == &b || (a.subject.canonical == b.subject.canonical && a.public_key.spki == b.public_key.spki);
}

}  // namespace

PathBuilder::PathBuilder(const Input& input, const Options& options, Budget& budget, SignatureChecker& sigs)
    : options_(options),
      budget_(budget),
      sigs_(sigs),
      anchors_(input.anchor_set ? *input.anchor_set : AnchorSet(input.anchors)) {
  if (!input.presented.empty()) leaf_ = input.presented.front();
  if (leaf_) {
    // The leaf itself may be a trust anchor (a self-signed certificate the client trusts).
    if (auto i = anchors_.find(leaf_->der_sha256)) leaf_anchor_source_ = anchors_[*i].source;
    seen_der_.insert(der_key(*leaf_));
  }
  for (std::size_t i = 1; i < input.presented.size(); ++i)
    if (input.presented[i]) add_node(input.presented[i], "presented");
  for (const auto& c : input.extra_intermediates)
    if (c) add_node(c, "extra");
}

void PathBuilder::add_node(const pki::CertificatePtr& cert, const char* origin) {
  // Duplicates (the same DER sent twice, an anchor also sent by the server) are one node; the
  // first seen wins, and anchors come first.
  if (anchors_.find(cert->der_sha256)) return;
  if (!seen_der_.insert(der_key(*cert)).second) return;
  nodes_.push_back({cert, origin, nodes_.size()});
}

bool PathBuilder::build(const std::function<Visit(const BuiltPath&)>& visit) {
  if (!leaf_) return true;
  BuiltPath path;
  path.certificates.push_back(leaf_);
  path.origins.push_back(leaf_anchor_source_ ? "anchor" : "presented");
  path.anchor_source = leaf_anchor_source_;
  std::vector<const pki::Certificate*> identities{leaf_.get()};
  bool stop = false;
  return extend(path, identities, 0, visit, stop);
}

bool PathBuilder::extend(BuiltPath& path, std::vector<const pki::Certificate*>& identities, int logical_intermediates,
                         const std::function<Visit(const BuiltPath&)>& visit, bool& stop) {
  if (!budget_.spend_build_call()) return false;
  if (path.anchor_source) {
    if (visit(path) == Visit::kStop) stop = true;
    return !budget_.exhausted();
  }
  const pki::Certificate& current = *path.certificates.back();

  auto looped = [&](const pki::Certificate& c) {
    return std::any_of(identities.begin(), identities.end(),
                       [&](const pki::Certificate* seen) { return same_identity(*seen, c); });
  };
  std::vector<Candidate> candidates;
  for (std::size_t i : anchors_.with_subject(current.issuer.canonical)) {
    const TrustAnchor& a = anchors_[i];
    if (!looped(*a.certificate)) candidates.push_back({&a.certificate, "anchor", &a.source, i});
  }
  for (const auto& n : nodes_) {
    if (n.cert->subject.canonical != current.issuer.canonical) continue;
    if (!looped(*n.cert)) candidates.push_back({&n.cert, n.origin, nullptr, n.order});
  }
  const pki::UnixTime at = options_.at;
  auto rank = [&](const Candidate& n) {
    const pki::Certificate& c = **n.cert;
    const bool anchor = n.anchor_source != nullptr;
    const bool aki_match = !current.authority_key_id.empty() && current.authority_key_id == c.subject_key_id;
    const bool aki_conflict = !current.authority_key_id.empty() && !c.subject_key_id.empty() && !aki_match;
    const bool in_time = c.not_before <= at && at <= c.not_after;
    return std::make_tuple(!anchor, aki_conflict, !aki_match, !in_time, n.order);
  };
  std::stable_sort(candidates.begin(), candidates.end(),
                   [&](const Candidate& a, const Candidate& b) { return rank(a) < rank(b); });

  const int max_intermediates = options_.max_intermediates.value_or(kDefaultMaxIntermediates);
  bool depth_limited = false;
  bool extended = false;
  for (const Candidate& cand : candidates) {
    const pki::CertificatePtr& cert = *cand.cert;
    const bool anchor = cand.anchor_source != nullptr;
    int next_logical = logical_intermediates;
    if (!anchor) {
      // RFC 5280 6.1.4 (l): self-issued intermediates are not counted.
      if (!cert->self_issued) ++next_logical;
      if (next_logical > max_intermediates || path.certificates.size() + 1 >= kHardMaxLength) {
        depth_limited = true;
        continue;
      }
    }
    extended = true;
    auto sig = sigs_.check(current, *cert);
    if (!sig) return false;
    path.certificates.push_back(cert);
    path.origins.emplace_back(cand.origin);
    if (anchor) path.anchor_source = *cand.anchor_source;
    if (!sig->valid) {
      // Offered once so its failure is explained, never extended.
      BuiltPath dead = path;
      if (visit(dead) == Visit::kStop) stop = true;
    } else {
      identities.push_back(cert.get());
      bool ok = extend(path, identities, next_logical, visit, stop);
      identities.pop_back();
      if (!ok) return false;
    }
    path.certificates.pop_back();
    path.origins.pop_back();
    path.anchor_source.reset();
    if (budget_.exhausted()) return false;
    if (stop) return true;
  }
  if (!extended) {
    path.depth_limited = depth_limited;
    if (visit(path) == Visit::kStop) stop = true;
    path.depth_limited = false;
  }
  return !budget_.exhausted();
}

}  // namespace uccert::verify
