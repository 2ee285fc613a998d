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
#include "uccert/pki/certificate_revocation_list.h"
#include "uccert/verify/budget.h"
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
  kModern,      // MD5, SHA-1 signatures (except on the anchor), RSA < 2048 or not a multiple of
                // 8 bits, DSA and EC curves other than P-256/P-384/P-521 are fatal (CA/B BR 6.1.5)
};

enum class PssPolicy { kAllow, kReject };  // G-04: Lync 2013 / SfB reject RSASSA-PSS

// RFC 5280 ignores EKU on issuers; Windows and browsers intersect it down the chain.
enum class EkuChaining { kRfc5280, kIntersect };

// Whether a certificate with a critical extension this engine does not understand is fatal.
enum class UnknownCritical { kReject, kIgnore };

// Whether the leaf's subject CN is also held to dNSName constraints. Conformance suites and
// browsers differ; the CN is a DNS name to every client that still reads it (uc-rules UM-02).
enum class CnConstraints {
  kNever,        // only SAN entries and the subject DN are constrained
  kWhenNoSan,    // the CN counts as a dNSName when the leaf has no subjectAltName extension
  kAlways,       // the CN counts as a dNSName whenever it looks like a host name
};

// How much of the RFC 5280 / CA/B Forum certificate profile is enforced beyond what path
// validation itself needs. Every profile problem is recorded either way; kStrict makes them
// fatal (conformance suites; most clients' profiles keep kLenient: Windows accepts, for example,
// a leaf without an authorityKeyIdentifier). kBrowser makes fatal what Chrome's verifier refuses
// and leaves the rest as notes: a critical extension Chrome does not process (authorityInfoAccess,
// authorityKeyIdentifier, subjectKeyIdentifier, cRLDistributionPoints, unknown ones), an empty
// subject with a non-critical subjectAltName, and, as Chrome enforces anchor constraints, the
// same on a trust anchor (unknown critical, critical SKI or duplicate extensions). kStrict
// includes kBrowser.
enum class Conformance { kLenient, kBrowser, kStrict };

struct Options {
  pki::UnixTime at = 0;                         // validation time (required)
  std::optional<std::string> required_eku;      // dotted OID; nullopt = any
  EkuChaining eku_chaining = EkuChaining::kIntersect;
  std::vector<pki::KeyUsageBit> required_key_usage;  // on the leaf, when it has a keyUsage extension
  AlgorithmPolicy algorithms = AlgorithmPolicy::kPermissive;
  PssPolicy pss = PssPolicy::kAllow;
  UnknownCritical unknown_critical = UnknownCritical::kReject;
  CnConstraints name_constraints_cn = CnConstraints::kWhenNoSan;
  Conformance conformance = Conformance::kLenient;
  std::optional<int> max_intermediates;         // nullopt = only the budget and a depth of 16 apply
  Budget budget;
};

struct Input {
  std::vector<CertificatePtr> presented;            // as sent; [0] is the leaf
  std::vector<CertificatePtr> extra_intermediates;  // AIA-fetched or otherwise known, not sent
  std::vector<TrustAnchor> anchors;
  // CRLs at hand (fetched during acquire, or given). Each certificate of a path is checked
  // against every CRL its issuer signed; none at hand means revocation is not judged here.
  std::vector<pki::CrlPtr> crls;
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
