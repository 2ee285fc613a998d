// A client profile: how one kind of UC client validates a server certificate, as data
// (data/profiles.toml, embedded at build; users add more with --profiles FILE).
// The knobs and the file format are documented in docs/profiles.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "uccert/names/name_policy.h"
#include "uccert/pki/certificate.h"
#include "uccert/pki/error.h"
#include "uccert/verify/verify.h"

namespace uccert::profiles {

// Where a client's trusted roots come from. The CLI fills each set (TrustInputs); a profile
// names which sets it trusts.
enum class TrustSource {
  kPublicRoots,      // the public store (--public-roots, default the system bundle)
  kEnterpriseRoots,  // roots pushed to domain-joined Windows (--enterprise-root)
  kPoolIssuer,       // the CA that issued the Lync pool certificate (--pool-cert; LPE-01)
  kTrustedCaCerts,   // the web services TrustedCACerts (--trusted-ca-cert; LPE-01, PS-07)
  kMobileRoots,      // roots installed on phones/tablets by profile or MDM (--mobile-root; MOB-02/06)
};

enum class AiaFetch { kFetch, kNone };  // Windows fetches missing intermediates; phones and mobiles do not

// What a revocation status the client cannot establish (no CRL reachable, a CRL expired or not
// signed by its issuer, an OCSP error) does to it: it refuses the server (Windows with its
// default revocation checks on a UC sign-in: G-03, K-07), goes on with a warning in the log,
// or goes on silently (soft-fail browsers). revocation.unknown. A revoked certificate fails for
// every client.
enum class RevocationUnknown { kFail, kWarn, kIgnore };

// How a wildcard match that the client accepts is reported (C-09: LPE 4100 accepts, but warn).
enum class WildcardMatch { kAccept, kWarn };

// How a match through the subject CN (CommonName::kFallback / kAlways) is reported: kWarn where
// uc-rules is unsure the client reads the CN at all ("CN only without SAN (?)").
enum class CnMatch { kAccept, kWarn };

// How the client takes a wildcard as the Subject CN (W-01, W-14, OCS-03): without complaint, as an
// unsupported setup that works (warn), or not at all (fail). name.wildcard-cn.
enum class WildcardCn { kAccept, kWarn, kReject };

// How the client reads the certificates the server sends (K-08; RFC 5246 7.4.2 asks for leaf
// first, each followed by its issuer): it builds the path itself from any order (Windows,
// browsers), or reads the list as sent. chain.order.
enum class ChainReading { kAnyOrder, kAsSent };

// The server this client validates, so that a fix names that server's commands: a Lync / Skype
// for Business server (Request-CsCertificate, Set-CsCertificate), Exchange UM
// (New-ExchangeCertificate, Enable-ExchangeCertificate), or a Session Border Controller (its own
// certificate pages; no cmdlet reaches it).
enum class ServerKind { kLync, kExchangeUm, kSbc };

struct ClientProfile {
  std::string id;           // stable: "lync-desktop", "phone-edition-legacy", ...
  std::string name;         // for people: "Lync Phone Edition before 4.0.7577.4100"
  std::string description;
  names::NamePolicy name_policy;
  WildcardMatch wildcard_match = WildcardMatch::kAccept;
  CnMatch cn_match = CnMatch::kAccept;
  WildcardCn wildcard_cn = WildcardCn::kAccept;
  // The client identifies the server by its Subject CN, which must then be the FQDN it dialled;
  // a SAN entry does not stand in (OCS 2007 R2 / LCS 2005: OCS-01, OCS-02). name.cn-not-dialled.
  bool cn_must_be_dialled = false;
  // The client walks autodiscover (lyncdiscover) and validates the certificate of every redirect
  // target and of the web services URLs the document links to, as the mobile apps do (DNS-01,
  // MOB-04): autodiscover.hop-certificate.
  bool walks_autodiscover = false;
  // The client fails on a SAN that lists a wildcard before an explicit FQDN (W-11, UC devices).
  // name.wildcard-before-fqdn.
  bool explicit_names_first = false;
  ChainReading chain_order = ChainReading::kAsSent;
  // The client and its servers check revocation through the CRL distribution point, so a leaf
  // without one is a warning rather than information (G-02, K-07). ext.no-crl-distribution-point.
  bool cdp_expected = false;
  // Whether every build of the client handles SHA-2 signed certificates is not known (older Lync
  // Phone Edition builds loop at sign-in on a SHA-2 pool certificate, K-03). sig.sha2-legacy-phone.
  bool sha2_uncertain = false;
  std::vector<TrustSource> trust;
  // Roots from these sources count as trusted, but a path that needs one is a warning, not a
  // pass: uc-rules marks the client's use of that store uncertain (e.g.
  // Android apps and user-installed CAs, AND-NSC). Never overlaps `trust`; code that ignores
  // this list treats those roots as untrusted, the conservative reading.
  std::vector<TrustSource> trust_warn;
  AiaFetch aia = AiaFetch::kNone;
  RevocationUnknown revocation_unknown = RevocationUnknown::kIgnore;
  // The largest CRL the client is taken to handle (KiB); a larger one is revocation.crl-too-large.
  // nullopt: no limit known.
  std::optional<int> max_crl_kib;
  std::optional<std::string> required_eku;  // dotted OID; nullopt: no EKU demanded
  verify::EkuChaining eku_chaining = verify::EkuChaining::kIntersect;
  verify::AlgorithmPolicy algorithms = verify::AlgorithmPolicy::kPermissive;
  verify::PssPolicy pss = verify::PssPolicy::kAllow;
  // Key kinds the client's TLS stack accepts on every certificate of a path; any other is
  // key.algorithm-not-accepted. Default: what Chrome accepts (RSA, ECDSA P-256/384/521).
  std::vector<verify::KeyAlgorithm> key_algorithms{verify::KeyAlgorithm::kRsa, verify::KeyAlgorithm::kEcP256,
                                                   verify::KeyAlgorithm::kEcP384, verify::KeyAlgorithm::kEcP521};
  // Microsoft does not document which key algorithms this client accepts: key_algorithms is the
  // stricter reading, and findings from it are marked uncertain.
  bool key_algorithms_uncertain = false;
  // What the leaf's keyUsage must allow (ext.key-usage-no-digital-signature): kSignature for
  // clients that sign the handshake (TLS 1.3, ECDHE), kRsaKeyExchange for old stacks that may still
  // negotiate TLS 1.0-1.2 RSA key exchange.
  verify::TlsKeyUsage tls_key_usage = verify::TlsKeyUsage::kSignature;
  // Which certificate-profile violations break the path for this client (verify::Conformance).
  verify::Conformance conformance = verify::Conformance::kLenient;
  int min_rsa_bits = 0;               // below: fail
  int warn_rsa_bits = 2048;           // below: warn (G-05)
  std::optional<int> max_rsa_bits;    // OCS 2007 R2: 4096 (G-07)
  std::optional<int> max_validity_days;  // iOS 13+: 825 for certificates issued after 2019-07-01
  // The validity cap applies to leaves whose notBefore is at or after this time (UTC). nullopt
  // with a cap: it applies to every leaf.
  std::optional<pki::UnixTime> max_validity_issued_after;
  // A leaf with no EKU extension at all is a warning, except when its notBefore is at or after
  // this time (UTC): then it fails, as iOS 13+ rejects such certificates issued from 2019-07-01
  // (APPLE13). Needs required_eku.
  std::optional<pki::UnixTime> eku_required_from;
  // Domains (lower case) that the server's name must not be in, itself or below: Teams Direct
  // Routing pairs an SBC only by an FQDN in a verified tenant domain, never *.onmicrosoft.com
  // (DR-02).
  std::vector<std::string> forbidden_domains;
  ServerKind server = ServerKind::kLync;
  std::vector<std::string> sources;   // uc-rules ids this profile rests on
  // The knobs of this profile that are the conservative reading of behaviour Microsoft does not
  // document (the "(?)" entries of uc-rules): a finding a rule draws from one of them keeps its
  // stricter verdict, says so, and carries `uncertain` (rules::RuleDescriptor::knobs).
  std::vector<std::string> uncertain;
  bool uncertain_about(std::string_view knob) const;

