#include "uccert/verify/path_builder.h"

#include <algorithm>

namespace uccert::verify {

namespace {

constexpr int kDefaultMaxIntermediates = 16;
constexpr std::size_t kHardMaxLength = 40;  // self-issued links do not count towards the depth; this caps them too

std::string der_key(const pki::Certificate& c) { return std::string(c.der_sha256.begin(), c.der_sha256.end()); }

// Loops are cut on subject + SPKI (rustls-webpki): a cross-sign re-issues the same CA, so a
// second certificate for the same name and key can add nothing a path does not already have.
std::string identity(const pki::Certificate& c) {
  std::string s(c.subject.canonical.begin(), c.subject.canonical.end());
  s.push_back('\0');
  s.append(c.public_key.spki.begin(), c.public_key.spki.end());
  return s;
}

}  // namespace

PathBuilder::PathBuilder(const Input& input, const Options& options, Budget& budget, SignatureChecker& sigs)
    : options_(options), budget_(budget), sigs_(sigs) {
  if (!input.presented.empty()) leaf_ = input.presented.front();
  for (const auto& a : input.anchors)
    if (a.certificate) add_node(a.certificate, "anchor", a.source);
  if (leaf_) {
    // The leaf itself may be a trust anchor (a self-signed certificate the client trusts).
    for (const auto& n : nodes_)
      if (n.anchor_source && n.cert->der_sha256 == leaf_->der_sha256) leaf_anchor_source_ = n.anchor_source;
    seen_der_.insert(der_key(*leaf_));
  }
  for (std::size_t i = 1; i < input.presented.size(); ++i)
    if (input.presented[i]) add_node(input.presented[i], "presented", std::nullopt);
  for (const auto& c : input.extra_intermediates)
    if (c) add_node(c, "extra", std::nullopt);
}

void PathBuilder::add_node(const pki::CertificatePtr& cert, const std::string& origin,
                           const std::optional<std::string>& anchor) {
  // Duplicates (the same DER sent twice, an anchor also sent by the server) are one node; the
  // first seen wins, and anchors are added first.
  if (!seen_der_.insert(der_key(*cert)).second) return;
  nodes_.push_back({cert, origin, anchor, nodes_.size()});
}

bool PathBuilder::build(const std::function<Visit(const BuiltPath&)>& visit) {
  if (!leaf_) return true;
  BuiltPath path;
  path.certificates.push_back(leaf_);
  path.origins.push_back(leaf_anchor_source_ ? "anchor" : "presented");
  path.anchor_source = leaf_anchor_source_;
  std::vector<std::string> identities{identity(*leaf_)};
  bool stop = false;
  return extend(path, identities, 0, visit, stop);
}

bool PathBuilder::extend(BuiltPath& path, std::vector<std::string>& identities, int logical_intermediates,
                         const std::function<Visit(const BuiltPath&)>& visit, bool& stop) {
  if (!budget_.spend_build_call()) return false;
  if (path.anchor_source) {
    if (visit(path) == Visit::kStop) stop = true;
    return !budget_.exhausted();
  }
  const pki::Certificate& current = *path.certificates.back();

  std::vector<const Node*> candidates;
  for (const auto& n : nodes_) {
    if (n.cert->subject.canonical != current.issuer.canonical) continue;
    if (std::find(identities.begin(), identities.end(), identity(*n.cert)) != identities.end()) continue;
    candidates.push_back(&n);
  }
  const pki::UnixTime at = options_.at;
  auto rank = [&](const Node* n) {
    const bool anchor = n->anchor_source.has_value();
    const bool aki_match = !current.authority_key_id.empty() && current.authority_key_id == n->cert->subject_key_id;
    const bool aki_conflict = !current.authority_key_id.empty() && !n->cert->subject_key_id.empty() && !aki_match;
    const bool in_time = n->cert->not_before <= at && at <= n->cert->not_after;
    return std::make_tuple(!anchor, aki_conflict, !aki_match, !in_time, n->order);
  };
  std::stable_sort(candidates.begin(), candidates.end(),
                   [&](const Node* a, const Node* b) { return rank(a) < rank(b); });

  const int max_intermediates = options_.max_intermediates.value_or(kDefaultMaxIntermediates);
  bool depth_limited = false;
  bool extended = false;
  for (const Node* cand : candidates) {
    const bool anchor = cand->anchor_source.has_value();
    int next_logical = logical_intermediates;
    if (!anchor) {
      // RFC 5280 6.1.4 (l): self-issued intermediates are not counted.
      if (!cand->cert->self_issued) ++next_logical;
      if (next_logical > max_intermediates || path.certificates.size() + 1 >= kHardMaxLength) {
        depth_limited = true;
        continue;
      }
    }
    extended = true;
    auto sig = sigs_.check(current, *cand->cert);
    if (!sig) return false;
    path.certificates.push_back(cand->cert);
    path.origins.push_back(cand->origin);
    path.anchor_source = cand->anchor_source;
    if (!sig->valid) {
      // Offered once so its failure is explained, never extended.
      BuiltPath dead = path;
      if (visit(dead) == Visit::kStop) stop = true;
    } else {
      identities.push_back(identity(*cand->cert));
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
