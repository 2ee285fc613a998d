// The id of every problem path validation records (verify::Problem::id), one constant each, in the
// order of docs/problems.md, which gives each id's meaning, params and when it is fatal. Ids are
// stable: never renamed. A new id takes a constant here, an entry in kAllProblemIds and a row in
// docs/problems.md (tests/verify/problem_ids_test.cpp holds the three to each other).
//
// The encoding.* ids are produced by the certificate decoder (pki::Certificate::decode_notes, which
// cannot include verify/) and passed through by the chain validator; they are listed here so that
// rules and tests name them like every other problem.
#pragma once

#include <array>
#include <span>
#include <string_view>

namespace uccert::verify::problem {

// -- Path-wide ------------------------------------------------------------------------------------
inline constexpr std::string_view kVerifyBudgetExhausted = "verify.budget-exhausted";  // the Budget ran out
inline constexpr std::string_view kChainNoLeaf = "chain.no-leaf";  // nothing was presented
inline constexpr std::string_view kChainNoPath = "chain.no-path";  // no candidate path could be built at all

// -- chain.* --------------------------------------------------------------------------------------
inline constexpr std::string_view kChainMissingIssuer = "chain.missing-issuer";  // no issuer for the path's top
inline constexpr std::string_view kChainUntrustedRoot = "chain.untrusted-root";  // ends in a self-signed non-anchor
inline constexpr std::string_view kChainTooLong = "chain.too-long";  // an issuer exists past max_intermediates
inline constexpr std::string_view kChainIssuerNotCa = "chain.issuer-not-ca";  // an issuer that is not a CA (6.1.4 (k))
inline constexpr std::string_view kChainPathLengthExceeded = "chain.path-length-exceeded";  // pathLenConstraint broken
inline constexpr std::string_view kChainAkiMismatch = "chain.aki-mismatch";  // note: AKI differs from the issuer's SKI
inline constexpr std::string_view kChainLeafIsCa = "chain.leaf-is-ca";  // profile: the end entity has cA=TRUE

// -- time.* ---------------------------------------------------------------------------------------
inline constexpr std::string_view kTimeExpired = "time.expired";  // the validation time is after notAfter
inline constexpr std::string_view kTimeNotYetValid = "time.not-yet-valid";  // the validation time is before notBefore
inline constexpr std::string_view kTimeInverted = "time.inverted";  // notBefore is after notAfter

// -- sig.* ----------------------------------------------------------------------------------------
inline constexpr std::string_view kSigInvalid = "sig.invalid";  // the issuer's key does not verify the signature
inline constexpr std::string_view kSigMd5 = "sig.md5";  // signed with MD5 (or MD2/MD4): always fatal
inline constexpr std::string_view kSigSha1 = "sig.sha1";  // signed with SHA-1: fatal under kModern
inline constexpr std::string_view kSigPss = "sig.pss";  // signed with RSASSA-PSS: fatal under PssPolicy::kReject

// -- key.* ----------------------------------------------------------------------------------------
inline constexpr std::string_view kKeyUndecodable = "key.undecodable";  // the public key cannot be decoded
inline constexpr std::string_view kKeyRsaTooSmall = "key.rsa-too-small";  // RSA below 1024 bits
inline constexpr std::string_view kKeyRsaWeak = "key.rsa-weak";  // RSA of 1024..2047 bits, or below min_rsa_bits
inline constexpr std::string_view kKeyAlgorithmNotAccepted =
    "key.algorithm-not-accepted";  // a key kind not in Options::accepted_key_algorithms
inline constexpr std::string_view kKeyRsaSizeNotMultipleOf8 = "key.rsa-size-not-multiple-of-8";  // odd RSA modulus size
inline constexpr std::string_view kKeyEcCurve = "key.ec-curve";  // EC key not on P-256/P-384/P-521
inline constexpr std::string_view kKeyEcExplicitParameters = "key.ec-explicit-parameters";  // explicit EC parameters
inline constexpr std::string_view kKeyDsa = "key.dsa";  // DSA key: fatal under kModern
inline constexpr std::string_view kKeyUnknownAlgorithm = "key.unknown-algorithm";  // note: an unclassified key type

// -- ext.* ----------------------------------------------------------------------------------------
inline constexpr std::string_view kExtUnknownCritical = "ext.unknown-critical";  // a critical extension not processed
inline constexpr std::string_view kExtKeyUsageNoCertSign = "ext.key-usage-no-cert-sign";  // an issuer lacks keyCertSign
inline constexpr std::string_view kExtKeyUsageMissing = "ext.key-usage-missing";  // the leaf lacks a required keyUsage
inline constexpr std::string_view kExtKeyUsageNoDigitalSignature =
    "ext.key-usage-no-digital-signature";  // a TLS server leaf's keyUsage lacks digitalSignature
inline constexpr std::string_view kExtNoSubjectName = "ext.no-subject-name";  // the leaf has no subject and no SAN
inline constexpr std::string_view kExtCnNotInSan = "ext.cn-not-in-san";  // note: a subject CN not copied in the SAN
inline constexpr std::string_view kExtNameConstraintsNotCritical =
    "ext.name-constraints-not-critical";  // note: nameConstraints not critical
inline constexpr std::string_view kExtAkiCritical = "ext.aki-critical";  // profile: AKI marked critical
inline constexpr std::string_view kExtAkiNoKeyId = "ext.aki-no-key-id";  // profile: AKI without keyIdentifier
inline constexpr std::string_view kExtAkiIssuerSerial = "ext.aki-issuer-serial";  // profile: AKI with issuer/serial
inline constexpr std::string_view kExtAkiMissing = "ext.aki-missing";  // profile: no AKI below a self-signed anchor
inline constexpr std::string_view kExtAkiSelfMismatch = "ext.aki-self-mismatch";  // profile: self-signed, AKI != SKI
inline constexpr std::string_view kExtSkiMissing = "ext.ski-missing";  // profile: a CA without subjectKeyIdentifier
inline constexpr std::string_view kExtCrlDpCritical = "ext.crl-dp-critical";  // profile, browser: CRL DP critical
inline constexpr std::string_view kExtAiaCritical = "ext.aia-critical";  // profile: authorityInfoAccess critical
inline constexpr std::string_view kExtBasicConstraintsNotCritical =
    "ext.basic-constraints-not-critical";  // profile: an issuing CA's basicConstraints not critical
inline constexpr std::string_view kExtKeyCertSignWithoutCa =
    "ext.key-cert-sign-without-ca";  // profile: keyCertSign without cA (fatal on a kSignature client's leaf)
inline constexpr std::string_view kExtNameConstraintsNotCa =
    "ext.name-constraints-not-ca";  // profile: nameConstraints in a non-CA
inline constexpr std::string_view kExtSanNotCritical = "ext.san-not-critical";  // profile: no subject, SAN not critical
inline constexpr std::string_view kExtSanCritical = "ext.san-critical";  // profile: a subject and a critical SAN
inline constexpr std::string_view kExtPolicyConstraintsNotCritical =
    "ext.policy-constraints-not-critical";  // profile: policyConstraints not critical
inline constexpr std::string_view kExtSanInvalidDns = "ext.san-invalid-dns";  // profile: a malformed dNSName

// -- eku.* ----------------------------------------------------------------------------------------
inline constexpr std::string_view kEkuLeafMissing = "eku.leaf-missing";  // the leaf's EKU lacks the required purpose
inline constexpr std::string_view kEkuIssuerRestricts = "eku.issuer-restricts";  // kIntersect: an issuer's EKU drops it
inline constexpr std::string_view kEkuLeafAbsent = "eku.leaf-absent";  // profile: the leaf has no EKU
inline constexpr std::string_view kEkuLeafAny = "eku.leaf-any";  // profile: the leaf's EKU has anyExtendedKeyUsage
inline constexpr std::string_view kEkuLeafCritical = "eku.leaf-critical";  // profile: the leaf's EKU is critical
inline constexpr std::string_view kEkuAnchorHasEku = "eku.anchor-has-eku";  // profile: a root above the leaf has EKU

// -- name-constraints.* ---------------------------------------------------------------------------
inline constexpr std::string_view kNameConstraintsNotPermitted =
    "name-constraints.not-permitted";  // a name outside every permitted subtree of its form
inline constexpr std::string_view kNameConstraintsExcluded = "name-constraints.excluded";  // in an excluded subtree
inline constexpr std::string_view kNameConstraintsMalformedName =
    "name-constraints.malformed-name";  // a name that cannot be compared
inline constexpr std::string_view kNameConstraintsMalformedConstraint =
    "name-constraints.malformed-constraint";  // a malformed constraint
inline constexpr std::string_view kNameConstraintsUnsupportedForm =
    "name-constraints.unsupported-form";  // a constrained name form this engine cannot check

// -- crl.* ----------------------------------------------------------------------------------------
inline constexpr std::string_view kCrlRevoked = "crl.revoked";  // listed on its issuer's CRL
inline constexpr std::string_view kCrlIssuerNoCrlSign = "crl.issuer-no-crl-sign";  // a CRL signer without cRLSign
inline constexpr std::string_view kCrlUnknownCritical = "crl.unknown-critical";  // an unknown critical CRL extension
inline constexpr std::string_view kCrlStale = "crl.stale";  // note: the CRL is past its nextUpdate
inline constexpr std::string_view kCrlNumberMissing = "crl.number-missing";  // profile: the CRL has no cRLNumber
inline constexpr std::string_view kCrlNumberCritical = "crl.number-critical";  // profile: cRLNumber marked critical

// -- encoding.* (decoder notes) -------------------------------------------------------------------
inline constexpr std::string_view kEncodingDuplicateExtension = "encoding.duplicate-extension";  // an extension twice
inline constexpr std::string_view kEncodingExtensionUndecodable =
    "encoding.extension-undecodable";  // a known extension that cannot be decoded
inline constexpr std::string_view kEncodingExtensionsInvalid = "encoding.extensions-invalid";  // EXFLAG_INVALID
inline constexpr std::string_view kEncodingEmptySan = "encoding.empty-san";  // a subjectAltName with no entries
inline constexpr std::string_view kEncodingSerialNegative = "encoding.serial-negative";  // a negative serial number
inline constexpr std::string_view kEncodingSerialZero = "encoding.serial-zero";  // a zero serial (fine on an anchor)
inline constexpr std::string_view kEncodingSerialTooLong = "encoding.serial-too-long";  // a serial over 20 octets
inline constexpr std::string_view kEncodingSignatureAlgorithmMismatch =
    "encoding.signature-algorithm-mismatch";  // outer and TBS signature algorithms differ
inline constexpr std::string_view kEncodingVersion = "encoding.version";  // unknown version, or v1/v2 with extensions
inline constexpr std::string_view kEncodingTimeFormat = "encoding.time-format";  // a validity time not in RFC 5280 form
inline constexpr std::string_view kEncodingTimeGeneralizedBefore2050 =
    "encoding.time-generalized-before-2050";  // GeneralizedTime for a date before 2050
inline constexpr std::string_view kEncodingTrailingData = "encoding.trailing-data";  // bytes after the certificate
inline constexpr std::string_view kEncodingIssuerEmpty = "encoding.issuer-empty";  // an empty issuer name
inline constexpr std::string_view kEncodingKeyUsageEmpty = "encoding.key-usage-empty";  // keyUsage with no bit
inline constexpr std::string_view kEncodingEkuEmpty = "encoding.eku-empty";  // extendedKeyUsage with no purpose
inline constexpr std::string_view kEncodingPathlenNegative = "encoding.pathlen-negative";  // pathLenConstraint < 0
inline constexpr std::string_view kEncodingNameConstraintsEmpty =
    "encoding.name-constraints-empty";  // nameConstraints with no subtrees
inline constexpr std::string_view kEncodingNameConstraintsEmptySubtrees =
    "encoding.name-constraints-empty-subtrees";  // an empty list of subtrees
inline constexpr std::string_view kEncodingPolicyConstraintsEmpty =
    "encoding.policy-constraints-empty";  // policyConstraints with neither field
inline constexpr std::string_view kEncodingDuplicatePolicy = "encoding.duplicate-policy";  // a policy OID listed twice
inline constexpr std::string_view kEncodingSkiCritical = "encoding.ski-critical";  // subjectKeyIdentifier critical
// policy.*: RFC 5280 6.1 certificate policy processing (verify/policy_tree).
inline constexpr std::string_view kPolicyExplicitPolicyRequired =
    "policy.explicit-policy-required";  // requireExplicitPolicy in force, no valid policy
inline constexpr std::string_view kPolicyMappingAnyPolicy =
    "policy.mapping-any-policy";  // a policy mapping to or from anyPolicy

// Every id above, in the same order.
inline constexpr std::array kAllProblemIds{
    kVerifyBudgetExhausted,
    kChainNoLeaf,
    kChainNoPath,
    kChainMissingIssuer,
    kChainUntrustedRoot,
    kChainTooLong,
    kChainIssuerNotCa,
    kChainPathLengthExceeded,
    kChainAkiMismatch,
    kChainLeafIsCa,
    kTimeExpired,
    kTimeNotYetValid,
    kTimeInverted,
    kSigInvalid,
    kSigMd5,
    kSigSha1,
    kSigPss,
    kKeyUndecodable,
    kKeyRsaTooSmall,
    kKeyRsaWeak,
    kKeyAlgorithmNotAccepted,
    kKeyRsaSizeNotMultipleOf8,
    kKeyEcCurve,
    kKeyEcExplicitParameters,
    kKeyDsa,
    kKeyUnknownAlgorithm,
    kExtUnknownCritical,
    kExtKeyUsageNoCertSign,
    kExtKeyUsageMissing,
    kExtKeyUsageNoDigitalSignature,
    kExtNoSubjectName,
    kExtCnNotInSan,
    kExtNameConstraintsNotCritical,
    kExtAkiCritical,
    kExtAkiNoKeyId,
    kExtAkiIssuerSerial,
    kExtAkiMissing,
    kExtAkiSelfMismatch,
    kExtSkiMissing,
    kExtCrlDpCritical,
    kExtAiaCritical,
    kExtBasicConstraintsNotCritical,
    kExtKeyCertSignWithoutCa,
    kExtNameConstraintsNotCa,
    kExtSanNotCritical,
    kExtSanCritical,
    kExtPolicyConstraintsNotCritical,
    kExtSanInvalidDns,
    kEkuLeafMissing,
    kEkuIssuerRestricts,
    kEkuLeafAbsent,
    kEkuLeafAny,
    kEkuLeafCritical,
    kEkuAnchorHasEku,
    kNameConstraintsNotPermitted,
    kNameConstraintsExcluded,
    kNameConstraintsMalformedName,
    kNameConstraintsMalformedConstraint,
    kNameConstraintsUnsupportedForm,
    kCrlRevoked,
    kCrlIssuerNoCrlSign,
    kCrlUnknownCritical,
    kCrlStale,
    kCrlNumberMissing,
    kCrlNumberCritical,
    kEncodingDuplicateExtension,
    kEncodingExtensionUndecodable,
    kEncodingExtensionsInvalid,
    kEncodingEmptySan,
    kEncodingSerialNegative,
    kEncodingSerialZero,
    kEncodingSerialTooLong,
    kEncodingSignatureAlgorithmMismatch,
    kEncodingVersion,
    kEncodingTimeFormat,
    kEncodingTimeGeneralizedBefore2050,
    kEncodingTrailingData,
    kEncodingIssuerEmpty,
    kEncodingKeyUsageEmpty,
    kEncodingEkuEmpty,
    kEncodingPathlenNegative,
    kEncodingNameConstraintsEmpty,
    kEncodingNameConstraintsEmptySubtrees,
    kEncodingPolicyConstraintsEmpty,
    kEncodingDuplicatePolicy,
    kEncodingSkiCritical,
    kPolicyExplicitPolicyRequired,
    kPolicyMappingAnyPolicy,
};

constexpr std::span<const std::string_view> all_problem_ids() { return kAllProblemIds; }

}  // namespace uccert::verify::problem
