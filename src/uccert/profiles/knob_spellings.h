// The spellings of every enum knob in profiles files: one table per enum, read by the parser
// (text -> value) and by to_string (value -> text), so the two can never disagree.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "uccert/profiles/client_profile.h"

namespace uccert::profiles::knobs {

template <class E>
struct Spelling {
  E value;
  std::string_view text;
};

inline constexpr std::array<Spelling<TrustSource>, 5> kTrustSource{{
    {TrustSource::kPublicRoots, "public-roots"},
    {TrustSource::kEnterpriseRoots, "enterprise-roots"},
    {TrustSource::kPoolIssuer, "pool-issuer"},
    {TrustSource::kTrustedCaCerts, "trusted-ca-certs"},
    {TrustSource::kMobileRoots, "mobile-roots"},
}};
inline constexpr std::array<Spelling<AiaFetch>, 2> kAiaFetch{{{AiaFetch::kFetch, "fetch"}, {AiaFetch::kNone, "none"}}};
inline constexpr std::array<Spelling<RevocationUnknown>, 3> kRevocationUnknown{
    {{RevocationUnknown::kFail, "fail"}, {RevocationUnknown::kWarn, "warn"}, {RevocationUnknown::kIgnore, "ignore"}}};
inline constexpr std::array<Spelling<WildcardMatch>, 2> kWildcardMatch{
    {{WildcardMatch::kAccept, "accept"}, {WildcardMatch::kWarn, "warn"}}};
inline constexpr std::array<Spelling<CnMatch>, 2> kCnMatch{{{CnMatch::kAccept, "accept"}, {CnMatch::kWarn, "warn"}}};
inline constexpr std::array<Spelling<WildcardCn>, 3> kWildcardCn{
    {{WildcardCn::kAccept, "accept"}, {WildcardCn::kWarn, "warn"}, {WildcardCn::kReject, "reject"}}};
inline constexpr std::array<Spelling<ChainReading>, 2> kChainReading{
    {{ChainReading::kAnyOrder, "any"}, {ChainReading::kAsSent, "as-sent"}}};
inline constexpr std::array<Spelling<ServerKind>, 3> kServerKind{
    {{ServerKind::kLync, "lync"}, {ServerKind::kExchangeUm, "exchange-um"}, {ServerKind::kSbc, "sbc"}}};
inline constexpr std::array<Spelling<names::Wildcards>, 3> kWildcards{{
    {names::Wildcards::kNone, "none"},
    {names::Wildcards::kLeftmostLabel, "leftmost-label"},
    {names::Wildcards::kPartialLabel, "partial-label"},
}};
inline constexpr std::array<Spelling<names::CommonName>, 4> kCommonName{{
    {names::CommonName::kIgnore, "ignore"},
    {names::CommonName::kFallback, "fallback"},
    {names::CommonName::kAlways, "always"},
    {names::CommonName::kOnly, "only"},
}};
inline constexpr std::array<Spelling<verify::EkuChaining>, 2> kEkuChaining{
    {{verify::EkuChaining::kRfc5280, "rfc5280"}, {verify::EkuChaining::kIntersect, "intersect"}}};
inline constexpr std::array<Spelling<verify::AlgorithmPolicy>, 2> kAlgorithms{
    {{verify::AlgorithmPolicy::kPermissive, "permissive"}, {verify::AlgorithmPolicy::kModern, "modern"}}};
inline constexpr std::array<Spelling<verify::PssPolicy>, 2> kPss{
    {{verify::PssPolicy::kAllow, "allow"}, {verify::PssPolicy::kReject, "reject"}}};
inline constexpr std::array<Spelling<verify::Conformance>, 3> kConformance{
    {{verify::Conformance::kLenient, "lenient"},
     {verify::Conformance::kBrowser, "browser"},
     {verify::Conformance::kStrict, "strict"}}};

inline constexpr std::array<Spelling<verify::KeyAlgorithm>, 6> kKeyAlgorithm{{
    {verify::KeyAlgorithm::kRsa, "rsa"},
    {verify::KeyAlgorithm::kEcP256, "ec-p256"},
    {verify::KeyAlgorithm::kEcP384, "ec-p384"},
    {verify::KeyAlgorithm::kEcP521, "ec-p521"},
    {verify::KeyAlgorithm::kEd25519, "ed25519"},
    {verify::KeyAlgorithm::kEd448, "ed448"},
}};
// kUnchecked has no spelling: every client profile is a TLS client.
inline constexpr std::array<Spelling<verify::TlsKeyUsage>, 2> kTlsKeyUsage{
    {{verify::TlsKeyUsage::kSignature, "signature"}, {verify::TlsKeyUsage::kRsaKeyExchange, "rsa-key-exchange"}}};

template <class E, std::size_t N>
std::optional<E> parse(const std::array<Spelling<E>, N>& table, std::string_view text) {
  for (const auto& s : table)
    if (s.text == text) return s.value;
  return std::nullopt;
}

template <class E, std::size_t N>
std::string_view text_of(const std::array<Spelling<E>, N>& table, E value) {
  for (const auto& s : table)
    if (s.value == value) return s.text;
  return "?";
}

// "none, leftmost-label, partial-label" for error messages.
template <class E, std::size_t N>
std::string choices(const std::array<Spelling<E>, N>& table) {
  std::string out;
  for (const auto& s : table) {
    if (!out.empty()) out += ", ";
    out += s.text;
  }
  return out;
}

}  // namespace uccert::profiles::knobs
