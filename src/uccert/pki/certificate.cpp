// Decoding one DER certificate into the immutable Certificate view. OpenSSL does the ASN.1;
// the steps in certificate_decode.h copy what it decoded into plain values and record what they
// had to tolerate (DecodeNote ids) so that verify/ can judge it. Hostile input must never crash:
// every OpenSSL getter may return null and is checked.
#include "uccert/pki/certificate.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <limits>
#include <utility>

#include "uccert/pki/certificate_decode.h"
#include "uccert/pki/certificate_pool.h"
#include "uccert/pki/handles.h"
#include "uccert/pki/x509_fields.h"

namespace uccert::pki {

namespace {

using x509_fields::hex_upper;
using x509_fields::to_bytes;

// The pool's key for `bytes`; empty when the digest fails (then nothing is pooled).
std::string sha256_key(std::span<const std::uint8_t> bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md, &n, EVP_sha256(), nullptr) != 1) {
    ERR_clear_error();
    return {};
  }
  return std::string(reinterpret_cast<const char*>(md), n);
}

void decode_serial(Certificate& c, const X509* x) {
  auto& notes = c.decode_notes;
  const ASN1_INTEGER* serial = X509_get0_serialNumber(x);
  if (serial != nullptr) {
    c.serial = to_bytes(serial);
    if (ASN1_STRING_type(serial) == V_ASN1_NEG_INTEGER)
      notes.push_back({"encoding.serial-negative", "serial number is negative"});
    bool zero = std::all_of(c.serial.begin(), c.serial.end(), [](std::uint8_t b) { return b == 0; });
    if (zero) notes.push_back({"encoding.serial-zero", "serial number is zero"});
    // OpenSSL stores the magnitude; the DER content adds a leading zero when the top bit is set.
    std::size_t der_len = c.serial.size() + ((!c.serial.empty() && (c.serial[0] & 0x80) != 0) ? 1 : 0);
    if (der_len > 20)
      notes.push_back({"encoding.serial-too-long",
                       "serial number is " + std::to_string(der_len) + " octets (RFC 5280: at most 20)"});
    if (!c.serial.empty() && (c.serial[0] & 0x80) != 0 && ASN1_STRING_type(serial) != V_ASN1_NEG_INTEGER)
      c.serial.insert(c.serial.begin(), 0);
  }
  c.serial_hex = hex_upper(c.serial.data(), c.serial.size());
}

void fill(Certificate& c, const X509* x) {
  using namespace certificate_decode;
  auto& notes = c.decode_notes;
  long v = X509_get_version(x);
  if (v < 0 || v > 2) {
    notes.push_back({"encoding.version", "unknown version " + std::to_string(v + 1)});
    c.version = static_cast<int>(std::clamp(v + 1, 0L, 99L));
  } else {
    c.version = static_cast<int>(v + 1);
  }
  decode_serial(c, x);

  c.subject = x509_fields::decode_name(X509_get_subject_name(x));
  c.issuer = x509_fields::decode_name(X509_get_issuer_name(x));
  for (const auto& a : c.subject.attributes) {
    if (a.oid == "2.5.4.3") c.subject_common_names.push_back(a.value);
    if (a.oid == "1.2.840.113549.1.9.1") c.subject_emails.push_back(a.value);
  }
  if (c.issuer.empty()) notes.push_back({"encoding.issuer-empty", "issuer name is empty"});

  auto nb = decode_time(X509_get0_notBefore(x), "notBefore", notes);
  auto na = decode_time(X509_get0_notAfter(x), "notAfter", notes);
  c.not_before = nb.value_or(std::numeric_limits<UnixTime>::max());
  c.not_after = na.value_or(std::numeric_limits<UnixTime>::min());

  const ASN1_BIT_STRING* sig = nullptr;
  const X509_ALGOR* outer = nullptr;
  X509_get0_signature(&sig, &outer, x);
  const X509_ALGOR* inner = X509_get0_tbs_sigalg(x);
  c.signature_algorithm = decode_sigalg(outer, x, true);
  c.tbs_signature_algorithm = decode_sigalg(inner, x, false);
  if (c.tbs_signature_algorithm.pss) c.tbs_signature_algorithm.digest = c.signature_algorithm.digest;
  if (outer != nullptr && inner != nullptr && X509_ALGOR_cmp(outer, inner) != 0)
    notes.push_back(
        {"encoding.signature-algorithm-mismatch", "signatureAlgorithm differs from the one in TBSCertificate"});

  decode_public_key(c, x);
  decode_extensions(c, x);

  // OpenSSL's own verdict on the extensions it caches (bad basicConstraints, bad key
  // identifiers...): recorded, the specific checks live in verify/.
  uint32_t flags = X509_get_extension_flags(const_cast<X509*>(x));
  if ((flags & EXFLAG_INVALID) != 0)
    notes.push_back({"encoding.extensions-invalid", "OpenSSL flags the extensions as invalid"});
  ERR_clear_error();

  c.self_issued = !c.subject.canonical.empty() || !c.issuer.canonical.empty()
                      ? c.subject.canonical == c.issuer.canonical
                      : true;
}

