// How a client matches the name it dialled against a certificate. Policy is data: every knob is
// an enum, set from data/profiles.toml (profiles/), so no code branches on a client.
#pragma once

namespace uccert::names {

enum class Wildcards {
  kNone,          // no wildcard entry ever matches (legacy Lync Phone Edition, W-12; OCS, W-14)
  kLeftmostLabel, // "*.contoso.com" matches exactly one whole left-most label (RFC 6125, DR-03)
  kPartialLabel,  // also "f*.contoso.com" in the left-most label (old Windows / RFC 2818)
};

enum class CommonName {
  kIgnore,        // SAN only (browsers since Chrome 58, iOS 13+)
  kFallback,      // CN consulted only when the certificate has no DNS SAN (RFC 6125 legacy)
  kAlways,        // CN consulted as well as SAN
  kOnly,          // CN only, SAN ignored (Lync naming an Exchange UM peer, UM-02)
};

struct NamePolicy {
  Wildcards wildcards = Wildcards::kLeftmostLabel;
  CommonName common_name = CommonName::kIgnore;
};

}  // namespace uccert::names
