// Certificate minting for tests, the demo deployment and the loopback lab: a CertSpec plus a
// key (and an issuer, or none for self-signed) becomes a certificate; writers put certificates,
// keys, CSRs, PKCS#7 and PKCS#12 bundles on disk atomically.
//
// Every field of CertSpec does exactly what it says and nothing else, so tests can build the
// broken certificates the rules look for (wildcard CN for UM-02, missing intermediates, MD5
// signatures, unknown critical extensions...). URLs in minted certificates used by tests point at
// 127.0.0.1 only (kLabAiaUrl and friends).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "uccert/pki/certificate.h"
#include "uccert/pki/error.h"
#include "uccert/pki/handles.h"
#include "uccert/pki/secret.h"

namespace uccert::lab {

inline constexpr pki::UnixTime kHour = 3600;
inline constexpr pki::UnixTime kDay = 24 * kHour;

// Loopback URLs (port 1: nothing listens there) for AIA / CRL fields of test certificates.
inline constexpr std::string_view kLabAiaUrl = "http://127.0.0.1:1/ca.crt";
inline constexpr std::string_view kLabOcspUrl = "http://127.0.0.1:1/ocsp";
inline constexpr std::string_view kLabCrlUrl = "http://127.0.0.1:1/ca.crl";

// The current time from the system clock (lab/ mints for "now"; verify/ never reads the clock).
pki::UnixTime now();

// ---------------------------------------------------------------------------------------------
// Keys

struct KeySpec {
  enum Kind { kRsa, kEc, kEd25519 } kind = kRsa;
  int rsa_bits = 2048;
  std::string curve = "P-256";  // "P-256", "P-384", "P-521" or any OpenSSL group name

  static KeySpec rsa(int bits = 2048) { return KeySpec{kRsa, bits, "P-256"}; }
  static KeySpec ec(std::string curve_name = "P-256") { return KeySpec{kEc, 2048, std::move(curve_name)}; }
  static KeySpec ed25519() { return KeySpec{kEd25519, 2048, "P-256"}; }
  std::string describe() const;  // "RSA-2048", "EC-P-256", "Ed25519"
  bool operator==(const KeySpec&) const = default;
};

// One private key. Copies share the same EVP_PKEY (EVP_PKEY_up_ref), so a key can sign or be
// certified several times (cross-signed CAs, renewals that keep the key).
class KeyPair {
 public:
  // A fresh key (slow for RSA: tens of milliseconds). The error names the spec.
  static Result<KeyPair> generate(const KeySpec& spec);
  // The index-th key of a pool per spec: same (spec, index) -> same key; different index ->
  // different key. For tests and the lab only, never for anything real: the pool lives for the
  // process and is also kept on disk, so the many test processes ctest starts share keys instead
  // of each generating RSA keys again. The disk cache is a per-user folder (mode 0700) in the
  // temporary directory; UCCERT_KEY_CACHE=DIR moves it, UCCERT_KEY_CACHE=off disables it.
  // Thread-safe. Throws std::runtime_error when the spec cannot be generated (a broken test).
  static KeyPair cached(const KeySpec& spec = {}, int index = 0);
  // Reads a PEM private key (PKCS#8 or traditional, unencrypted).
  static Result<KeyPair> from_pem(std::string_view pem);
  // Takes over one reference to `owned`.
  static KeyPair adopt(pki::EvpPkeyPtr owned);

  KeyPair(const KeyPair& other);
  KeyPair& operator=(const KeyPair& other);
  KeyPair(KeyPair&&) noexcept = default;
  KeyPair& operator=(KeyPair&&) noexcept = default;
  ~KeyPair() = default;

  EVP_PKEY* get() const { return pkey_.get(); }  // borrowed
  // PKCS#8 PEM, unencrypted, in a buffer wiped when it goes away (what the writers use).
  pki::Secret pem_private_secret() const;
  std::string pem_private() const;               // the same as a plain string (tests compare it)
  std::string pem_public() const;                // SubjectPublicKeyInfo PEM
  pki::Bytes spki_der() const;                   // DER of SubjectPublicKeyInfo
  // SHA-1 of the subjectPublicKey BIT STRING contents (RFC 5280 4.2.1.2 method 1).
  pki::Bytes key_id() const;
  bool same_key(const KeyPair& other) const;

