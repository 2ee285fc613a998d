// The first and last steps of filling the Certificate view from a certificate's parts: version,
// serial, names, validity and signature algorithms; then OpenSSL's verdict on the extensions and
// whether the certificate is self-issued. Hostile input must never crash: every part may be null.
#include <openssl/err.h>
#include <openssl/x509.h>

#include <algorithm>
#include <limits>

#include "uccert/pki/certificate_decode.h"
#include "uccert/pki/x509_fields.h"

namespace uccert::pki::certificate_decode {

namespace {

using x509_fields::hex_upper;
using x509_fields::to_bytes;

void decode_serial(Certificate& c, const ASN1_INTEGER* serial) {
  auto& notes = c.decode_notes;
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

}  // namespace

void decode_head(Certificate& c, const CertificateParts& parts) {
  auto& notes = c.decode_notes;
  const long v = parts.version;
  if (v < 0 || v > 2) {
    notes.push_back({"encoding.version", "unknown version " + std::to_string(v + 1)});
    c.version = static_cast<int>(std::clamp(v + 1, 0L, 99L));
  } else {
    c.version = static_cast<int>(v + 1);
  }
  decode_serial(c, parts.serial);

  c.subject = x509_fields::decode_name(parts.subject);
  c.issuer = x509_fields::decode_name(parts.issuer);
  for (const auto& a : c.subject.attributes) {
    if (a.oid == "2.5.4.3") c.subject_common_names.push_back(a.value);
    if (a.oid == "1.2.840.113549.1.9.1") c.subject_emails.push_back(a.value);
  }
  if (c.issuer.empty()) notes.push_back({"encoding.issuer-empty", "issuer name is empty"});

  auto nb = decode_time(parts.not_before, "notBefore", notes);
  auto na = decode_time(parts.not_after, "notAfter", notes);
  c.not_before = nb.value_or(std::numeric_limits<UnixTime>::max());
  c.not_after = na.value_or(std::numeric_limits<UnixTime>::min());

  c.signature_algorithm = decode_sigalg(parts.signature_algorithm, true);
  c.tbs_signature_algorithm = decode_sigalg(parts.tbs_signature, false);
  if (c.tbs_signature_algorithm.pss) c.tbs_signature_algorithm.digest = c.signature_algorithm.digest;
  if (parts.signature_algorithm != nullptr && parts.tbs_signature != nullptr &&
      X509_ALGOR_cmp(parts.signature_algorithm, parts.tbs_signature) != 0)
    notes.push_back(
        {"encoding.signature-algorithm-mismatch", "signatureAlgorithm differs from the one in TBSCertificate"});
  ERR_clear_error();
}

void decode_tail(Certificate& c, bool openssl_extensions_invalid) {
  // OpenSSL's own verdict on the extensions it caches (bad basicConstraints, bad key
  // identifiers...): recorded, the specific checks live in verify/.
  if (openssl_extensions_invalid)
    c.decode_notes.push_back({"encoding.extensions-invalid", "OpenSSL flags the extensions as invalid"});
  c.self_issued = !c.subject.canonical.empty() || !c.issuer.canonical.empty()
                      ? c.subject.canonical == c.issuer.canonical
                      : true;
}

}  // namespace uccert::pki::certificate_decode
