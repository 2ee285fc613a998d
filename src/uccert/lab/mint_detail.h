// What the files of lab/'s minting share: OpenSSL handle aliases for the X509v3 structures only
// minting builds, error text, names, extensions and signing. Private to lab/.
#pragma once

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include <string>
#include <string_view>
#include <vector>

#include "uccert/lab/mint.h"

namespace uccert::lab::mint_detail {

// Local handle aliases for the X509v3 structures only minting builds.
using GeneralNamePtr = pki::OpenSslPtr<GENERAL_NAME, GENERAL_NAME_free>;
using Asn1OctetStringPtr = pki::OpenSslPtr<ASN1_OCTET_STRING, ASN1_OCTET_STRING_free>;
using Asn1BitStringPtr = pki::OpenSslPtr<ASN1_BIT_STRING, ASN1_BIT_STRING_free>;
using Asn1Ia5StringPtr = pki::OpenSslPtr<ASN1_IA5STRING, ASN1_IA5STRING_free>;
using BasicConstraintsPtr = pki::OpenSslPtr<BASIC_CONSTRAINTS, BASIC_CONSTRAINTS_free>;
using AuthorityKeyIdPtr = pki::OpenSslPtr<AUTHORITY_KEYID, AUTHORITY_KEYID_free>;
using NameConstraintsPtr = pki::OpenSslPtr<NAME_CONSTRAINTS, NAME_CONSTRAINTS_free>;
using X509PubkeyPtr = pki::OpenSslPtr<X509_PUBKEY, X509_PUBKEY_free>;

inline void free_obj_stack(STACK_OF(ASN1_OBJECT) * s) noexcept {
  sk_ASN1_OBJECT_pop_free(s, ASN1_OBJECT_free);
}
using ObjStackPtr = pki::OpenSslPtr<STACK_OF(ASN1_OBJECT), free_obj_stack>;
inline void free_dp_stack(CRL_DIST_POINTS* s) noexcept {
  CRL_DIST_POINTS_free(s);
}
using CrlDistPointsPtr = pki::OpenSslPtr<CRL_DIST_POINTS, free_dp_stack>;
inline void free_aia(AUTHORITY_INFO_ACCESS* s) noexcept {
  AUTHORITY_INFO_ACCESS_free(s);
}
using AiaPtr = pki::OpenSslPtr<AUTHORITY_INFO_ACCESS, free_aia>;
inline void free_policies(CERTIFICATEPOLICIES* s) noexcept {
  CERTIFICATEPOLICIES_free(s);
}
using PoliciesPtr = pki::OpenSslPtr<CERTIFICATEPOLICIES, free_policies>;

// OpenSSL's queued errors as one line ("unknown OpenSSL error" when none); clears the queue.
std::string openssl_error();
// "what: <OpenSSL's errors>".
Error fail(std::string_view what);
pki::Bytes bio_bytes(BIO* bio);
pki::BioPtr mem_bio();
pki::EvpPkeyPtr share_key(EVP_PKEY* k);
bool is_rsa(EVP_PKEY* k);
std::string as_string(const pki::Bytes& b);

// mint_names.cpp
Result<pki::X509NamePtr> build_name(const Name& name);
Result<GeneralNamePtr> ia5_name(int type, const std::string& value);
// IP address ("192.0.2.1"), or with a prefix in name constraints ("192.0.2.0/24").
Result<GeneralNamePtr> ip_name(const std::string& text, bool with_mask);
Result<GeneralNamePtr> dir_name(const Name& name);
Status push_name(GENERAL_NAMES* names, Result<GeneralNamePtr> gn);

// mint_extensions.cpp
// The extensions a request carries (SAN, key usage, EKU), with basic constraints first when
// `for_certificate`.
Status request_extensions(const CertSpec& spec, const KeyPair& key, std::vector<pki::X509ExtensionPtr>& out,
                          bool for_certificate);
Status certificate_extensions(const CertSpec& spec, const KeyPair& key, const Minted* issuer,
                              std::vector<pki::X509ExtensionPtr>& out);
Status raw_extensions(const CertSpec& spec, std::vector<pki::X509ExtensionPtr>& out);

// mint.cpp
Result<const EVP_MD*> digest_for(const CertSpec& spec, EVP_PKEY* signer);

// Signs through an EVP_MD_CTX so RSASSA-PSS parameters can be set; `sign` is X509_sign_ctx or
// X509_REQ_sign_ctx.
template <class T, class SignCtx>
Status sign_object(T* obj, SignCtx sign_ctx, const CertSpec& spec, EVP_PKEY* signer) {
  auto md = digest_for(spec, signer);
  if (!md) return md.error();
  pki::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return fail("EVP_MD_CTX_new");
  EVP_PKEY_CTX* pctx = nullptr;
  if (EVP_DigestSignInit(ctx.get(), &pctx, *md, nullptr, signer) != 1)
    return fail(fmt::format("signing with {}", spec.digest));
  if (spec.rsa_pss) {
    if (!is_rsa(signer)) return Error{"rsa_pss needs an RSA issuer key"};
    if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1 ||
        EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, *md) != 1)
      return fail("RSASSA-PSS parameters");
  }
  if (sign_ctx(obj, ctx.get()) <= 0) return fail(fmt::format("signing with {}", spec.digest));
  return Ok{};
}

}  // namespace uccert::lab::mint_detail
