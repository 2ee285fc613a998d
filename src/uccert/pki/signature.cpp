// Signature algorithms (what a certificate says it was signed with) and signature checks (whether
// an issuer's key verifies it), the latter memoised in a CertificatePool when the caller has one.
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <cctype>

#include "uccert/pki/asn1_text.h"
#include "uccert/pki/certificate_decode.h"
#include "uccert/pki/certificate_pool.h"
#include "uccert/pki/handles.h"

namespace uccert::pki {

namespace {

using RsaPssParamsPtr = OpenSslPtr<RSA_PSS_PARAMS, RSA_PSS_PARAMS_free>;
using X509AlgorPtr = OpenSslPtr<X509_ALGOR, X509_ALGOR_free>;

}  // namespace

namespace certificate_decode {

namespace {

// The digest of RSASSA-PSS parameters as OpenSSL's X509_get_signature_info reports it for a
// certificate's signatureAlgorithm (rsa_sig_info_set: ossl_rsa_pss_decode, then
// ossl_rsa_pss_get_param), NID_undef when OpenSSL would not accept the parameters.
int pss_digest_nid(const X509_ALGOR* alg) {
  int ptype = V_ASN1_UNDEF;
  const void* pval = nullptr;
  X509_ALGOR_get0(nullptr, &ptype, &pval, alg);
  if (ptype != V_ASN1_SEQUENCE || pval == nullptr) return NID_undef;
  const auto* seq = static_cast<const ASN1_STRING*>(pval);
  const unsigned char* p = ASN1_STRING_get0_data(seq);
  RsaPssParamsPtr pss(p != nullptr ? d2i_RSA_PSS_PARAMS(nullptr, &p, ASN1_STRING_length(seq)) : nullptr);
  if (!pss) return NID_undef;
  // maskGenAlgorithm, when present, must be MGF1 with a decodable hash AlgorithmIdentifier.
  X509AlgorPtr mask_hash;
  if (pss->maskGenAlgorithm != nullptr) {
    if (OBJ_obj2nid(pss->maskGenAlgorithm->algorithm) != NID_mgf1) return NID_undef;
    mask_hash.reset(static_cast<X509_ALGOR*>(
        ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(X509_ALGOR), pss->maskGenAlgorithm->parameter)));
    if (!mask_hash) return NID_undef;
  }
  // An absent hash is SHA-1 (RFC 4055); an unknown one refuses the parameters.
  const EVP_MD* md = pss->hashAlgorithm != nullptr ? EVP_get_digestbyobj(pss->hashAlgorithm->algorithm) : EVP_sha1();
  if (md == nullptr) return NID_undef;
  if (mask_hash && EVP_get_digestbyobj(mask_hash->algorithm) == nullptr) return NID_undef;
  // OpenSSL keeps both in an int (ossl_rsa_pss_get_param_unverified); so does this check.
  if (pss->saltLength != nullptr && static_cast<int>(ASN1_INTEGER_get(pss->saltLength)) < 0) return NID_undef;
  if (pss->trailerField != nullptr && static_cast<int>(ASN1_INTEGER_get(pss->trailerField)) != 1) return NID_undef;
  return EVP_MD_get_type(md);
}

}  // namespace

std::string digest_name(int md_nid) {
  if (md_nid == NID_undef) return {};
  const char* sn = OBJ_nid2sn(md_nid);
  if (sn == nullptr) return {};
  std::string s = sn;
  std::string out;
  for (char c : s)
    if (c != '-') out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;  // "SHA256", "SHA1", "MD5", "SHA512"...
}

SignatureAlgorithm decode_sigalg(const X509_ALGOR* alg, bool outer) {
  SignatureAlgorithm out;
  if (alg == nullptr) return out;
  const ASN1_OBJECT* obj = nullptr;
  X509_ALGOR_get0(&obj, nullptr, nullptr, alg);
  out.oid = x509_fields::oid_text(obj);
  int nid = OBJ_obj2nid(obj);
  if (nid != NID_undef) {
    const char* ln = OBJ_nid2ln(nid);
    out.name = ln != nullptr ? ln : out.oid;
  } else {
    out.name = out.oid;
  }
  out.pss = nid == NID_rsassaPss;
  int md = NID_undef, pk = NID_undef;
  if (nid != NID_undef && OBJ_find_sigid_algs(nid, &md, &pk) == 1 && md != NID_undef) {
    out.digest = digest_name(md);
  } else if (out.pss && outer) {
    out.digest = digest_name(pss_digest_nid(alg));
  }
  ERR_clear_error();
  return out;
}

}  // namespace certificate_decode

SignatureCheck verify_signature(const Certificate& subject, const Certificate& issuer, CertificatePool* pool) {
  if (pool != nullptr) {
    if (auto hit = pool->find_signature(subject, issuer)) return *hit;
  }
  SignatureCheck out;
  EVP_PKEY* k = issuer.public_key_handle();
  if (k == nullptr) {
    out.error = "issuer key undecodable";
  } else {
    ERR_clear_error();
    int r = subject.verify_signature_with(k);
    if (r == 1) {
      out.valid = true;
    } else {
      std::string why = drain_openssl_errors();
      out.error = "signature does not verify";
      if (!why.empty()) out.error += " (" + why + ")";
    }
  }
  if (pool != nullptr) pool->keep_signature(subject, issuer, out);
  return out;
}

}  // namespace uccert::pki
