#include "uccert/pki/load.h"

#include <openssl/err.h>
#include <openssl/pkcs7.h>

#include <cstring>
#include <string>

#include "uccert/pki/handles.h"
#include "uccert/pki/pem.h"
#include "uccert/pki/pkcs12.h"
#include "uccert/pki/read_file.h"

namespace uccert::pki {

namespace {

// ---- sniffing ------------------------------------------------------------------------------

// Length of the DER element (tag + length + contents) at the start of `d`; nullopt when the
// header is malformed; the result may exceed d.size() (a truncated element).
std::optional<std::size_t> der_element_size(std::span<const std::uint8_t> d) {
  if (d.size() < 2) return std::nullopt;
  std::size_t header = 2;
  std::size_t len = d[1];
  if (len & 0x80U) {
    const std::size_t count = len & 0x7FU;
    if (count == 0 || count > 4 || d.size() < 2 + count) return std::nullopt;  // indefinite or huge
    len = 0;
    for (std::size_t i = 0; i < count; ++i) len = (len << 8) | d[2 + i];
    header += count;
  }
  return header + len;
}

// The tag of the first element inside the SEQUENCE at the start of `d` (0 when unknown).
std::uint8_t first_inner_tag(std::span<const std::uint8_t> d) {
  if (d.size() < 2) return 0;
  std::size_t header = 2;
  if (d[1] & 0x80U) header += d[1] & 0x7FU;
  return header < d.size() ? d[header] : 0;
}

bool is_printable_text(std::span<const std::uint8_t> d) {
  std::size_t sample = d.size() < 4096 ? d.size() : 4096;
  for (std::size_t i = 0; i < sample; ++i) {
    std::uint8_t c = d[i];
    if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')) return false;
  }
  return true;
}

bool is_base64_text(std::span<const std::uint8_t> d) {
  bool any = false;
  for (std::uint8_t c : d) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '/' || c == '=';
    if (!ok) return false;
    any = true;
  }
  return any;
}

std::string cert_error(const std::string& name, std::size_t index, const std::string& message) {
  return name + ": certificate " + std::to_string(index + 1) + ": " + message;
}

// ---- containers ----------------------------------------------------------------------------

Status add_certificate(LoadedFile& file, std::span<const std::uint8_t> der, const std::string& name,
                       const LoadOptions& options) {
  const std::size_t index = file.certificates.size();
  if (index >= options.max_certificates) return Error{too_many_certificates(name, options.max_certificates)};
  auto cert = Certificate::from_der(der, options.pool);
  if (!cert) return Error{cert_error(name, index, cert.error().message)};
  file.certificates.push_back(std::move(cert.value()));
  return Ok{};
}

Status add_pkcs7(LoadedFile& file, std::span<const std::uint8_t> der, const std::string& name,
                 const std::string& where, const LoadOptions& options) {
  if (der.size() > static_cast<std::size_t>(INT32_MAX)) return Error{name + ": PKCS#7 too large"};
  const unsigned char* p = der.data();
  Pkcs7Ptr p7(d2i_PKCS7(nullptr, &p, static_cast<long>(der.size())));
  if (!p7) return Error{name + ": " + where + "malformed PKCS#7: " + drain_openssl_errors()};
  if (OBJ_obj2nid(p7->type) != NID_pkcs7_signed || p7->d.sign == nullptr) {
    return Error{name + ": " + where + "PKCS#7 is not a signed-data certificate bundle"};
  }
  STACK_OF(X509)* certs = p7->d.sign->cert;
  const int n = certs == nullptr ? 0 : sk_X509_num(certs);
  if (n == 0) return Error{name + ": " + where + "the PKCS#7 bundle holds no certificate"};
  if (file.certificates.size() + static_cast<std::size_t>(n) > options.max_certificates) {
    return Error{too_many_certificates(name, options.max_certificates)};
  }
  for (int i = 0; i < n; ++i) {
    const std::size_t index = file.certificates.size();
    X509* x = sk_X509_value(certs, i);
    auto cert = Certificate::from_x509(share(x).release(), options.pool);
    if (!cert) return Error{cert_error(name, index, cert.error().message)};
    file.certificates.push_back(std::move(cert.value()));
  }
  return Ok{};
}

Status add_csr(LoadedFile& file, std::span<const std::uint8_t> der, const std::string& name) {
  if (file.csr) return Error{name + ": holds more than one certificate request"};
  auto csr = decode_csr(der);
  if (!csr) return Error{name + ": " + csr.error().message};
  file.csr = std::move(csr.value());
  return Ok{};
}

bool is_certificate_label(std::string_view l) {
  return l == "CERTIFICATE" || l == "X509 CERTIFICATE" || l == "TRUSTED CERTIFICATE";
}
bool is_pkcs7_label(std::string_view l) { return l == "PKCS7" || l == "PKCS #7 SIGNED DATA" || l == "CMS"; }
bool is_csr_label(std::string_view l) { return l == "CERTIFICATE REQUEST" || l == "NEW CERTIFICATE REQUEST"; }

Result<LoadedFile> load_pem(std::string_view text, const std::string& name, const LoadOptions& options) {
  auto blocks = parse_pem(text);
  if (!blocks) return Error{name + ": " + blocks.error().message};
  // Key blocks are decoded by the framing: wipe every body once done with it.
  struct WipeBlocks {
    std::vector<PemBlock>& blocks;
    ~WipeBlocks() {
      for (PemBlock& b : blocks) wipe(b.der.data(), b.der.size());
    }
  } wipe_blocks{blocks.value()};
  LoadedFile file;
  file.path = name;
  file.encoding = Encoding::kPem;
  bool kind_set = false;
  std::vector<std::string> skipped;
  for (std::size_t b = 0; b < blocks->size(); ++b) {
    const PemBlock& block = (*blocks)[b];
    const std::string where =
        "PEM block " + std::to_string(b + 1) + " (line " + std::to_string(block.line) + "): ";
    Status st = Ok{};
    if (is_certificate_label(block.label)) {
      if (!kind_set) file.container = ContainerKind::kPem;
      if (block.label == "TRUSTED CERTIFICATE") {
        // OpenSSL's trusted form appends trust settings after the certificate: decode only the
        // certificate element.
        auto size = der_element_size(block.der);
        std::span<const std::uint8_t> der = block.der;
        if (size && *size <= der.size()) der = der.first(*size);
        st = add_certificate(file, der, name, options);
      } else {
        st = add_certificate(file, block.der, name, options);
      }
    } else if (is_pkcs7_label(block.label)) {
      if (!kind_set) file.container = ContainerKind::kPkcs7;
      st = add_pkcs7(file, block.der, name, where, options);
    } else if (is_csr_label(block.label)) {
      if (!kind_set) file.container = ContainerKind::kCsr;
      st = add_csr(file, block.der, name);
    } else {
      // Private keys, parameters, CRLs: not ours to show. A key is never decoded here.
      skipped.push_back(block.label);
      continue;
    }
    kind_set = true;
    if (!st) return st.error();
  }
  for (const std::string& label : skipped) file.notes.push_back("skipped a " + label + " block");
  if (file.certificates.empty() && !file.csr) {
    if (!skipped.empty()) return Error{name + ": holds no certificate (only " + skipped.front() + ")"};
    return Error{name + ": holds no certificate"};
  }
  return file;
}

Result<LoadedFile> load_der(std::span<const std::uint8_t> d, const std::string& name, Encoding encoding,
                            const LoadOptions& options) {
  LoadedFile file;
  file.path = name;
  file.encoding = encoding;
  if (d[0] != 0x30) return Error{name + ": not a certificate file (neither PEM text nor DER)"};
  auto size = der_element_size(d);
  if (!size) return Error{name + ": not a certificate file (malformed DER header)"};
  if (*size > d.size()) {
    return Error{name + ": truncated: the DER structure says " + std::to_string(*size) + " bytes, the file has " +
                 std::to_string(d.size())};
  }
  const std::uint8_t inner = first_inner_tag(d);
  if (inner == 0x06) {  // ContentInfo: contentType OID first
    file.container = ContainerKind::kPkcs7;
    if (*size != d.size()) return Error{name + ": stray bytes after the PKCS#7 bundle"};
    Status st = add_pkcs7(file, d, name, "", options);
    if (!st) return st.error();
    return file;
  }
  if (inner == 0x02) {  // PFX: version INTEGER first
    file.container = ContainerKind::kPkcs12;
    auto p12 = read_pkcs12(d, name, options);
    if (!p12) return p12.error();
    file.certificates = std::move(p12->certificates);
    file.pkcs12 = p12->facts;
    return file;
  }
  if (inner != 0x30) return Error{name + ": not a certificate file (unknown DER structure)"};
  // A certificate or a request: both are SEQUENCE { SEQUENCE, AlgorithmIdentifier, BIT STRING }.
  // A request's info starts with INTEGER 0 then the subject Name; a certificate's TBS with
  // [0] version or the serial then an AlgorithmIdentifier. Try the certificate first.
  std::span<const std::uint8_t> first = d.first(*size);
  auto cert = Certificate::from_der(first, options.pool);
  if (!cert) {
    ERR_clear_error();
    auto csr = decode_csr(first);
    ERR_clear_error();
    if (csr && *size == d.size()) {
      file.container = ContainerKind::kCsr;
      file.csr = std::move(csr.value());
      return file;
    }
    return Error{cert_error(name, 0, cert.error().message)};
  }
  file.container = ContainerKind::kDer;
  file.certificates.push_back(std::move(cert.value()));
  // Several DER certificates concatenated (`cat a.cer b.cer`): take each in turn.
  std::size_t at = *size;
  while (at < d.size()) {
    std::span<const std::uint8_t> rest = d.subspan(at);
    const std::size_t index = file.certificates.size();
    if (rest[0] != 0x30) {
      return Error{name + ": " + std::to_string(rest.size()) + " stray bytes after certificate " + std::to_string(index)};
    }
    auto next = der_element_size(rest);
    if (!next || *next > rest.size()) return Error{cert_error(name, index, "truncated DER")};
    Status st = add_certificate(file, rest.first(*next), name, options);
    if (!st) return st.error();
    at += *next;
  }
  return file;
}

}  // namespace