  bool trusts(TrustSource s) const;               // in `trust`
  bool trusts_with_warning(TrustSource s) const;  // in `trust_warn`
};

struct ProfileSet {
  std::vector<ClientProfile> profiles;
  const ClientProfile* find(std::string_view id) const;
  std::vector<std::string> ids() const;
};

// The nine built-in profiles (ids fixed in docs/design.md), parsed once from the embedded
// data/profiles.toml. A parse failure there is a broken build: std::logic_error.
const ProfileSet& builtin_profiles();

// Parses a profiles TOML document on its own; `origin` names it in errors
// ("profiles.toml:12: unknown key \"wildcard\" in profile \"x\""). Every error is one line.
Result<ProfileSet> parse_profiles(std::string_view toml, std::string_view origin);

// Parses `toml` on top of `base`: a profile with a new id is added (it may start from any
// profile with `base = "<id>"`); a profile reusing an id of `base` must say `override = true`
// and then changes only the keys it sets. The result keeps base's order, new profiles after.
Result<ProfileSet> merge_profiles(const ProfileSet& base, std::string_view toml, std::string_view origin);

// Reads FILE (--profiles FILE) and merges it onto the built-in profiles. Errors name the file.
Result<ProfileSet> load_profiles_file(const std::string& path);

// Verification options for a profile (time and budget are the caller's).
verify::Options chain_options(const ClientProfile& profile, pki::UnixTime at);

// The spellings used in profiles files, JSON and docs ("public-roots", "leftmost-label", ...).
std::string_view to_string(TrustSource v);
std::string_view to_string(AiaFetch v);
std::string_view to_string(RevocationUnknown v);
std::string_view to_string(WildcardMatch v);
std::string_view to_string(CnMatch v);
std::string_view to_string(WildcardCn v);
std::string_view to_string(ChainReading v);
std::string_view to_string(ServerKind v);
std::string_view to_string(names::Wildcards v);
std::string_view to_string(names::CommonName v);
std::string_view to_string(verify::EkuChaining v);
std::string_view to_string(verify::Conformance v);
std::string_view to_string(verify::AlgorithmPolicy v);
std::string_view to_string(verify::PssPolicy v);
std::string_view to_string(verify::KeyAlgorithm v);
std::string_view to_string(verify::TlsKeyUsage v);

}  // namespace uccert::profiles
