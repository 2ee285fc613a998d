#include "uccert/pki/asn1_text.h"

#include <openssl/objects.h>

namespace uccert::pki::x509_fields {

std::string hex_upper(const std::uint8_t* p, std::size_t n) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[p[i] >> 4]);
    out.push_back(kDigits[p[i] & 0xF]);
  }
  return out;
}

Bytes to_bytes(const ASN1_STRING* s) {
  if (s == nullptr) return {};
  const unsigned char* d = ASN1_STRING_get0_data(s);
  int n = ASN1_STRING_length(s);
  if (d == nullptr || n <= 0) return {};
  return Bytes(d, d + n);
}

std::string to_raw_string(const ASN1_STRING* s) {
  if (s == nullptr) return {};
  const unsigned char* d = ASN1_STRING_get0_data(s);
  int n = ASN1_STRING_length(s);
  if (d == nullptr || n <= 0) return {};
  return std::string(reinterpret_cast<const char*>(d), static_cast<std::size_t>(n));
}

std::string oid_text(const ASN1_OBJECT* obj) {
  if (obj == nullptr) return {};
  char buf[256];
  int n = OBJ_obj2txt(buf, sizeof buf, obj, 1);
  if (n <= 0) return {};
  if (static_cast<std::size_t>(n) >= sizeof buf) {
    // Longer than the buffer: ask again with the exact size.
    std::string big(static_cast<std::size_t>(n) + 1, '\0');
    OBJ_obj2txt(big.data(), n + 1, obj, 1);
    big.resize(static_cast<std::size_t>(n));
    return big;
  }
  return std::string(buf, static_cast<std::size_t>(n));
}

std::string short_name_or_oid(const ASN1_OBJECT* obj) {
  int nid = OBJ_obj2nid(obj);
  if (nid != NID_undef) {
    const char* sn = OBJ_nid2sn(nid);
    if (sn != nullptr) return sn;
  }
  return oid_text(obj);
}

std::string to_utf8(const ASN1_STRING* s) {
  if (s == nullptr) return {};
  unsigned char* out = nullptr;
  int n = ASN1_STRING_to_UTF8(&out, s);
  if (n < 0 || out == nullptr) {
    ERR_clear_error();
    Bytes b = to_bytes(s);
    return "#" + hex_upper(b.data(), b.size());
  }
  std::string r(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
  OPENSSL_free(out);
  return r;
}

}  // namespace uccert::pki::x509_fields
