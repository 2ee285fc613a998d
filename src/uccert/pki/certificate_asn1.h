// uccert's own ASN.1 template of an X.509 certificate (RFC 5280 4.1), built on OpenSSL's ASN.1
// machinery. It differs from OpenSSL's X509 item in one place: the SubjectPublicKeyInfo is kept as
// its algorithm and BIT STRING with the original bytes, never turned into an EVP_PKEY (OpenSSL
// 3.0's d2i_X509 spends most of its time there). Every other field uses OpenSSL's own item
// (X509_NAME, X509_ALGOR, X509_VAL, X509_EXTENSION...), so the parse accepts and refuses exactly
// what d2i_X509 does (tests/pki/certificate_reference_test.cpp and fuzz_certificate_reference
// hold it to that). The TBSCertificate keeps its original bytes for signature checks.
// Private to pki/.
#pragma once

#include <openssl/asn1t.h>
#include <openssl/x509.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace uccert::pki::certificate_asn1 {

// SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
struct SubjectPublicKeyInfo {
  X509_ALGOR* algorithm;
  ASN1_BIT_STRING* public_key;
  ASN1_ENCODING enc;  // the bytes as they appeared in the certificate
};

struct TbsCertificate {
  ASN1_INTEGER* version;  // [0] EXPLICIT, absent for v1
  ASN1_INTEGER* serial;
  X509_ALGOR* signature;
  X509_NAME* issuer;
  X509_VAL* validity;
  X509_NAME* subject;
  SubjectPublicKeyInfo* public_key_info;
  ASN1_BIT_STRING* issuer_unique_id;   // [1] IMPLICIT
  ASN1_BIT_STRING* subject_unique_id;  // [2] IMPLICIT
  STACK_OF(X509_EXTENSION) * extensions;  // [3] EXPLICIT
  ASN1_ENCODING enc;  // the signed bytes
};

struct CertificateAsn1 {
  TbsCertificate* tbs;
  X509_ALGOR* signature_algorithm;
  ASN1_BIT_STRING* signature;
};

const ASN1_ITEM* tbs_certificate_item();

struct CertificateAsn1Free {
  void operator()(CertificateAsn1* c) const noexcept;
};
using CertificateAsn1Ptr = std::unique_ptr<CertificateAsn1, CertificateAsn1Free>;

// Parses one certificate at the start of `der`; `consumed` is how many bytes it took. Null when
// d2i_X509 would refuse the bytes (OpenSSL's error queue says why).
CertificateAsn1Ptr parse(std::span<const std::uint8_t> der, std::size_t& consumed);

// The SubjectPublicKeyInfo bytes as they appear in the certificate.
std::span<const std::uint8_t> original_bytes(const SubjectPublicKeyInfo& spki);

// The SubjectPublicKeyInfo encoded again from its parts, as i2d_X509_PUBKEY encodes what
// d2i_X509 decoded (equal to original_bytes for DER input).
std::vector<std::uint8_t> reencoded(const SubjectPublicKeyInfo& spki);

// RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }, read with OpenSSL's
// BIGNUM item as its RSAPublicKey item does. The modulus size in bits, or nullopt when OpenSSL
// would not decode the key.
std::optional<int> rsa_modulus_bits(std::span<const std::uint8_t> rsa_public_key);

}  // namespace uccert::pki::certificate_asn1
