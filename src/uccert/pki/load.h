// Loading certificates from a file, whatever the container: PEM, DER, PKCS#7, PKCS#12 or a
// PKCS#10 request. The kind is detected from the content, never from the file name (Windows
// names a Base-64 PEM ".cer" as readily as a DER one).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "uccert/pki/certificate.h"
#include "uccert/pki/csr.h"
#include "uccert/pki/error.h"
#include "uccert/pki/secret.h"

namespace uccert::pki {

enum class ContainerKind { kPem, kDer, kPkcs7, kPkcs12, kCsr };

// Stable names used in text and JSON: "PEM", "DER", "PKCS#7", "PKCS#12", "PKCS#10".
std::string_view container_name(ContainerKind kind);

// How the container's bytes were encoded on disk.
enum class Encoding { kPem, kDer, kBase64 };
std::string_view encoding_name(Encoding encoding);  // "PEM", "DER", "base64"

// What a PKCS#12 file (.pfx/.p12) holds besides its certificates (PS-05, S-10: Lync imports the
// full-chain PFX; a leaf-only PFX leaves iOS and phones without the intermediate).
struct Pkcs12Facts {
  bool password_protected = false;   // false when the MAC verifies with an empty password
  bool mac_present = false;
  bool has_private_key = false;
  // The private key's public half equals the leaf's public key. nullopt when there is no key or
  // no certificate.
  std::optional<bool> key_matches_leaf;
  // Index (in file order) of the certificate the key belongs to, if any.
  std::optional<std::size_t> key_certificate_index;
  std::optional<std::size_t> leaf_index;  // the certificate that issued no other one in the file
  bool carries_chain = false;             // holds certificates besides the leaf
  std::size_t certificate_count = 0;
  std::string friendly_name;              // the leaf's friendlyName bag attribute ("" when none)
};

struct LoadedFile {
  std::string path;  // as given
  ContainerKind container = ContainerKind::kPem;
  Encoding encoding = Encoding::kPem;
  std::vector<CertificatePtr> certificates;  // in file order
  std::optional<Pkcs12Facts> pkcs12;         // PKCS#12 only
  std::optional<CsrView> csr;                // a PKCS#10 request
  std::vector<std::string> notes;            // tolerated oddities ("skipped a PRIVATE KEY block")
};

// Supplies the password of a PKCS#12 file when the empty password does not open it. Called at
// most once per file; nullopt means none is available.
using PasswordSource = std::function<std::optional<Secret>(const std::string& path)>;

// Files larger than this are refused before they are read: a certificate bundle is kilobytes.
inline constexpr std::size_t kDefaultMaxFileSize = 10U * 1024U * 1024U;

// Files holding more certificates than this are refused before the rest is decoded: a server's
// chain has 2 to 5 and a root bundle a few hundred (Debian's ~150), while 10 MiB of small EC
// certificates is some 20,000, and relating every certificate of a file to every other (chain
// order, the leaf of a PKCS#12) grows with the square of the count (docs/security.md).
inline constexpr std::size_t kDefaultMaxCertificates = 1000;

struct LoadOptions {
  PasswordSource password;  // may be empty: then only unprotected PKCS#12 files open
  // Appended to the error when a PKCS#12 file needs a password and the source gave none
  // (the command line says how to give one).
  std::string missing_password_hint;
  std::size_t max_file_size = kDefaultMaxFileSize;
  std::size_t max_certificates = kDefaultMaxCertificates;
  // The run's pool: certificates already decoded through it are not decoded again, and the
  // ones decoded here are kept in it. nullptr: every certificate is decoded afresh.
  CertificatePool* pool = nullptr;
};

// The one-line refusal of a file with more than `max` certificates.
std::string too_many_certificates(const std::string& name, std::size_t max);

// Reads and decodes one file. Every error is one line that starts with the path (and names the
// certificate's position inside the file, counting from 1, when one certificate is at fault).
Result<LoadedFile> load_file(const std::string& path, const LoadOptions& options = {});

// Decodes bytes already in memory; `name` prefixes error messages.
Result<LoadedFile> load_bytes(std::span<const std::uint8_t> data, const std::string& name,
                              const LoadOptions& options = {});

}  // namespace uccert::pki
