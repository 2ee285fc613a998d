// Distinguished names: their RFC 4514 text, their attributes, and the canonical form RFC 5280
// 7.1 compares (the one OpenSSL's X509_NAME_cmp uses), whole and per RDN.
#include <openssl/err.h>
#include <openssl/x509.h>

#include <algorithm>
#include <utility>

#include "uccert/pki/handles.h"
#include "uccert/pki/x509_fields.h"

namespace uccert::pki {

namespace x509_fields {

namespace {

// RFC 5280 7.1 / OpenSSL x509_name_canon: directory strings compared as UTF-8 with leading and
// trailing white space removed, inner runs folded to one space, ASCII letters lower-cased.
Bytes canonical_value(const ASN1_STRING* s) {
  Bytes out;
  int type = ASN1_STRING_type(s);
  bool is_text = type == V_ASN1_UTF8STRING || type == V_ASN1_BMPSTRING || type == V_ASN1_UNIVERSALSTRING ||
                 type == V_ASN1_PRINTABLESTRING || type == V_ASN1_T61STRING || type == V_ASN1_IA5STRING ||
                 type == V_ASN1_VISIBLESTRING;
  if (!is_text) {
    out.push_back(static_cast<std::uint8_t>(type & 0xFF));
    Bytes raw = to_bytes(s);
    out.insert(out.end(), raw.begin(), raw.end());
    return out;
  }
  out.push_back(0);  // all text types compare alike
  std::string u = to_utf8(s);
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  std::size_t b = 0, e = u.size();
  while (b < e && is_space(u[b])) ++b;
  while (e > b && is_space(u[e - 1])) --e;
  bool in_space = false;
  for (std::size_t i = b; i < e; ++i) {
    char c = u[i];
    if (is_space(c)) {
      if (!in_space) out.push_back(' ');
      in_space = true;
      continue;
    }
    in_space = false;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out.push_back(static_cast<std::uint8_t>(c));
  }
  return out;
}

std::string name_text(const X509_NAME* name) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio) return {};
  const unsigned long flags = (XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB & ~XN_FLAG_SEP_MASK) | XN_FLAG_SEP_CPLUS_SPC;
  if (X509_NAME_print_ex(bio.get(), name, 0, flags) < 0) {
    ERR_clear_error();
    return {};
  }
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  if (n <= 0 || data == nullptr) return {};
  return std::string(data, static_cast<std::size_t>(n));
}

}  // namespace

void append_len_prefixed(Bytes& out, const Bytes& v) {
  std::uint32_t n = static_cast<std::uint32_t>(v.size());
  for (int sh = 24; sh >= 0; sh -= 8) out.push_back(static_cast<std::uint8_t>((n >> sh) & 0xFF));
  out.insert(out.end(), v.begin(), v.end());
}

std::vector<Bytes> canonical_rdns_of_name(const X509_NAME* name) {
  std::vector<Bytes> rdns;
  int count = X509_NAME_entry_count(name);
  std::vector<Bytes> current;
  int current_set = -1;
  auto flush = [&]() {
    if (current.empty()) return;
    // A multi-valued RDN is a SET: order is not meaningful. (An explicit byte loop: GCC 12 at -O3
    // reports a false stringop-overread in the memcmp behind vector's operator<.)
    std::sort(current.begin(), current.end(), [](const Bytes& a, const Bytes& b) {
      const std::size_t n = std::min(a.size(), b.size());
      for (std::size_t k = 0; k < n; ++k)
        if (a[k] != b[k]) return a[k] < b[k];
      return a.size() < b.size();
    });
    Bytes rdn;
    for (const auto& e : current) append_len_prefixed(rdn, e);
    rdns.push_back(std::move(rdn));
    current.clear();
  };
  for (int i = 0; i < count; ++i) {
    const X509_NAME_ENTRY* e = X509_NAME_get_entry(name, i);
    if (e == nullptr) continue;
    int set = X509_NAME_ENTRY_set(e);
    if (set != current_set) flush();
    current_set = set;
    Bytes one;
    std::string oid = oid_text(X509_NAME_ENTRY_get_object(e));
    append_len_prefixed(one, Bytes(oid.begin(), oid.end()));
    append_len_prefixed(one, canonical_value(X509_NAME_ENTRY_get_data(e)));
    current.push_back(std::move(one));
  }
  flush();
  return rdns;
}

DistinguishedName decode_name(const X509_NAME* name) {
  DistinguishedName dn;
  if (name == nullptr) return dn;
  dn.text = name_text(name);
  int count = X509_NAME_entry_count(name);
  for (int i = 0; i < count; ++i) {
    const X509_NAME_ENTRY* e = X509_NAME_get_entry(name, i);
    if (e == nullptr) continue;
    const ASN1_OBJECT* obj = X509_NAME_ENTRY_get_object(e);
    dn.attributes.push_back({oid_text(obj), short_name_or_oid(obj), to_utf8(X509_NAME_ENTRY_get_data(e))});
  }
  dn.der = i2d_bytes(name, [](const X509_NAME* n, unsigned char** out) { return i2d_X509_NAME(n, out); });
  dn.canonical_rdns = canonical_rdns_of_name(name);
  for (const auto& r : dn.canonical_rdns) append_len_prefixed(dn.canonical, r);
  return dn;
}

}  // namespace x509_fields

std::optional<std::vector<Bytes>> canonical_rdns_of(std::span<const std::uint8_t> name_der) {
  const unsigned char* p = name_der.data();
  X509NamePtr n(d2i_X509_NAME(nullptr, &p, static_cast<long>(name_der.size())));
  if (!n) {
    ERR_clear_error();
    return std::nullopt;
  }
  return x509_fields::canonical_rdns_of_name(n.get());
}

}  // namespace uccert::pki
