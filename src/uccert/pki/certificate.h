// The decoded, immutable view of one X.509 certificate. Built once from DER, shared as
// std::shared_ptr<const Certificate>. Everything above pki/ reads certificates only through
// this view (design: only pki/, net/ and lab/ include OpenSSL).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "uccert/pki/error.h"
#include "uccert/pki/time.h"

using X509 = struct x509_st;
using EVP_PKEY = struct evp_pkey_st;

namespace uccert::pki {

using Bytes = std::vector<std::uint8_t>;

class CertificatePool;

enum class GeneralNameType { kDns, kIp, kUri, kEmail, kDirectoryName, kOther, kRegisteredId, kX400, kEdiParty };

struct GeneralName {
  GeneralNameType type = GeneralNameType::kDns;
  // DNS, URI, email: the IA5String bytes exactly as encoded (never normalised here).
  // IP: text form ("192.0.2.1", "2001:db8::1"; in a name constraint "192.0.2.0/24").
  // Directory name: one-line RFC 4514 form. Other name: "<oid>:<hex of value DER>".
  std::string value;
  // IP: 4 or 16 address bytes, or 8 / 32 bytes (address then mask) inside a name constraint.
  // Directory name: the DER of the Name. Other name: DER of the value.
  Bytes raw;
  std::string other_name_oid;  // kOther only
  // Directory name: canonical form of each RDN (see DistinguishedName::canonical_rdns).
  std::vector<Bytes> canonical_rdns;
};

struct NameAttribute {
  std::string oid;         // dotted form
  std::string short_name;  // "CN", "O", "OU", "C", "emailAddress"... or the OID when unknown
  std::string value;       // UTF-8
};

struct DistinguishedName {
  std::string text;                       // one line, RFC 4514 order: "CN=pool.contoso.com, O=Contoso"
  std::vector<NameAttribute> attributes;  // in encoded order (RDN sequence, most significant first)
  Bytes der;                              // DER of the Name
  Bytes canonical;                        // OpenSSL's canonical encoding: equal iff names match (RFC 5280 7.1)
  // One canonical encoding per RDN (string values as UTF-8, ASCII lower-cased, white space
  // folded, as X509_NAME_cmp compares them): directoryName constraints compare RDN prefixes.
  std::vector<Bytes> canonical_rdns;
  bool empty() const { return attributes.empty(); }
};

struct Extension {
  std::string oid;   // dotted
  std::string name;  // OpenSSL's short name, or the OID when unknown
  bool critical = false;
  Bytes value;       // the extnValue OCTET STRING contents (DER of the extension's value)
};

struct BasicConstraints {
  bool present = false;
  bool critical = false;
  bool ca = false;
  std::optional<std::int64_t> path_len;
};

// Bits numbered as in RFC 5280 4.2.1.3 (digitalSignature = 0 ... decipherOnly = 8).
enum class KeyUsageBit : int {
  kDigitalSignature = 0, kNonRepudiation = 1, kKeyEncipherment = 2, kDataEncipherment = 3,
  kKeyAgreement = 4, kKeyCertSign = 5, kCrlSign = 6, kEncipherOnly = 7, kDecipherOnly = 8,
};

struct KeyUsage {
  bool present = false;
  bool critical = false;
  std::uint16_t bits = 0;
  bool has(KeyUsageBit b) const { return (bits >> static_cast<int>(b)) & 1U; }
  std::vector<std::string> names() const;  // "digitalSignature", ...
};

struct ExtendedKeyUsage {
  bool present = false;
  bool critical = false;
  std::vector<std::string> oids;   // dotted, in encoded order
  std::vector<std::string> names;  // "serverAuth", "clientAuth", ... (OID when unknown), same order
  bool has(std::string_view oid) const;
};

inline constexpr std::string_view kOidServerAuth = "1.3.6.1.5.5.7.3.1";
inline constexpr std::string_view kOidClientAuth = "1.3.6.1.5.5.7.3.2";
inline constexpr std::string_view kOidAnyExtendedKeyUsage = "2.5.29.37.0";

struct NameConstraints {
  bool present = false;
  bool critical = false;
  std::vector<GeneralName> permitted;
  std::vector<GeneralName> excluded;
  // A subtree with minimum != 0 or a maximum present (RFC 5280 forbids both).
  bool has_min_max = false;
};

struct PolicyInformation {
  std::string oid;
  std::vector<std::string> cps_uris;
};

struct PolicyConstraints {
  bool present = false;
  bool critical = false;
  std::optional<std::int64_t> require_explicit_policy;
  std::optional<std::int64_t> inhibit_policy_mapping;
};

struct PolicyMapping {
  std::string issuer_domain_policy;
  std::string subject_domain_policy;
};

struct PublicKeyInfo {
  std::string algorithm;  // "RSA", "RSASSA-PSS", "EC", "Ed25519", "Ed448", "DSA", or the OID
  int bits = 0;           // key size (RSA modulus bits, EC field bits)
  std::string curve;      // EC: "P-256", "P-384", "P-521", or OpenSSL's name; explicit parameters: "explicit"
  Bytes spki;             // DER of SubjectPublicKeyInfo
  bool decodable = true;  // false when OpenSSL cannot decode the key (e.g. malformed RSA)
};

struct SignatureAlgorithm {
  std::string oid;     // dotted
  std::string name;    // OpenSSL long name: "sha256WithRSAEncryption", "ecdsa-with-SHA384", "rsassaPss"
  std::string digest;  // "SHA256", "SHA1", "MD5", ... ("" for Ed25519 or unknown)
  bool pss = false;
};

struct AuthorityInfoAccess {
  std::vector<std::string> ocsp;
  std::vector<std::string> ca_issuers;
};

// Encoding problems the decoder saw but tolerated; verify/ turns them into problems.
// Ids are stable, dotted, lowercase (all listed in docs/problems.md): "encoding.duplicate-extension", "encoding.serial-negative",
// "encoding.serial-too-long", "encoding.serial-zero", "encoding.signature-algorithm-mismatch",
// "encoding.version", "encoding.extension-undecodable:<oid>", "encoding.empty-san".
struct DecodeNote {
  std::string id;
  std::string detail;
};

class Certificate {
 public:
  // Decodes one DER certificate. The error names what was malformed (no file name: the
  // loader that knows it prefixes it). With a pool the same bytes decode once per run: the
  // result is kept in the pool under their SHA-256 (an intermediate shared by many chains, a
  // root in several trust files), and later calls through that pool return the same object.
  // Without one (nullptr) every call decodes afresh.
  static Result<std::shared_ptr<const Certificate>> from_der(std::span<const std::uint8_t> der,
                                                             CertificatePool* pool = nullptr);
  // Wraps an X509 the caller owns a reference to (the reference is taken over). With a pool, a
  // certificate of the same DER already there is returned instead, and a new one is kept.
  static Result<std::shared_ptr<const Certificate>> from_x509(X509* owned, CertificatePool* pool = nullptr);
  // The decoder from_der replaced: d2i_X509, OpenSSL's own key decoding, X509_get_signature_info
  // and X509_get_extension_flags. For tests and fuzzing only, which hold from_der equal to it
  // (certificate_reference.h); no pool.
  static Result<std::shared_ptr<const Certificate>> from_der_reference(std::span<const std::uint8_t> der);

