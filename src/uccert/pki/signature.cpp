// Signature algorithms (what a certificate says it was signed with) and signature checks (whether
// an issuer's key verifies it), the latter memoised in a CertificatePool when the caller has one.
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include <cctype>

#include "uccert/pki/asn1_text.h"
#include "uccert/pki/certificate_decode.h"
#include "uccert/pki/certificate_pool.h"
#include "uccert/pki/handles.h"

namespace uccert::pki {

namespace certificate_decode {

namespace {

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

}  // namespace

SignatureAlgorithm decode_sigalg(const X509_ALGOR* alg, const X509* x, bool outer) {
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
    // PSS carries its digest in the parameters; OpenSSL decodes them for the outer algorithm.
    int mdnid = NID_undef, pknid = NID_undef, secbits = 0;
    uint32_t flags = 0;
    if (X509_get_signature_info(const_cast<X509*>(x), &mdnid, &pknid, &secbits, &flags) == 1)
      out.digest = digest_name(mdnid);
    ERR_clear_error();
  }
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
    int r = X509_verify(subject.x509(), k);
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
