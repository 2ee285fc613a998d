// The certificate template of certificate_asn1.h. Field by field it is OpenSSL 3.0's X509_CINF
// and X509 (crypto/x509/x_x509.c) with OpenSSL's own items, except the key: OpenSSL's X509_PUBKEY
// item is SEQUENCE { X509_ALGOR, BIT STRING } whose decode hook then tries to build an EVP_PKEY
// and never fails the certificate when that does not work; here the same SEQUENCE stays as parsed.
#include "uccert/pki/certificate_asn1.h"

#include <openssl/bn.h>
#include <openssl/err.h>

#include <limits>

namespace uccert::pki::certificate_asn1 {

namespace {

// The macros below expand OpenSSL's C idioms (casts, offsetof) in this file.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wuseless-cast"
#pragma GCC diagnostic ignored "-Winvalid-offsetof"

ASN1_SEQUENCE_enc(SubjectPublicKeyInfo, enc, nullptr) = {
    ASN1_SIMPLE(SubjectPublicKeyInfo, algorithm, X509_ALGOR),
    ASN1_SIMPLE(SubjectPublicKeyInfo, public_key, ASN1_BIT_STRING),
} static_ASN1_SEQUENCE_END_ref(SubjectPublicKeyInfo, SubjectPublicKeyInfo)

// The same SEQUENCE without the kept bytes: encoding through it re-encodes the parts.
ASN1_SEQUENCE(SubjectPublicKeyInfoParts) = {
    ASN1_SIMPLE(SubjectPublicKeyInfo, algorithm, X509_ALGOR),
    ASN1_SIMPLE(SubjectPublicKeyInfo, public_key, ASN1_BIT_STRING),
} static_ASN1_SEQUENCE_END_name(SubjectPublicKeyInfo, SubjectPublicKeyInfoParts)

ASN1_SEQUENCE_enc(TbsCertificate, enc, nullptr) = {
    ASN1_EXP_OPT(TbsCertificate, version, ASN1_INTEGER, 0),
    ASN1_SIMPLE(TbsCertificate, serial, ASN1_INTEGER),
    ASN1_SIMPLE(TbsCertificate, signature, X509_ALGOR),
    ASN1_SIMPLE(TbsCertificate, issuer, X509_NAME),
    ASN1_SIMPLE(TbsCertificate, validity, X509_VAL),
    ASN1_SIMPLE(TbsCertificate, subject, X509_NAME),
    ASN1_SIMPLE(TbsCertificate, public_key_info, SubjectPublicKeyInfo),
    ASN1_IMP_OPT(TbsCertificate, issuer_unique_id, ASN1_BIT_STRING, 1),
    ASN1_IMP_OPT(TbsCertificate, subject_unique_id, ASN1_BIT_STRING, 2),
    ASN1_EXP_SEQUENCE_OF_OPT(TbsCertificate, extensions, X509_EXTENSION, 3),
} static_ASN1_SEQUENCE_END_ref(TbsCertificate, TbsCertificate)

ASN1_SEQUENCE(CertificateAsn1) = {
    ASN1_SIMPLE(CertificateAsn1, tbs, TbsCertificate),
    ASN1_SIMPLE(CertificateAsn1, signature_algorithm, X509_ALGOR),
    ASN1_SIMPLE(CertificateAsn1, signature, ASN1_BIT_STRING),
} static_ASN1_SEQUENCE_END(CertificateAsn1)

struct RsaPublicKey {
  BIGNUM* modulus;
  BIGNUM* public_exponent;
};

ASN1_SEQUENCE(RsaPublicKey) = {
    ASN1_SIMPLE(RsaPublicKey, modulus, BIGNUM),
    ASN1_SIMPLE(RsaPublicKey, public_exponent, BIGNUM),
} static_ASN1_SEQUENCE_END(RsaPublicKey)

const ASN1_ITEM* certificate_item() { return ASN1_ITEM_rptr(CertificateAsn1); }
const ASN1_ITEM* spki_parts_item() { return ASN1_ITEM_rptr(SubjectPublicKeyInfoParts); }
const ASN1_ITEM* rsa_public_key_item() { return ASN1_ITEM_rptr(RsaPublicKey); }
const ASN1_ITEM* tbs_item_of_file() { return ASN1_ITEM_rptr(TbsCertificate); }

#pragma GCC diagnostic pop

struct RsaPublicKeyFree {
  void operator()(RsaPublicKey* k) const noexcept {
    ASN1_item_free(reinterpret_cast<ASN1_VALUE*>(k), rsa_public_key_item());
  }
};

}  // namespace

const ASN1_ITEM* tbs_certificate_item() { return tbs_item_of_file(); }

void CertificateAsn1Free::operator()(CertificateAsn1* c) const noexcept {
  ASN1_item_free(reinterpret_cast<ASN1_VALUE*>(c), certificate_item());
}

CertificateAsn1Ptr parse(std::span<const std::uint8_t> der, std::size_t& consumed) {
  consumed = 0;
  if (der.size() > static_cast<std::size_t>(std::numeric_limits<long>::max())) return nullptr;
  const unsigned char* p = der.data();
  ASN1_VALUE* v = ASN1_item_d2i(nullptr, &p, static_cast<long>(der.size()), certificate_item());
  if (v == nullptr) return nullptr;
  consumed = static_cast<std::size_t>(p - der.data());
  return CertificateAsn1Ptr(reinterpret_cast<CertificateAsn1*>(v));
}

std::span<const std::uint8_t> original_bytes(const SubjectPublicKeyInfo& spki) {
  if (spki.enc.enc == nullptr || spki.enc.len <= 0) return {};
  return {spki.enc.enc, static_cast<std::size_t>(spki.enc.len)};
}

std::vector<std::uint8_t> reencoded(const SubjectPublicKeyInfo& spki) {
  unsigned char* out = nullptr;
  int n = ASN1_item_i2d(reinterpret_cast<const ASN1_VALUE*>(&spki), &out, spki_parts_item());
  std::vector<std::uint8_t> bytes;
  if (n > 0 && out != nullptr) bytes.assign(out, out + n);
  OPENSSL_free(out);
  if (n <= 0) ERR_clear_error();
  return bytes;
}

std::optional<int> rsa_modulus_bits(std::span<const std::uint8_t> rsa_public_key) {
  if (rsa_public_key.size() > static_cast<std::size_t>(std::numeric_limits<long>::max())) return std::nullopt;
  const unsigned char* p = rsa_public_key.data();
  std::unique_ptr<RsaPublicKey, RsaPublicKeyFree> key(reinterpret_cast<RsaPublicKey*>(
      ASN1_item_d2i(nullptr, &p, static_cast<long>(rsa_public_key.size()), rsa_public_key_item())));
  if (!key) {
    ERR_clear_error();
    return std::nullopt;
  }
  return BN_num_bits(key->modulus);
}

}  // namespace uccert::pki::certificate_asn1
