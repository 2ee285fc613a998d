#include "uccert/profiles/client_profile.h"

#include <algorithm>

#include "uccert/profiles/knob_spellings.h"

namespace uccert::profiles {

bool ClientProfile::trusts(TrustSource s) const { return std::find(trust.begin(), trust.end(), s) != trust.end(); }

bool ClientProfile::trusts_with_warning(TrustSource s) const {
  return std::find(trust_warn.begin(), trust_warn.end(), s) != trust_warn.end();
}

const ClientProfile* ProfileSet::find(std::string_view id) const {
  for (const auto& p : profiles)
    if (p.id == id) return &p;
  return nullptr;
}

std::vector<std::string> ProfileSet::ids() const {
  std::vector<std::string> out;
  out.reserve(profiles.size());
  for (const auto& p : profiles) out.push_back(p.id);
  return out;
}

verify::Options chain_options(const ClientProfile& profile, pki::UnixTime at) {
  verify::Options o;
  o.at = at;
  o.required_eku = profile.required_eku;
  o.eku_chaining = profile.eku_chaining;
  o.algorithms = profile.algorithms;
  o.pss = profile.pss;
  o.accepted_key_algorithms = profile.key_algorithms;
  o.min_rsa_bits = profile.min_rsa_bits;
  o.tls_key_usage = profile.tls_key_usage;
  o.conformance = profile.conformance;
  return o;
}

std::string_view to_string(TrustSource v) { return knobs::text_of(knobs::kTrustSource, v); }
std::string_view to_string(AiaFetch v) { return knobs::text_of(knobs::kAiaFetch, v); }
std::string_view to_string(RevocationUnknown v) { return knobs::text_of(knobs::kRevocationUnknown, v); }
std::string_view to_string(ServerKind v) { return knobs::text_of(knobs::kServerKind, v); }
std::string_view to_string(WildcardMatch v) { return knobs::text_of(knobs::kWildcardMatch, v); }
std::string_view to_string(CnMatch v) { return knobs::text_of(knobs::kCnMatch, v); }
std::string_view to_string(WildcardCn v) { return knobs::text_of(knobs::kWildcardCn, v); }
std::string_view to_string(ChainReading v) { return knobs::text_of(knobs::kChainReading, v); }
std::string_view to_string(names::Wildcards v) { return knobs::text_of(knobs::kWildcards, v); }
std::string_view to_string(names::CommonName v) { return knobs::text_of(knobs::kCommonName, v); }
std::string_view to_string(verify::EkuChaining v) { return knobs::text_of(knobs::kEkuChaining, v); }
std::string_view to_string(verify::AlgorithmPolicy v) { return knobs::text_of(knobs::kAlgorithms, v); }
std::string_view to_string(verify::PssPolicy v) { return knobs::text_of(knobs::kPss, v); }
std::string_view to_string(verify::KeyAlgorithm v) { return knobs::text_of(knobs::kKeyAlgorithm, v); }
std::string_view to_string(verify::TlsKeyUsage v) { return knobs::text_of(knobs::kTlsKeyUsage, v); }
std::string_view to_string(verify::Conformance v) { return knobs::text_of(knobs::kConformance, v); }

bool ClientProfile::uncertain_about(std::string_view knob) const {
  return std::find(uncertain.begin(), uncertain.end(), knob) != uncertain.end();
}

}  // namespace uccert::profiles
