#include "uccert/rules/rule.h"

#include <string_view>
#include <unordered_map>
#include <unordered_set>
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
  out_.push_back(std::move(f));
}

void Emitter::emit_per_client(Finding f) {
  if (auto s = client_severity()) emit(*s, std::move(f));
}

std::vector<std::pair<pki::CertificatePtr, int>> certificates_seen(const RuleContext& ctx, const ProfileView& view) {
  // Several rules call this once per profile. A server's 2 to 5 certificates are searched
  // pairwise (no allocation); a file may hold up to 1,000 (pki::kDefaultMaxCertificates), where
  // that would be millions of comparisons per rule, so a long chain is looked up by its digest.
  constexpr std::size_t kPairwiseUpTo = 32;
  const auto& chain = ctx.evidence.chain;
  const bool hashed = chain.size() > kPairwiseUpTo;
  auto key = [](const pki::Certificate& c) {
    return std::string_view(reinterpret_cast<const char*>(c.der_sha256.data()), c.der_sha256.size());
  };
  std::unordered_map<std::string_view, int> presented;  // digest -> first index (long chains)
  std::unordered_set<std::string_view> seen;            // digests in `out` (long chains)
  if (hashed) {
    presented.reserve(chain.size());
    for (std::size_t i = 0; i < chain.size(); ++i)
      if (chain[i]) presented.emplace(key(*chain[i]), static_cast<int>(i));
  }
  std::vector<std::pair<pki::CertificatePtr, int>> out;
  auto add = [&](const pki::CertificatePtr& c) {
    if (!c) return;
    if (!hashed) {
      for (const auto& [s, idx] : out)
        if (s->der_sha256 == c->der_sha256) return;
      out.emplace_back(c, index_in(chain, *c));
      return;
    }
    if (!seen.insert(key(*c)).second) return;
    auto it = presented.find(key(*c));
    out.emplace_back(c, it == presented.end() ? -1 : it->second);
  };
  for (std::size_t i : ctx.shape.linked)
    if (i < ctx.evidence.chain.size()) add(ctx.evidence.chain[i]);
  if (view.judgement != nullptr)
    for (const auto& c : view.judgement->path.best.certificates) add(c);
  return out;
}

}  // namespace uccert::rules
