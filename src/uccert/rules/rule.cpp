#include "uccert/rules/rule.h"


#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "uccert/rules/chain_shape.h"

namespace uccert::rules {

std::optional<Severity> Emitter::client_severity() const {
  if (rule_.per_client == nullptr) return rule_.severity;
  return rule_.per_client(*view_.profile);
}

void Emitter::emit(Severity severity, Finding f) {
  if (f.id.empty()) f.id = std::string(rule_.id);
  if (f.title.empty()) f.title = std::string(rule_.title);
  if (f.source.empty()) f.source = std::string(rule_.source);
  f.severity = severity;
  f.profiles = {view_.profile->id};
  mark_uncertain(f);
  out_.push_back(std::move(f));
}

void Emitter::mark_uncertain(Finding& f) const {
  if (f.uncertain || f.severity == Severity::kInfo) return;
  for (const auto knob : rule_.knobs) {
    if (!view_.profile->uncertain_about(knob)) continue;
    f.uncertain = true;
    // The same words for every client, so the finding still merges across the clients concerned.
    f.message += " (Microsoft does not document this behaviour of the client: the stricter reading is taken)";
    return;
  }
}

void Emitter::emit_per_client(Finding f) {
  if (auto s = client_severity()) emit(*s, std::move(f));
}

namespace {

// Several rules look presented indices up once per profile. A server's 2 to 5 certificates are
// searched pairwise (no allocation); a file may hold up to 1,000 (pki::kDefaultMaxCertificates),
// where that would be millions of comparisons per rule, so a long chain is looked up by its digest.
class PresentedIndex {
 public:
  explicit PresentedIndex(const std::vector<pki::CertificatePtr>& chain) : chain_(chain) {
    constexpr std::size_t kPairwiseUpTo = 32;
    if (chain.size() <= kPairwiseUpTo) return;
    by_digest_.reserve(chain.size());
    for (std::size_t i = 0; i < chain.size(); ++i)
      if (chain[i]) by_digest_.emplace(key(*chain[i]), static_cast<int>(i));  // the first copy wins
  }
  // The index of the first presented certificate with the same DER, or -1.
  int of(const pki::Certificate& c) const {
    if (by_digest_.empty()) return index_in(chain_, c);
    auto it = by_digest_.find(key(c));
    return it == by_digest_.end() ? -1 : it->second;
  }

 private:
  static std::string_view key(const pki::Certificate& c) {
    return std::string_view(reinterpret_cast<const char*>(c.der_sha256.data()), c.der_sha256.size());
  }
  const std::vector<pki::CertificatePtr>& chain_;
  std::unordered_map<std::string_view, int> by_digest_;
};

std::vector<std::pair<pki::CertificatePtr, int>> on_path(const RuleContext& ctx, const ProfileView& view,
                                                         const PresentedIndex& presented) {
  const auto& chain = ctx.evidence.chain;
  std::vector<pki::CertificatePtr> path;
  if (view.judgement != nullptr && !view.judgement->path.best.certificates.empty()) {
    path = view.judgement->path.best.certificates;
  } else {
    for (std::size_t i : ctx.shape.linked)
      if (i < chain.size()) path.push_back(chain[i]);
  }
  // A path is short (verify/ caps it at 40): duplicates are found pairwise.
  std::vector<std::pair<pki::CertificatePtr, int>> out;
  for (const auto& c : path) {
    if (!c) continue;
    const bool seen =
        std::any_of(out.begin(), out.end(), [&](const auto& o) { return o.first->der_sha256 == c->der_sha256; });
    if (!seen) out.emplace_back(c, presented.of(*c));
  }
  return out;
}

}  // namespace

std::vector<std::pair<pki::CertificatePtr, int>> certificates_on_path(const RuleContext& ctx,
                                                                      const ProfileView& view) {
  if (view.judgement != nullptr && view.judgement->on_path) return *view.judgement->on_path;
  return on_path(ctx, view, PresentedIndex(ctx.evidence.chain));
}

std::vector<std::size_t> off_path_certificates(const RuleContext& ctx, const ProfileView& view) {
  const auto& chain = ctx.evidence.chain;
  const PresentedIndex presented(chain);
  std::vector<bool> used(chain.size(), false);
  auto mark_used = [&](const std::vector<std::pair<pki::CertificatePtr, int>>& path) {
    for (const auto& [cert, idx] : path)
      if (idx >= 0) used[static_cast<std::size_t>(idx)] = true;
  };
  if (view.judgement != nullptr && view.judgement->on_path) mark_used(*view.judgement->on_path);
  else mark_used(on_path(ctx, view, presented));
  std::vector<std::size_t> out;
  for (std::size_t i = 1; i < chain.size(); ++i) {
    if (!chain[i] || used[i]) continue;
    if (presented.of(*chain[i]) != static_cast<int>(i)) continue;  // a copy of an earlier one
    out.push_back(i);
  }
  return out;
}

}  // namespace uccert::rules