  ~Certificate();
  Certificate(const Certificate&) = delete;
  Certificate& operator=(const Certificate&) = delete;

  const Bytes& der() const { return der_; }
  // Borrowed, valid as long as this Certificate lives. Made from der() on first use (CRL, OCSP and
  // PKCS#12 code need one; nothing else does); null only if OpenSSL cannot decode der().
  X509* x509() const;

  int version = 3;     // 1, 2 or 3
  Bytes serial;        // big-endian magnitude as encoded (two's complement content octets)
  std::string serial_hex;  // uppercase hex, no separators
  DistinguishedName subject;
  DistinguishedName issuer;
  std::vector<std::string> subject_common_names;  // every CN, in order
  std::vector<std::string> subject_emails;        // every emailAddress attribute of the subject
  UnixTime not_before = 0;
  UnixTime not_after = 0;
  std::vector<GeneralName> subject_alt_names;
  bool has_san_extension = false;
  bool san_critical = false;
  PublicKeyInfo public_key;
  SignatureAlgorithm signature_algorithm;  // outer signatureAlgorithm
  SignatureAlgorithm tbs_signature_algorithm;  // the one inside TBSCertificate
  KeyUsage key_usage;
  ExtendedKeyUsage extended_key_usage;
  BasicConstraints basic_constraints;
  NameConstraints name_constraints;
  Bytes subject_key_id;                   // empty when absent
  Bytes authority_key_id;                 // keyIdentifier; empty when absent
  bool has_authority_key_id = false;      // the extension is present (it may carry only issuer+serial)
  bool authority_key_id_critical = false;
  bool authority_key_id_has_issuer_serial = false;
  AuthorityInfoAccess authority_info_access;
  std::vector<std::string> crl_distribution_points;  // URIs (and other names in text form)
  std::vector<PolicyInformation> policies;
  PolicyConstraints policy_constraints;
  std::vector<PolicyMapping> policy_mappings;
  std::optional<std::int64_t> inhibit_any_policy;
  bool has_sct_list = false;
  std::vector<Extension> extensions;  // every extension in encoded order
  std::vector<DecodeNote> decode_notes;
  bool self_issued = false;  // subject == issuer (RFC 5280 6.1)
  // Self-issued and its own key verifies its signature: checked on first call, then remembered
  // (a root in a bundle of 144 is checked only when a path reaches it).
  bool self_signed() const;
  std::string sha1_thumbprint;    // uppercase hex, no separators (the Windows form)
  std::string sha256_thumbprint;  // uppercase hex, no separators
  Bytes der_sha256;               // raw digest of the DER: cache key and identity

  bool is_ca() const { return basic_constraints.present && basic_constraints.ca; }
  const Extension* find_extension(std::string_view oid) const;
  // This certificate's public key, decoded on first call (when it issues another) and kept;
  // nullptr when undecodable.
  EVP_PKEY* public_key_handle() const;
  // Whether `key` verifies this certificate's signature over its TBSCertificate bytes, as
  // X509_verify answers (1 yes, 0 no, -1 error; 0 also when the outer and inner signature
  // algorithms differ).
  int verify_signature_with(EVP_PKEY* key) const;

 private:
  Certificate();
  // Fills every field from impl_'s X509 (from_x509 and the reference decoder).
  void fill_from_x509();
  struct Impl;
  std::unique_ptr<Impl> impl_;
  Bytes der_;
};

using CertificatePtr = std::shared_ptr<const Certificate>;

// Checks that `issuer`'s key verifies `subject`'s signature (signature.cpp). With a pool the
// result is kept per (subject, issuer) DER pair so a run never pays for the same check twice.
struct SignatureCheck {
  bool valid = false;
  std::string error;  // why not, in a few words ("signature does not verify", "issuer key undecodable")
};
SignatureCheck verify_signature(const Certificate& subject, const Certificate& issuer,
                                CertificatePool* pool = nullptr);

// Canonical RDNs of a DER Name (as DistinguishedName::canonical_rdns); nullopt when undecodable.
std::optional<std::vector<Bytes>> canonical_rdns_of(std::span<const std::uint8_t> name_der);

}  // namespace uccert::pki
