// Names for minted certificates: distinguished names from NameEntry lists and GeneralNames
// (DNS, IP with or without a prefix, email, URI, directory names).
#include <algorithm>

#include "uccert/lab/mint_detail.h"

namespace uccert::lab::mint_detail {

Result<pki::X509NamePtr> build_name(const Name& name) {
  pki::X509NamePtr out(X509_NAME_new());
  if (!out) return fail("X509_NAME_new");
  for (const auto& e : name) {
    if (X509_NAME_add_entry_by_txt(out.get(), e.attr.c_str(), MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(e.value.data()),
                                   static_cast<int>(e.value.size()), -1, 0) != 1) {
      return fail(fmt::format("name attribute {}={}", e.attr, e.value));
    }
  }
  return out;
}

Result<GeneralNamePtr> ia5_name(int type, const std::string& value) {
  GeneralNamePtr gn(GENERAL_NAME_new());
  Asn1Ia5StringPtr s(ASN1_IA5STRING_new());
  if (!gn || !s) return fail("GENERAL_NAME_new");
  if (ASN1_STRING_set(s.get(), value.data(), static_cast<int>(value.size())) != 1) {
    return fail(fmt::format("name {}", value));
  }
  GENERAL_NAME_set0_value(gn.get(), type, s.release());
  return gn;
}

// An address/prefix ("192.0.2.0/24") as the address bytes followed by the mask bytes
// (RFC 5280 4.2.1.10).
ASN1_OCTET_STRING* ip_with_mask(const std::string& text) {
  const auto slash = text.find('/');
  if (slash == std::string::npos || slash + 1 >= text.size()) return nullptr;
  pki::OpenSslPtr<ASN1_OCTET_STRING, ASN1_OCTET_STRING_free> addr(
      a2i_IPADDRESS(text.substr(0, slash).c_str()));
  if (!addr) return nullptr;
  const int len = ASN1_STRING_length(addr.get());
  int prefix = 0;
  for (std::size_t i = slash + 1; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9' || prefix > 128) return nullptr;
    prefix = prefix * 10 + (text[i] - '0');
  }
  if (prefix > len * 8) return nullptr;
  pki::Bytes raw(ASN1_STRING_get0_data(addr.get()), ASN1_STRING_get0_data(addr.get()) + len);
  for (int i = 0; i < len; ++i) {
    const int bits = std::min(8, std::max(0, prefix - i * 8));
    raw.push_back(static_cast<std::uint8_t>((0xFF00U >> bits) & 0xFFU));
  }
  ASN1_OCTET_STRING* out = ASN1_OCTET_STRING_new();
  if (out == nullptr || ASN1_OCTET_STRING_set(out, raw.data(), static_cast<int>(raw.size())) != 1) {
    ASN1_OCTET_STRING_free(out);
    return nullptr;
  }
  return out;
}

// IP address ("192.0.2.1"), or with a prefix in name constraints ("192.0.2.0/24").
Result<GeneralNamePtr> ip_name(const std::string& text, bool with_mask) {
  ASN1_OCTET_STRING* raw = with_mask ? ip_with_mask(text) : a2i_IPADDRESS(text.c_str());
  if (raw == nullptr) {
    ERR_clear_error();
    return Error{
        fmt::format("IP address '{}' is not valid{}", text, with_mask ? " (want address/prefix)" : "")};
  }
  GeneralNamePtr gn(GENERAL_NAME_new());
  if (!gn) {
    ASN1_OCTET_STRING_free(raw);
    return fail("GENERAL_NAME_new");
  }
  GENERAL_NAME_set0_value(gn.get(), GEN_IPADD, raw);
  return gn;
}

Result<GeneralNamePtr> dir_name(const Name& name) {
  auto n = build_name(name);
  if (!n) return n.error();
  GeneralNamePtr gn(GENERAL_NAME_new());
  if (!gn) return fail("GENERAL_NAME_new");
  GENERAL_NAME_set0_value(gn.get(), GEN_DIRNAME, n->release());
  return gn;
}

Status push_name(GENERAL_NAMES* names, Result<GeneralNamePtr> gn) {
  if (!gn) return gn.error();
  if (sk_GENERAL_NAME_push(names, gn->get()) == 0) return fail("sk_GENERAL_NAME_push");
  static_cast<void>(gn->release());
  return Ok{};
}

}  // namespace uccert::lab::mint_detail
