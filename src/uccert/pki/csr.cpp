#include "uccert/pki/csr.h"
#include "uccert/pki/x509_fields.h"

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <array>
#include <string>

#include "uccert/pki/handles.h"

namespace uccert::pki {

namespace {

using x509_fields::decode_general_name;
using x509_fields::decode_name;
using x509_fields::oid_text;
using x509_fields::short_name_or_oid;

std::string to_hex(const std::uint8_t* p, std::size_t n) { return x509_fields::hex_upper(p, n); }


template <class T, class Encode>
Bytes encode_der(const T* value, Encode encode) {
  unsigned char* out = nullptr;
  int n = encode(value, &out);
  if (n <= 0) {
    ERR_clear_error();
    return {};
  }
  Bytes der(out, out + n);
  OPENSSL_free(out);
  return der;
}

std::string curve_name(EVP_PKEY* pkey) {
  std::array<char, 80> group{};
  std::size_t len = 0;
  if (EVP_PKEY_get_group_name(pkey, group.data(), group.size(), &len) != 1) {
    ERR_clear_error();
    return "explicit";
  }
  int nid = OBJ_txt2nid(group.data());
  if (nid != NID_undef) {
    if (const char* nist = EC_curve_nid2nist(nid); nist != nullptr) return nist;
  }
  return group.data();
}

PublicKeyInfo decode_public_key(X509_REQ* req) {
  PublicKeyInfo info;
  info.spki = encode_der(X509_REQ_get_X509_PUBKEY(req),
                         [](const X509_PUBKEY* k, unsigned char** o) { return i2d_X509_PUBKEY(k, o); });
  EVP_PKEY* pkey = X509_REQ_get0_pubkey(req);
  if (pkey == nullptr) {
    ERR_clear_error();
    info.decodable = false;
    ASN1_OBJECT* alg = nullptr;
    if (X509_PUBKEY_get0_param(&alg, nullptr, nullptr, nullptr, X509_REQ_get_X509_PUBKEY(req)) == 1 &&
        alg != nullptr) {
      info.algorithm = short_name_or_oid(alg);
    }
    return info;
  }
  switch (EVP_PKEY_get_base_id(pkey)) {
    case EVP_PKEY_RSA: info.algorithm = "RSA"; break;
    case EVP_PKEY_RSA_PSS: info.algorithm = "RSASSA-PSS"; break;
    case EVP_PKEY_EC: info.algorithm = "EC"; info.curve = curve_name(pkey); break;
    case EVP_PKEY_ED25519: info.algorithm = "Ed25519"; break;
    case EVP_PKEY_ED448: info.algorithm = "Ed448"; break;
    case EVP_PKEY_DSA: info.algorithm = "DSA"; break;
    default: {
      const char* name = EVP_PKEY_get0_type_name(pkey);
      info.algorithm = name != nullptr ? name : "unknown";
    }
  }
  info.bits = EVP_PKEY_get_bits(pkey);
  return info;
}

SignatureAlgorithm decode_signature_algorithm(const X509_ALGOR* alg) {
  SignatureAlgorithm out;
  if (alg == nullptr) return out;
  const ASN1_OBJECT* obj = nullptr;
  X509_ALGOR_get0(&obj, nullptr, nullptr, alg);
  out.oid = oid_text(obj);
  int nid = OBJ_obj2nid(obj);
  out.name = nid != NID_undef ? OBJ_nid2ln(nid) : out.oid;
  out.pss = nid == NID_rsassaPss;
  int md_nid = NID_undef;
  int pk_nid = NID_undef;
  if (nid != NID_undef && OBJ_find_sigid_algs(nid, &md_nid, &pk_nid) == 1 && md_nid != NID_undef) {
    out.digest = OBJ_nid2sn(md_nid);
  }
  return out;
}

void decode_extensions(X509_REQ* req, CsrView& view) {
  STACK_OF(X509_EXTENSION)* exts = X509_REQ_get_extensions(req);
  if (exts == nullptr) {
    ERR_clear_error();
    return;
  }
  for (int i = 0; i < sk_X509_EXTENSION_num(exts); ++i) {
    X509_EXTENSION* ext = sk_X509_EXTENSION_value(exts, i);
    Extension e;
    const ASN1_OBJECT* obj = X509_EXTENSION_get_object(ext);
    e.oid = oid_text(obj);
    e.name = short_name_or_oid(obj);
    e.critical = X509_EXTENSION_get_critical(ext) == 1;
    const ASN1_OCTET_STRING* data = X509_EXTENSION_get_data(ext);
    const unsigned char* p = ASN1_STRING_get0_data(data);
    e.value.assign(p, p + ASN1_STRING_length(data));
    view.requested_extensions.push_back(std::move(e));
  }
  int critical = 0;
  if (GeneralNamesPtr sans(static_cast<GENERAL_NAMES*>(X509V3_get_d2i(exts, NID_subject_alt_name, &critical, nullptr)));
      sans) {
    for (int i = 0; i < sk_GENERAL_NAME_num(sans.get()); ++i) {
      view.requested_sans.push_back(decode_general_name(sk_GENERAL_NAME_value(sans.get(), i), false));
    }
  }
  if (auto* ku = static_cast<ASN1_BIT_STRING*>(X509V3_get_d2i(exts, NID_key_usage, &critical, nullptr));
      ku != nullptr) {
    view.requested_key_usage.present = true;
    view.requested_key_usage.critical = critical == 1;
    for (int bit = 0; bit <= static_cast<int>(KeyUsageBit::kDecipherOnly); ++bit) {
      if (ASN1_BIT_STRING_get_bit(ku, bit) == 1) {
        view.requested_key_usage.bits = static_cast<std::uint16_t>(view.requested_key_usage.bits | (1U << bit));
      }
    }
    ASN1_BIT_STRING_free(ku);
  }
  if (auto* eku = static_cast<EXTENDED_KEY_USAGE*>(X509V3_get_d2i(exts, NID_ext_key_usage, &critical, nullptr));
      eku != nullptr) {
    view.requested_extended_key_usage.present = true;
    view.requested_extended_key_usage.critical = critical == 1;
    for (int i = 0; i < sk_ASN1_OBJECT_num(eku); ++i) {
      const ASN1_OBJECT* obj = sk_ASN1_OBJECT_value(eku, i);
      view.requested_extended_key_usage.oids.push_back(oid_text(obj));
      view.requested_extended_key_usage.names.push_back(short_name_or_oid(obj));
    }
    EXTENDED_KEY_USAGE_free(eku);
  }
  sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
  ERR_clear_error();
}

}  // namespace

Result<CsrView> decode_csr(std::span<const std::uint8_t> der) {
  if (der.empty()) return Error{"empty certificate request"};
  if (der.size() > static_cast<std::size_t>(INT32_MAX)) return Error{"certificate request too large"};
  const unsigned char* p = der.data();
  X509ReqPtr req(d2i_X509_REQ(nullptr, &p, static_cast<long>(der.size())));
  if (!req) {
    std::string why = drain_openssl_errors();
    return Error{"malformed certificate request" + (why.empty() ? std::string() : ": " + why)};
  }
  if (p != der.data() + der.size()) {
    return Error{"certificate request followed by " + std::to_string(der.data() + der.size() - p) +
                 " stray bytes"};
  }

  CsrView view;
  view.der.assign(der.begin(), der.end());
  view.version = static_cast<int>(X509_REQ_get_version(req.get())) + 1;
  view.subject = decode_name(X509_REQ_get_subject_name(req.get()));
  for (const NameAttribute& attr : view.subject.attributes) {
    if (attr.oid == "2.5.4.3") view.subject_common_names.push_back(attr.value);
  }
  view.public_key = decode_public_key(req.get());
  const ASN1_BIT_STRING* sig = nullptr;
  const X509_ALGOR* alg = nullptr;
  X509_REQ_get0_signature(req.get(), &sig, &alg);
  view.signature_algorithm = decode_signature_algorithm(alg);
  decode_extensions(req.get(), view);

  EVP_PKEY* pkey = X509_REQ_get0_pubkey(req.get());
  if (pkey == nullptr) {
    view.signature_error = "public key undecodable";
  } else if (X509_REQ_verify(req.get(), pkey) == 1) {
    view.signature_valid = true;
  } else {
    view.signature_error = "signature does not verify with the request's own key";
  }
  ERR_clear_error();

  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int md_len = 0;
  if (EVP_Digest(der.data(), der.size(), md.data(), &md_len, EVP_sha256(), nullptr) == 1) {
    view.sha256 = to_hex(md.data(), md_len);
  }
  return view;
}

}  // namespace uccert::pki
