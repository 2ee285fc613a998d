// The facade of path building and RFC 5280 validation. Offline and clock-free: the time and
// every certificate (presented, fetched by AIA during acquire, trusted) are inputs.
//
// Build candidate paths from the presented chain (any order, extras, duplicates) plus extra
// intermediates to a trust anchor; validate each per RFC 5280 at `at`; keep every attempted
// path with all its problems; pick the best. Hostname matching is not here (names/).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "uccert/pki/certificate.h"
#include "uccert/verify/problem.h"

namespace uccert::verify {

using pki::CertificatePtr;

struct TrustAnchor {
  CertificatePtr certificate;
  // Where the client got it: "public-roots", "enterprise-root", "pool-issuer",
  // "trusted-ca-cert", "mobile-root", "limbo" ... (reported, never interpreted here).
  std::string source;
};

enum class AlgorithmPolicy {
  kPermissive,  // MD5 is fatal; SHA-1 and RSA 1024..2047 are reported as non-fatal notes
  kModern,      // MD5, SHA-1 signatures (except on the anchor) and RSA < 2048 are fatal
};

enum class PssPolicy { kAllow, kReject };  // G-04: Lync 2013 / SfB reject RSASSA-PSS

// RFC 5280 ignores EKU on issuers; Windows and browsers intersect it down the chain.
enum class EkuChaining { kRfc5280, kIntersect };

// Whether a certificate with a critical extension this engine does not understand is fatal.
enum class UnknownCritical { kReject, kIgnore };

// Caps on work so a pathological input cannot make the builder hang. Running out records a
// path-wide "verify.budget-exhausted" problem and never yields a pass.
struct Budget {
  int signature_checks = 100;           // as rustls-webpki
  int build_calls = 200000;
  std::int64_t name_constraint_comparisons = 250000;
};

struct Options {
  pki::UnixTime at = 0;                         // validation time (required)
  std::optional<std::string> required_eku;      // dotted OID; nullopt = any
  EkuChaining eku_chaining = EkuChaining::kIntersect;
  std::vector<pki::KeyUsageBit> required_key_usage;  // on the leaf, when it has a keyUsage extension
  AlgorithmPolicy algorithms = AlgorithmPolicy::kPermissive;
  PssPolicy pss = PssPolicy::kAllow;
  UnknownCritical unknown_critical = UnknownCritical::kReject;
  std::optional<int> max_intermediates;         // nullopt = only the budget and a depth of 16 apply
  Budget budget;
};

struct Input {
  std::vector<CertificatePtr> presented;            // as sent; [0] is the leaf
  std::vector<CertificatePtr> extra_intermediates;  // AIA-fetched or otherwise known, not sent
  std::vector<TrustAnchor> anchors;
};

struct CandidatePath {
  std::vector<CertificatePtr> certificates;  // leaf first; the anchor last when reached
  std::optional<std::string> anchor_source;  // set when the path ends at a trust anchor
  // Where each certificate came from: "presented", "extra", "anchor".
  std::vector<std::string> origins;
  Problems problems;                         // per index, plus kPathWide
  bool valid() const;                        // reaches an anchor and no fatal problem
};

struct Result {
  CandidatePath best;                     // the valid path, else the one with the fewest fatal problems
  std::vector<CandidatePath> attempted;   // every path tried (best included), for explanations
  Problems path_wide;                     // budget exhausted, no path at all...
  bool valid() const { return best.valid() && path_wide.empty(); }
};

// Builds and validates. Never throws on hostile input; never reads the clock.
Result verify(const Input& input, const Options& options);

}  // namespace uccert::verify
