// The subject's public key as the view describes it: algorithm, size, curve, the SPKI bytes, and
// whether OpenSSL can decode it at all (a malformed RSA key is a finding, not a crash).
//
// OpenSSL 3.0 builds an EVP_PKEY through its provider decoders to answer those questions, which
// costs more than the rest of the certificate together. For the keys certificates carry the same
// answers come from the key's own encoding, checked the way OpenSSL's decoders check it:
// - rsaEncryption: RSAPublicKey read with OpenSSL's BIGNUM item (rsa_pub_decode: d2i_RSAPublicKey
//   on the BIT STRING; the AlgorithmIdentifier parameters are not looked at); bits = modulus bits;
// - id-ecPublicKey on P-256 / P-384 / P-521 named by OID: the point through EC_POINT_oct2point
//   on that curve's group (eckey_pub_decode: o2i_ECPublicKey); bits = the group order's bits;
// - Ed25519 / Ed448: no parameters and a 32 / 57 byte key (ossl_ecx_key_op); 256 / 456 bits
//   (what EVP_PKEY_get_bits reports for them).
// Every other key is decoded with d2i_PUBKEY, as before, and that key is kept.
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include <memory>

#include "uccert/pki/asn1_text.h"
#include "uccert/pki/certificate_decode.h"

namespace uccert::pki::certificate_decode {

namespace {

using x509_fields::oid_text;

using EcGroupPtr = OpenSslPtr<EC_GROUP, EC_GROUP_free>;
using EcPointPtr = OpenSslPtr<EC_POINT, EC_POINT_free>;

// One group per curve for the process: EC_POINT_oct2point only reads it.
const EC_GROUP* named_group(int curve_nid) {
  static const EcGroupPtr p256(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
  static const EcGroupPtr p384(EC_GROUP_new_by_curve_name(NID_secp384r1));
  static const EcGroupPtr p521(EC_GROUP_new_by_curve_name(NID_secp521r1));
  switch (curve_nid) {
    case NID_X9_62_prime256v1: return p256.get();
    case NID_secp384r1: return p384.get();
    case NID_secp521r1: return p521.get();
    default: return nullptr;
  }
}

// Bits of a key OpenSSL decodes without a provider round trip; nullopt: undecodable. `handled`
// is false for keys this file does not judge itself.
std::optional<int> key_bits_without_decoding(int nid, const X509_ALGOR* alg, const ASN1_BIT_STRING* key,
                                             bool& handled) {
  handled = true;
  const auto* data = key != nullptr ? ASN1_STRING_get0_data(key) : nullptr;
  const int length = key != nullptr ? ASN1_STRING_length(key) : 0;
  const std::span<const std::uint8_t> bytes =
      data != nullptr && length > 0 ? std::span<const std::uint8_t>(data, static_cast<std::size_t>(length))
                                    : std::span<const std::uint8_t>();
  int ptype = V_ASN1_UNDEF;
  const void* pval = nullptr;
  X509_ALGOR_get0(nullptr, &ptype, &pval, alg);
  switch (nid) {
    case NID_rsaEncryption:
      return certificate_asn1::rsa_modulus_bits(bytes);
    case NID_ED25519:
      if (ptype != V_ASN1_UNDEF || bytes.size() != 32) return std::nullopt;
      return 256;
    case NID_ED448:
      if (ptype != V_ASN1_UNDEF || bytes.size() != 57) return std::nullopt;
      return 456;
    case NID_X9_62_id_ecPublicKey: {
      const EC_GROUP* group = ptype == V_ASN1_OBJECT && pval != nullptr
                                  ? named_group(OBJ_obj2nid(static_cast<const ASN1_OBJECT*>(pval)))
                                  : nullptr;
      if (group == nullptr) break;
      EcPointPtr point(EC_POINT_new(group));
      if (!point) break;
      if (bytes.empty() || EC_POINT_oct2point(group, point.get(), bytes.data(), bytes.size(), nullptr) != 1) {
        ERR_clear_error();
        return std::nullopt;
      }
      return EC_GROUP_order_bits(group);
    }
    default:
      break;
  }
  handled = false;
  return std::nullopt;
}

}  // namespace

void describe_key_algorithm(PublicKeyInfo& out, const X509_ALGOR* alg) {
  const ASN1_OBJECT* alg_obj = nullptr;
  int ptype = V_ASN1_UNDEF;
  const void* pval = nullptr;
  if (alg != nullptr) X509_ALGOR_get0(&alg_obj, &ptype, &pval, alg);
  if (alg_obj == nullptr) return;
  int nid = OBJ_obj2nid(alg_obj);
  switch (nid) {
    case NID_rsaEncryption: out.algorithm = "RSA"; break;
    case NID_rsassaPss: out.algorithm = "RSASSA-PSS"; break;
    case NID_X9_62_id_ecPublicKey: out.algorithm = "EC"; break;
    case NID_ED25519: out.algorithm = "Ed25519"; break;
    case NID_ED448: out.algorithm = "Ed448"; break;
    case NID_dsa: out.algorithm = "DSA"; break;
    default: out.algorithm = oid_text(alg_obj); break;
  }
  if (nid != NID_X9_62_id_ecPublicKey) return;
  if (ptype == V_ASN1_OBJECT && pval != nullptr) {
    const auto* curve = static_cast<const ASN1_OBJECT*>(pval);
    int cn = OBJ_obj2nid(curve);
    switch (cn) {
      case NID_X9_62_prime256v1: out.curve = "P-256"; break;
      case NID_secp384r1: out.curve = "P-384"; break;
      case NID_secp521r1: out.curve = "P-521"; break;
      default: out.curve = cn != NID_undef ? OBJ_nid2sn(cn) : oid_text(curve); break;
    }
  } else {
    out.curve = "explicit";
  }
}

EvpPkeyPtr decode_public_key(PublicKeyInfo& out, const certificate_asn1::SubjectPublicKeyInfo& spki) {
  out.spki = certificate_asn1::reencoded(spki);
  describe_key_algorithm(out, spki.algorithm);
  const ASN1_OBJECT* alg_obj = nullptr;
  if (spki.algorithm != nullptr) X509_ALGOR_get0(&alg_obj, nullptr, nullptr, spki.algorithm);
  bool handled = false;
  auto bits = key_bits_without_decoding(OBJ_obj2nid(alg_obj), spki.algorithm, spki.public_key, handled);
  if (handled) {
    out.decodable = bits.has_value();
    out.bits = bits.value_or(0);
    return nullptr;
  }
  const auto original = certificate_asn1::original_bytes(spki);
  const unsigned char* p = original.data();
  EvpPkeyPtr key(original.empty() ? nullptr : d2i_PUBKEY(nullptr, &p, static_cast<long>(original.size())));
  if (!key) {
    ERR_clear_error();
    out.decodable = false;
    return nullptr;
  }
  out.bits = EVP_PKEY_get_bits(key.get());
  return key;
}

void decode_public_key_of_x509(PublicKeyInfo& out, const X509* x) {
  X509_PUBKEY* pub = X509_get_X509_PUBKEY(x);
  if (pub == nullptr) {
    out.decodable = false;
    return;
  }
  out.spki = x509_fields::i2d_bytes(pub, [](const X509_PUBKEY* p, unsigned char** o) { return i2d_X509_PUBKEY(p, o); });
  X509_ALGOR* alg = nullptr;
  if (X509_PUBKEY_get0_param(nullptr, nullptr, nullptr, &alg, pub) == 1) describe_key_algorithm(out, alg);
  EVP_PKEY* key = X509_get0_pubkey(x);
  if (key == nullptr) {
    ERR_clear_error();
    out.decodable = false;
    return;
  }
  out.bits = EVP_PKEY_get_bits(key);
}

}  // namespace uccert::pki::certificate_decode