std::string_view container_name(ContainerKind kind) {
  switch (kind) {
    case ContainerKind::kPem: return "PEM";
    case ContainerKind::kDer: return "DER";
    case ContainerKind::kPkcs7: return "PKCS#7";
    case ContainerKind::kPkcs12: return "PKCS#12";
    case ContainerKind::kCsr: return "PKCS#10";
  }
  return "PEM";
}

std::string_view encoding_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::kPem: return "PEM";
    case Encoding::kDer: return "DER";
    case Encoding::kBase64: return "base64";
  }
  return "DER";
}

std::string too_many_certificates(const std::string& name, std::size_t max) {
  return name + ": holds more than " + std::to_string(max) +
         " certificates: refused (a server's chain has 2 to 5, a root bundle a few hundred)";
}

Result<LoadedFile> load_bytes(std::span<const std::uint8_t> data, const std::string& name,
                              const LoadOptions& options) {
  if (data.empty()) return Error{name + ": the file is empty"};
  if (data.size() > options.max_file_size) {
    return Error{name + ": too large for a certificate file (more than " + mib_text(options.max_file_size) + ")"};
  }
  std::string_view text(reinterpret_cast<const char*>(data.data()), data.size());
  Result<LoadedFile> out = Error{""};
  if (looks_like_pem(text)) {
    out = load_pem(text, name, options);
  } else if (data[0] == 0x30 && !is_printable_text(data)) {
    // DER always has control bytes in its first tags and lengths; a text file may start with '0'.
    out = load_der(data, name, Encoding::kDer, options);
  } else if (is_printable_text(data) && is_base64_text(data)) {
    // Bare base64 without PEM lines (a PFX exported from a key vault, a .cer pasted from mail).
    auto der = decode_base64(text);
    if (!der || der->empty() || (*der)[0] != 0x30) {
      return Error{name + ": not a certificate file (base64 text that decodes to no DER structure)"};
    }
    out = load_der(*der, name, Encoding::kBase64, options);
  } else if (is_printable_text(data)) {
    std::string_view trimmed = text;
    while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == '\r' || trimmed.back() == ' ')) {
      trimmed.remove_suffix(1);
    }
    if (trimmed.empty()) return Error{name + ": the file holds only white space"};
    return Error{name + ": not a certificate file (text without a -----BEGIN line)"};
  } else {
    return Error{name + ": not a certificate file (neither PEM text nor DER)"};
  }
  ERR_clear_error();
  if (out) out->path = name;
  return out;
}

Result<LoadedFile> load_file(const std::string& path, const LoadOptions& options) {
  auto data = read_file(path, options.max_file_size);
  if (!data) return data.error();
  Result<LoadedFile> out = load_bytes(*data, path, options);
  // The bytes may hold a private key (PKCS#12, PEM key blocks): do not leave them in freed memory.
  wipe(data->data(), data->size());
  return out;
}

}  // namespace uccert::pki