 private:
  explicit KeyPair(pki::EvpPkeyPtr pkey) : pkey_(std::move(pkey)) {}
  pki::EvpPkeyPtr pkey_;
};

// ---------------------------------------------------------------------------------------------
// What to mint

// One attribute of a distinguished name: a short name OpenSSL knows ("CN", "O", "OU", "C",
// "L", "ST", "DC", "emailAddress", "serialNumber"...) or a dotted OID; value as UTF-8.
struct NameEntry {
  std::string attr;
  std::string value;
};
using Name = std::vector<NameEntry>;  // in encoded order (most significant first); may be empty

// CN plus optional O / OU / C, encoded C, O, OU, CN (the usual order).
Name make_name(std::string_view cn, std::string_view o = {}, std::string_view ou = {},
               std::string_view c = {});

struct RawExtension {
  std::string oid;  // dotted
  bool critical = false;
  pki::Bytes value;  // DER placed inside extnValue
};

struct NameConstraintsSpec {
  bool critical = true;
  std::vector<std::string> permitted_dns, excluded_dns;      // "contoso.com", ".contoso.com"
  std::vector<std::string> permitted_ip, excluded_ip;        // "10.0.0.0/8", "2001:db8::/32"
  std::vector<std::string> permitted_email, excluded_email;  // "contoso.com", "user@contoso.com"
  std::vector<Name> permitted_dir, excluded_dir;
};

// Key usage bits as pki::KeyUsageBit numbers them: ku(kDigitalSignature, kKeyEncipherment).
template <class... Bits>
constexpr std::uint16_t ku(Bits... bits) {
  return static_cast<std::uint16_t>((0U | ... | (1U << static_cast<unsigned>(bits))));
}

struct CertSpec {
  int version = 3;  // 1 writes no extensions at all; 2 and 3 are written as given
  Name subject;     // empty allowed (then identify the certificate by its SAN)
  // Issuer name written into the certificate; default: the issuer's subject (self: own subject).
  // Set to forge name-chaining mistakes.
  std::optional<Name> issuer_name;

  // Subject alternative names; no extension when all four are empty (unless san_force_empty).
  std::vector<std::string> san_dns;
  std::vector<std::string> san_ip;  // "192.0.2.1", "::1"
  std::vector<std::string> san_email;
  std::vector<std::string> san_uri;
  bool san_critical = false;
  bool san_force_empty = false;  // write an empty SAN extension (malformed per RFC 5280)

  // Serial number magnitude, big-endian; default: 16 random bytes, high bit clear, non-zero.
  std::optional<pki::Bytes> serial;
  bool serial_negative = false;

  // Validity; defaults: now - 1 hour .. now + 365 days.
  std::optional<pki::UnixTime> not_before;
  std::optional<pki::UnixTime> not_after;

  // Basic constraints: written for every v3 certificate (CA:TRUE or CA:FALSE) unless omitted.
  bool is_ca = false;
  std::optional<int> path_len;
  bool basic_constraints_critical = true;
  bool omit_basic_constraints = false;

  // Key usage bits (ku(...)); nullopt: CA -> keyCertSign|cRLSign|digitalSignature, leaf ->
  // digitalSignature|keyEncipherment (RSA) or digitalSignature (EC, Ed25519); 0: no extension.
  std::optional<std::uint16_t> key_usage;
  bool key_usage_critical = true;

  // Extended key usage OIDs (dotted or short names "serverAuth"); nullopt: leaf -> serverAuth +
  // clientAuth (what Lync server certificates carry), CA -> none; empty vector: no extension.
  std::optional<std::vector<std::string>> eku;
  bool eku_critical = false;

  std::vector<std::string> crl_urls;         // CRL distribution points (one URI each)
  std::vector<std::string> ocsp_urls;        // AIA OCSP
  std::vector<std::string> ca_issuers_urls;  // AIA caIssuers
  std::vector<std::string> policy_oids;      // certificate policies ("2.5.29.32.0" = anyPolicy)
  std::optional<NameConstraintsSpec> name_constraints;

  // Subject key id: default SHA-1 of the key (kept for every v3 certificate); explicit bytes
  // override; omit drops it.
  std::optional<pki::Bytes> subject_key_id;
  bool omit_subject_key_id = false;
  // Authority key id: default the issuer's subject key id (self-signed: own); explicit bytes
  // override (to forge a mismatch); omit drops it.
  std::optional<pki::Bytes> authority_key_id;
  bool omit_authority_key_id = false;

  // Signature: "sha256" (default), "sha1", "md5", "sha384", "sha512". Ignored for Ed25519
  // issuers. rsa_pss signs RSASSA-PSS with that digest (MGF1 same digest, salt = digest length).
  std::string digest = "sha256";
  bool rsa_pss = false;
  // Flip one bit of the signature after signing (a certificate whose signature does not verify).
  bool corrupt_signature = false;

  std::vector<RawExtension> extra_extensions;  // appended after the ones above
};

// Ready-made specs for the usual shapes (edit the returned spec freely).
CertSpec root_ca_spec(std::string_view cn, std::string_view o = {});  // 10 years, CA, no path len
CertSpec intermediate_ca_spec(std::string_view cn, std::string_view o = {},
                              std::optional<int> path_len = 0);  // 5 years, CA
// Server certificate: CN = cn, SAN = dns (cn is not added to the SAN implicitly).
CertSpec server_spec(std::string_view cn, std::vector<std::string> dns = {});

// ---------------------------------------------------------------------------------------------
// Minting

struct Minted {
  pki::X509Ptr x509;
  pki::Bytes der;
  KeyPair key;               // the subject's key
  pki::CertificatePtr cert;  // decoded view (pki::Certificate::from_der)

  Minted(pki::X509Ptr x, pki::Bytes d, KeyPair k, pki::CertificatePtr c);
  Minted(const Minted& other);
  Minted& operator=(const Minted& other);
  Minted(Minted&&) noexcept = default;
  Minted& operator=(Minted&&) noexcept = default;
  ~Minted() = default;

