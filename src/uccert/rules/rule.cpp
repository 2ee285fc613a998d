#include "uccert/rules/rule.h"

#include <utility>

#include "uccert/rules/chain_shape.h"

namespace uccert::rules {

std::optional<Severity> Emitter::table_severity() const {
  if (rule_.per_profile.empty()) return rule_.severity;
  for (const auto& ps : rule_.per_profile)
    if (ps.profile == view_.profile->id) return ps.severity;
  return rule_.other_profiles;
}

void Emitter::emit(Severity severity, Finding f) {
  if (f.id.empty()) f.id = std::string(rule_.id);
  if (f.title.empty()) f.title = std::string(rule_.title);
  if (f.source.empty()) f.source = std::string(rule_.source);
  f.severity = severity;
  f.profiles = {view_.profile->id};
  out_.push_back(std::move(f));
}

void Emitter::emit_per_table(Finding f) {
  if (auto s = table_severity()) emit(*s, std::move(f));
}

std::vector<std::pair<pki::CertificatePtr, int>> certificates_seen(const RuleContext& ctx, const ProfileView& view) {
  std::vector<std::pair<pki::CertificatePtr, int>> out;
  auto add = [&](const pki::CertificatePtr& c) {
    if (!c) return;
    for (const auto& [seen, idx] : out)
      if (seen->der_sha256 == c->der_sha256) return;
    out.emplace_back(c, index_in(ctx.evidence.chain, *c));
  };
  for (std::size_t i : ctx.shape.linked)
    if (i < ctx.evidence.chain.size()) add(ctx.evidence.chain[i]);
  if (view.judgement != nullptr)
    for (const auto& c : view.judgement->path.best.certificates) add(c);
  return out;
}

}  // namespace uccert::rules
