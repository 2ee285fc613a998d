#include "uccert/verify/anchor_set.h"

#include <string_view>
#include <unordered_map>

namespace uccert::verify {

namespace {

std::string_view view_of(const pki::Bytes& b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

}  // namespace

// The keys view bytes of the certificates the anchors hold, which live as long as the index.
struct AnchorSet::Index {
  std::vector<TrustAnchor> anchors;
  std::unordered_map<std::string_view, std::size_t> by_digest;
  std::unordered_map<std::string_view, std::vector<std::size_t>> by_subject;
};

AnchorSet::AnchorSet() = default;

AnchorSet::AnchorSet(const std::vector<TrustAnchor>& anchors) {
  auto index = std::make_shared<Index>();
  index->anchors.reserve(anchors.size());
  index->by_digest.reserve(anchors.size());
  for (const auto& a : anchors) {
    if (!a.certificate) continue;
    if (!index->by_digest.emplace(view_of(a.certificate->der_sha256), index->anchors.size()).second) continue;
    index->by_subject[view_of(a.certificate->subject.canonical)].push_back(index->anchors.size());
    index->anchors.push_back(a);
  }
  index_ = std::move(index);
}

namespace {
const std::vector<TrustAnchor> kNoAnchors;
}  // namespace

AnchorSet::const_iterator AnchorSet::begin() const { return index_ ? index_->anchors.begin() : kNoAnchors.begin(); }
AnchorSet::const_iterator AnchorSet::end() const { return index_ ? index_->anchors.end() : kNoAnchors.end(); }
std::size_t AnchorSet::size() const { return index_ ? index_->anchors.size() : 0; }
const TrustAnchor& AnchorSet::operator[](std::size_t i) const { return index_->anchors[i]; }

std::span<const std::size_t> AnchorSet::with_subject(const pki::Bytes& canonical_subject) const {
  if (!index_) return {};
  auto it = index_->by_subject.find(view_of(canonical_subject));
  if (it == index_->by_subject.end()) return {};
  return it->second;
}

std::optional<std::size_t> AnchorSet::find(const pki::Bytes& der_sha256) const {
  if (!index_) return std::nullopt;
  auto it = index_->by_digest.find(view_of(der_sha256));
  if (it == index_->by_digest.end()) return std::nullopt;
  return it->second;
}

namespace {

std::size_t hash_of(const std::vector<TrustAnchor>& anchors) {
  std::size_t h = anchors.size();
  for (const auto& a : anchors) {
    h = h * 1099511628211ULL ^ std::hash<const void*>{}(a.certificate.get());
    h = h * 1099511628211ULL ^ std::hash<std::string_view>{}(a.source);
  }
  return h;
}

bool same_anchors(const std::vector<std::pair<const pki::Certificate*, std::string>>& key,
                  const std::vector<TrustAnchor>& anchors) {
  if (key.size() != anchors.size()) return false;
  for (std::size_t i = 0; i < key.size(); ++i)
    if (key[i].first != anchors[i].certificate.get() || key[i].second != anchors[i].source) return false;
  return true;
}

}  // namespace

AnchorSet AnchorSetCache::get(const std::vector<TrustAnchor>& anchors) {
  const std::size_t h = hash_of(anchors);
  {
    std::lock_guard lock(mutex_);
    auto [from, to] = sets_.equal_range(h);
    for (auto it = from; it != to; ++it) {
      if (!same_anchors(it->second.key, anchors)) continue;
      ++hits_;
      return it->second.set;
    }
  }
  Entry e;
  e.key.reserve(anchors.size());
  for (const auto& a : anchors) e.key.emplace_back(a.certificate.get(), a.source);
  e.set = AnchorSet(anchors);  // holds the certificates, so the key's pointers stay theirs
  AnchorSet set = e.set;
  std::lock_guard lock(mutex_);
  if (max_sets_ == 0) return set;
  if (sets_.size() >= max_sets_) sets_.clear();
  sets_.emplace(h, std::move(e));
  return set;
}

std::size_t AnchorSetCache::hits() const {
  std::lock_guard lock(mutex_);
  return hits_;
}

}  // namespace uccert::verify