  std::string pem() const;  // "-----BEGIN CERTIFICATE-----..."
};

// Mints `spec` for `subject_key`, signed by `issuer`'s key (nullptr: self-signed with
// subject_key). The error names the field that could not be encoded.
Result<Minted> try_mint(const CertSpec& spec, const KeyPair& subject_key, const Minted* issuer);
// Same, for tests and fixed scenarios where failure is a bug: throws std::runtime_error.
Minted mint(const CertSpec& spec, const KeyPair& subject_key, const Minted* issuer = nullptr);

// A PKCS#10 request with the spec's subject, and its SAN / key usage / EKU as requested
// extensions, signed by `key` with spec.digest.
Result<pki::X509ReqPtr> make_csr(const CertSpec& spec, const KeyPair& key);

// ---------------------------------------------------------------------------------------------
// CRLs

struct CrlEntrySpec {
  Minted certificate;  // its serial number is listed
  pki::UnixTime revoked_at = 0;
  std::optional<long> reason;  // CRLReason code (1 = keyCompromise, 4 = superseded, ...)
};

struct CrlSpec {
  std::vector<CrlEntrySpec> revoked;
  std::optional<pki::UnixTime> this_update;  // default: now - 1 hour
  std::optional<pki::UnixTime> next_update;  // default: thisUpdate + 7 days
  bool omit_next_update = false;
  std::optional<long> crl_number = 1;
  // Sign with this key instead of the issuer's (a CRL whose signature does not verify).
  std::optional<KeyPair> signer;
};

// The DER CRL of `issuer` (its subject as the CRL issuer), signed with SHA-256.
Result<pki::Bytes> mint_crl(const CrlSpec& spec, const Minted& issuer);
// The same as "-----BEGIN X509 CRL-----" PEM ("" when `der` is not a CRL).
std::string crl_pem(const pki::Bytes& der);

// OCSP responses

enum class Ocsp { kGood, kRevoked, kUnknown };

struct OcspSpec {
  Ocsp status = Ocsp::kGood;
  pki::UnixTime revoked_at = 0;  // kRevoked
  int reason = -1;               // kRevoked: CRLReason code, -1 = none
  std::optional<pki::UnixTime> this_update;  // default: now - 1 hour
  std::optional<pki::UnixTime> next_update;  // default: thisUpdate + 4 days
  bool omit_next_update = false;
  // A delegated responder certificate (with id-kp-OCSPSigning) instead of the issuer.
  std::optional<Minted> signer;
  // Flip one bit of the signature after signing (a response whose signature does not verify).
  bool corrupt_signature = false;
};

// A successful DER OCSP response about `cert` (SHA-1 CertID under `issuer`).
Result<pki::Bytes> mint_ocsp_response(const OcspSpec& spec, const Minted& cert, const Minted& issuer);
// An unsuccessful one (OCSP_RESPONSE_STATUS_TRYLATER = 3, ...), without a body.
pki::Bytes ocsp_error_response(int status);

// ---------------------------------------------------------------------------------------------
// Encoders and writers. A chain is leaf first, as a server sends it.

enum class Encoding { kPem, kDer };

struct Pkcs12Options {
  pki::Secret password;       // "" allowed (still encrypted, empty password); wiped with the options
  bool include_key = true;    // the leaf's private key (chain[0].key)
  bool include_chain = true;  // chain[1..] as CA certificates
  std::string friendly_name;  // "" = none
  bool legacy_3des = false;   // SHA1/3DES PBE and SHA-1 MAC instead of AES-256/PBKDF2
};

std::string pem_chain(const std::vector<Minted>& chain);
Result<pki::Bytes> encode_pkcs7(const std::vector<Minted>& chain, Encoding encoding);
Result<pki::Bytes> encode_pkcs12(const std::vector<Minted>& chain, const Pkcs12Options& options);
Result<pki::Bytes> encode_csr(const X509_REQ* csr, Encoding encoding);

// Writes `data` to a temporary name in the same folder, then renames it over `path`.
// private_file: mode 0600 from creation.
Status write_file_atomic(const std::filesystem::path& path, std::string_view data, bool private_file = false);
Status write_file_atomic(const std::filesystem::path& path, const pki::Bytes& data,
                         bool private_file = false);

Status write_pem_chain(const std::filesystem::path& path, const std::vector<Minted>& chain);
Status write_der(const std::filesystem::path& path, const Minted& cert);
Status write_pkcs7(const std::filesystem::path& path, const std::vector<Minted>& chain,
                   Encoding encoding = Encoding::kPem);
Status write_pkcs12(const std::filesystem::path& path, const std::vector<Minted>& chain,
                    const Pkcs12Options& options);  // 0600 when it holds the key
Status write_csr(const std::filesystem::path& path, const X509_REQ* csr, Encoding encoding = Encoding::kPem);
// PEM, 0600. The PEM is held only in a pki::Secret and OpenSSL's memory BIO, both wiped when
// freed: no copy of the key is left in freed memory.
Status write_private_key(const std::filesystem::path& path, const KeyPair& key);

}  // namespace uccert::lab