void digests(Certificate& c) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(c.der().data(), c.der().size(), md, &n, EVP_sha1(), nullptr) == 1)
    c.sha1_thumbprint = hex_upper(md, n);
  if (EVP_Digest(c.der().data(), c.der().size(), md, &n, EVP_sha256(), nullptr) == 1) {
    c.sha256_thumbprint = hex_upper(md, n);
    c.der_sha256.assign(md, md + n);
  }
  ERR_clear_error();
}

}  // namespace

struct Certificate::Impl {
  X509Ptr x509;
};

Certificate::Certificate() : impl_(std::make_unique<Impl>()) {}
Certificate::~Certificate() = default;

X509* Certificate::x509() const { return impl_->x509.get(); }

EVP_PKEY* Certificate::public_key_handle() const {
  // OpenSSL decodes the key once when the certificate is parsed and keeps it in the X509.
  EVP_PKEY* k = X509_get0_pubkey(impl_->x509.get());
  if (k == nullptr) ERR_clear_error();
  return k;
}

const Extension* Certificate::find_extension(std::string_view oid) const {
  for (const auto& e : extensions)
    if (e.oid == oid) return &e;
  return nullptr;
}

void Certificate::decode(CertificatePool* pool) {
  fill(*this, impl_->x509.get());
  digests(*this);
  if (self_issued) self_signed = verify_signature(*this, *this, pool).valid;
}

Result<CertificatePtr> Certificate::from_der(std::span<const std::uint8_t> der, CertificatePool* pool) {
  if (der.empty()) return Error{"empty certificate"};
  if (der.size() > static_cast<std::size_t>(std::numeric_limits<long>::max())) return Error{"certificate too large"};
  // The pool is keyed by the bytes given, trailing data included: a copy with trailing bytes
  // keeps its own note.
  const std::string pool_key = pool != nullptr ? sha256_key(der) : std::string();
  if (!pool_key.empty()) {
    if (auto hit = pool->find_certificate(pool_key)) return hit;
  }
  ERR_clear_error();
  const unsigned char* p = der.data();
  X509Ptr x(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!x) {
    std::string why = drain_openssl_errors();
    return Error{"not a DER X.509 certificate" + (why.empty() ? std::string() : ": " + why)};
  }
  auto consumed = static_cast<std::size_t>(p - der.data());
  std::shared_ptr<Certificate> c(new Certificate());
  c->der_.assign(der.data(), der.data() + consumed);
  if (consumed != der.size())
    c->decode_notes.push_back(
        {"encoding.trailing-data", std::to_string(der.size() - consumed) + " bytes after the certificate"});
  c->impl_->x509 = std::move(x);
  c->decode(pool);
  CertificatePtr out(std::move(c));
  if (!pool_key.empty()) return pool->keep_certificate(pool_key, std::move(out));
  return out;
}

Result<CertificatePtr> Certificate::from_x509(X509* owned, CertificatePool* pool) {
  X509Ptr x(owned);
  if (!x) return Error{"no certificate"};
  Bytes der = x509_fields::i2d_bytes(x.get(), [](const X509* c, unsigned char** o) { return i2d_X509(c, o); });
  if (der.empty()) return Error{"certificate cannot be encoded: " + drain_openssl_errors()};
  const std::string pool_key = pool != nullptr ? sha256_key(der) : std::string();
  if (!pool_key.empty()) {
    if (auto hit = pool->find_certificate(pool_key)) return hit;
  }
  std::shared_ptr<Certificate> c(new Certificate());
  c->der_ = std::move(der);
  c->impl_->x509 = std::move(x);
  c->decode(pool);
  CertificatePtr out(std::move(c));
  if (!pool_key.empty()) return pool->keep_certificate(pool_key, std::move(out));
  return out;
}

}  // namespace uccert::pki
