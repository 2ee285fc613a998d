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
#include "uccert/verify/anchor_set.h"
#include "uccert/verify/revocation.h"
#include "uccert/verify/budget.h"
#include "uccert/verify/problem.h"

namespace uccert::verify {

using pki::CertificatePtr;

enum class AlgorithmPolicy {
  kPermissive,  // MD5 is fatal; SHA-1 and RSA 1024..2047 are reported as non-fatal notes
  kModern,      // MD5, SHA-1 signatures (except on the anchor), RSA < 2048 or not a multiple of
                // 8 bits, DSA and EC curves other than P-256/P-384/P-521 are fatal (CA/B BR 6.1.5)
};

enum class PssPolicy { kAllow, kReject };  // G-04: Lync 2013 / SfB reject RSASSA-PSS

// RFC 5280 ignores EKU on issuers; Windows and browsers intersect it down the chain.
enum class EkuChaining { kRfc5280, kIntersect };

// The key algorithms a client's TLS stack can use, by class and (EC) named curve. A path holding a
// certificate whose key is of another kind (or of no known kind) is refused when
// Options::accepted_key_algorithms is set: the client cannot verify a signature made with it, or
// cannot use it in the handshake (Chrome: RSA and ECDSA P-256/384/521 only; Ed25519 refused).
enum class KeyAlgorithm { kRsa, kEcP256, kEcP384, kEcP521, kEd25519, kEd448 };

// The kind of `key` (RSASSA-PSS keys count as RSA), or nullopt for any other (DSA, other curves,
// explicit EC parameters, unknown algorithms).
std::optional<KeyAlgorithm> key_algorithm_of(const pki::PublicKeyInfo& key);

// What a TLS server leaf's keyUsage must allow, when it has the extension (RFC 5280 4.2.1.3).
enum class TlsKeyUsage {
  kUnchecked,       // not a TLS client (conformance suites): nothing beyond RFC 5280 6.1
  // TLS 1.3 and every ECDHE suite sign the handshake with the leaf's key (RFC 8446 4.4.3, RFC
  // 8422 5.4): without digitalSignature the leaf is refused; keyCertSign on a leaf that is not a
  // CA is refused too (Chrome's verifier: a target that "looks like a CA" must be one).
  kSignature,
  // As kSignature, except that the client may still negotiate TLS 1.0-1.2 RSA key exchange
  // (TLS_RSA_* suites, RFC 5246 7.4.7.1), which encrypts to the key and needs keyEncipherment only:
  // an RSA leaf with keyEncipherment but no digitalSignature is recorded as a note (it works only
  // while such a suite is chosen), and keyCertSign on a leaf is a note (the Windows chain engine
  // accepts it; it breaks CA/B BR 7.1.2.7.11).
  kRsaKeyExchange,
};

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
  // Key kinds the client accepts on every certificate of the path, the anchor included (its key
  // verifies the next signature); nullopt = any (key.algorithm-not-accepted).
  std::optional<std::vector<KeyAlgorithm>> accepted_key_algorithms;
  // RSA keys below this size are fatal on every certificate, the anchor included (a client's
  // min_rsa_bits); nullopt = only AlgorithmPolicy decides.
  std::optional<int> min_rsa_bits;
  TlsKeyUsage tls_key_usage = TlsKeyUsage::kUnchecked;
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
  // The same, indexed once by the caller and shared (judge/ builds one per trust set for all its
  // clients). When set, `anchors` is not read.
  std::optional<AnchorSet> anchor_set;
  // CRLs at hand (fetched during acquire, or given). Each certificate of a path is checked
  // against every CRL its issuer signed; none at hand means revocation is not judged here.
  std::vector<pki::CrlPtr> crls;
  // OCSP responses at hand (fetched, stapled, or given): they decide CandidatePath::revocation
  // with the CRLs; an OCSP "revoked" is the revocation rule's to report, not a path problem.
  std::vector<pki::OcspPtr> ocsp;
  // The run's pool: signature checks already made through it (by an earlier chain, another
  // profile, the loader) are not made again. nullptr: every check is made afresh.
  pki::CertificatePool* pool = nullptr;
};

struct CandidatePath {
  std::vector<CertificatePtr> certificates;  // leaf first; the anchor last when reached
  std::optional<std::string> anchor_source;  // set when the path ends at a trust anchor
  // Where each certificate came from: "presented", "extra", "anchor".
  std::vector<std::string> origins;
  Problems problems;                         // per index, plus kPathWide
  // Result::best only, when CRLs or OCSP responses were given: the status of each certificate
  // below the last (verify/revocation.h), by index; the anchor's own status is not asked.
  std::vector<RevocationStatus> revocation;
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
