// The subject's public key as the view describes it: algorithm, size, curve, the SPKI bytes, and
// whether OpenSSL could decode it at all (a malformed RSA key is a finding, not a crash).
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include "uccert/pki/asn1_text.h"
#include "uccert/pki/certificate_decode.h"

namespace uccert::pki::certificate_decode {

using x509_fields::i2d_bytes;
using x509_fields::oid_text;

void decode_public_key(Certificate& c, const X509* x) {
  X509_PUBKEY* pub = X509_get_X509_PUBKEY(x);
  if (pub == nullptr) {
    c.public_key.decodable = false;
    return;
  }
  c.public_key.spki = i2d_bytes(pub, [](const X509_PUBKEY* p, unsigned char** o) { return i2d_X509_PUBKEY(p, o); });
  ASN1_OBJECT* alg_obj = nullptr;
  X509_ALGOR* alg = nullptr;
  if (X509_PUBKEY_get0_param(&alg_obj, nullptr, nullptr, &alg, pub) == 1 && alg_obj != nullptr) {
    int nid = OBJ_obj2nid(alg_obj);
    switch (nid) {
      case NID_rsaEncryption: c.public_key.algorithm = "RSA"; break;
      case NID_rsassaPss: c.public_key.algorithm = "RSASSA-PSS"; break;
      case NID_X9_62_id_ecPublicKey: c.public_key.algorithm = "EC"; break;
      case NID_ED25519: c.public_key.algorithm = "Ed25519"; break;
      case NID_ED448: c.public_key.algorithm = "Ed448"; break;
      case NID_dsa: c.public_key.algorithm = "DSA"; break;
      default: c.public_key.algorithm = oid_text(alg_obj); break;
    }
    if (nid == NID_X9_62_id_ecPublicKey && alg != nullptr) {
      int ptype = 0;
      const void* pval = nullptr;
      X509_ALGOR_get0(nullptr, &ptype, &pval, alg);
      if (ptype == V_ASN1_OBJECT && pval != nullptr) {
        int cn = OBJ_obj2nid(static_cast<const ASN1_OBJECT*>(pval));
        switch (cn) {
          case NID_X9_62_prime256v1: c.public_key.curve = "P-256"; break;
          case NID_secp384r1: c.public_key.curve = "P-384"; break;
          case NID_secp521r1: c.public_key.curve = "P-521"; break;
          default:
            c.public_key.curve = cn != NID_undef ? OBJ_nid2sn(cn) : oid_text(static_cast<const ASN1_OBJECT*>(pval));
            break;
        }
      } else {
        c.public_key.curve = "explicit";
      }
    }
  }
  EVP_PKEY* key = X509_get0_pubkey(x);
  if (key == nullptr) {
    ERR_clear_error();
    c.public_key.decodable = false;
    return;
  }
  c.public_key.bits = EVP_PKEY_get_bits(key);
}

}  // namespace uccert::pki::certificate_decode
