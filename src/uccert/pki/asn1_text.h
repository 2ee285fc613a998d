// Copying what OpenSSL decoded into plain strings and bytes: the helpers every decoder of
// pki/ shares (certificate, CSR, names, extensions). Private to pki/: it includes OpenSSL.
#pragma once

#include <openssl/asn1.h>
#include <openssl/crypto.h>
#include <openssl/err.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace uccert::pki::x509_fields {

using Bytes = std::vector<std::uint8_t>;

std::string hex_upper(const std::uint8_t* p, std::size_t n);  // "0A1B..."
Bytes to_bytes(const ASN1_STRING* s);                           // the content octets; {} when null
std::string to_raw_string(const ASN1_STRING* s);                // the content octets, unconverted
std::string oid_text(const ASN1_OBJECT* obj);                   // dotted
std::string short_name_or_oid(const ASN1_OBJECT* obj);          // OpenSSL's short name, else dotted
// UTF-8 of any directory string; "#" and the raw bytes in hex when OpenSSL cannot convert them.
std::string to_utf8(const ASN1_STRING* s);

// The DER of `v` through OpenSSL's i2d function `i2d`; {} when it cannot be encoded.
template <class T, class F>
Bytes i2d_bytes(const T* v, F i2d) {
  if (v == nullptr) return {};
  unsigned char* out = nullptr;
  int n = i2d(v, &out);
  if (n <= 0 || out == nullptr) {
    ERR_clear_error();
    return {};
  }
  Bytes r(out, out + n);
  OPENSSL_free(out);
  return r;
}

}  // namespace uccert::pki::x509_fields
