// A client's trust set, indexed once and shared: each certificate once (the first source that
// holds it names it), looked up by subject name and by DER digest. Copying an AnchorSet copies a
// pointer, so the nine clients of one judgement (and their reports) share one index of a
// 144-root store instead of rebuilding it, and path building finds an issuer among the anchors
// without scanning them.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "uccert/pki/certificate.h"

namespace uccert::verify {

struct TrustAnchor {
  pki::CertificatePtr certificate;
  // Where the client got it: "public-roots", "enterprise-root", "pool-issuer",
  // "trusted-ca-cert", "mobile-root", "limbo" ... (reported, never interpreted here).
  std::string source;
};

class AnchorSet {
 public:
  using const_iterator = std::vector<TrustAnchor>::const_iterator;

  AnchorSet();  // empty
  // Null certificates are skipped; a certificate already held (same DER) is not added again.
  explicit AnchorSet(const std::vector<TrustAnchor>& anchors);

  const_iterator begin() const;
  const_iterator end() const;
  std::size_t size() const;
  bool empty() const { return size() == 0; }
  const TrustAnchor& operator[](std::size_t i) const;

  // The positions of the anchors whose subject's canonical form is `canonical_subject`, in order.
  std::span<const std::size_t> with_subject(const pki::Bytes& canonical_subject) const;
  // The position of the anchor whose DER has this SHA-256 (raw), or nullopt.
  std::optional<std::size_t> find(const pki::Bytes& der_sha256) const;

 private:
  struct Index;
  std::shared_ptr<const Index> index_;
};

// A run's memo of trust sets: the clients of every target of a scan trust the same roots, so each
// trust set is indexed once per run, not once per target. Keyed by the anchors' certificate
// objects and sources, in order (a certificate object held by a kept set is never another
// certificate). Thread-safe; bounded: when full it starts again empty.
class AnchorSetCache {
 public:
  static constexpr std::size_t kDefaultMaxSets = 64;
  explicit AnchorSetCache(std::size_t max_sets = kDefaultMaxSets) : max_sets_(max_sets) {}
  AnchorSetCache(const AnchorSetCache&) = delete;
  AnchorSetCache& operator=(const AnchorSetCache&) = delete;

  // AnchorSet(anchors), built on the first call with the same anchors.
  AnchorSet get(const std::vector<TrustAnchor>& anchors);
  std::size_t hits() const;

 private:
  struct Entry {
    std::vector<std::pair<const pki::Certificate*, std::string>> key;
    AnchorSet set;
  };
  std::size_t max_sets_;
  mutable std::mutex mutex_;
  std::unordered_multimap<std::size_t, Entry> sets_;
  std::size_t hits_ = 0;
};

}  // namespace uccert::verify
