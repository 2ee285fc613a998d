// Minting OCSP responses (RFC 6960) for tests and the lab: what a responder would answer about
// one certificate, signed by its issuer, by a delegated responder, or by a key that proves
// nothing.
#include <openssl/ocsp.h>

#include "uccert/lab/mint.h"
#include "uccert/lab/mint_detail.h"

namespace uccert::lab {

namespace {

using mint_detail::fail;
using OcspBasicPtr = pki::OpenSslPtr<OCSP_BASICRESP, OCSP_BASICRESP_free>;

pki::Asn1TimePtr asn1_time(pki::UnixTime t) { return pki::Asn1TimePtr(ASN1_TIME_set(nullptr, static_cast<time_t>(t))); }

}  // namespace

Result<pki::Bytes> mint_ocsp_response(const OcspSpec& spec, const Minted& cert, const Minted& issuer) {
  OcspBasicPtr basic(OCSP_BASICRESP_new());
  OCSP_CERTID* id = OCSP_cert_to_id(EVP_sha1(), cert.x509.get(), issuer.x509.get());
  if (!basic || id == nullptr) {
    OCSP_CERTID_free(id);
    return fail("OCSP response");
  }
  const pki::UnixTime this_update = spec.this_update.value_or(now() - kHour);
  auto thisupd = asn1_time(this_update);
  pki::Asn1TimePtr nextupd;
  if (!spec.omit_next_update) nextupd = asn1_time(spec.next_update.value_or(this_update + 4 * kDay));
  auto revtime = asn1_time(spec.revoked_at);
  const int status = spec.status == Ocsp::kGood      ? V_OCSP_CERTSTATUS_GOOD
                     : spec.status == Ocsp::kRevoked ? V_OCSP_CERTSTATUS_REVOKED
                                                     : V_OCSP_CERTSTATUS_UNKNOWN;
  OCSP_SINGLERESP* single =
      OCSP_basic_add1_status(basic.get(), id, status, spec.status == Ocsp::kRevoked ? spec.reason : -1,
                             spec.status == Ocsp::kRevoked ? revtime.get() : nullptr, thisupd.get(), nextupd.get());
  OCSP_CERTID_free(id);
  if (single == nullptr) return fail("OCSP single response");
  const Minted& signer = spec.signer ? *spec.signer : issuer;
  const KeyPair& key = signer.key;
  const EVP_MD* md = EVP_PKEY_get_base_id(key.get()) == EVP_PKEY_ED25519 ? nullptr : EVP_sha256();
  // The responder's certificate goes in the response when it is not the issuer (a delegated one).
  const unsigned long flags = spec.signer ? 0UL : static_cast<unsigned long>(OCSP_NOCERTS);
  if (OCSP_basic_sign(basic.get(), signer.x509.get(), key.get(), md, nullptr, flags) != 1) {
    return fail("signing the OCSP response");
  }
  if (spec.corrupt_signature) {
    // OpenSSL hands the signature out read-only; this is a test helper forging a broken one.
    auto* sig = const_cast<ASN1_OCTET_STRING*>(OCSP_resp_get0_signature(basic.get()));
    if (sig == nullptr || ASN1_STRING_length(sig) == 0) return fail("OCSP signature");
    const_cast<unsigned char*>(ASN1_STRING_get0_data(sig))[ASN1_STRING_length(sig) / 2] ^= 0x01;
  }
  pki::OcspResponsePtr resp(OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, basic.get()));
  if (!resp) return fail("OCSP_response_create");
  unsigned char* der = nullptr;
  const int len = i2d_OCSP_RESPONSE(resp.get(), &der);
  if (len <= 0 || der == nullptr) return fail("encoding the OCSP response");
  pki::Bytes out(der, der + len);
  OPENSSL_free(der);
  return out;
}

pki::Bytes ocsp_error_response(int status) {
  pki::OcspResponsePtr resp(OCSP_response_create(status, nullptr));
  unsigned char* der = nullptr;
  const int len = resp ? i2d_OCSP_RESPONSE(resp.get(), &der) : 0;
  if (len <= 0 || der == nullptr) return {};
  pki::Bytes out(der, der + len);
  OPENSSL_free(der);
  return out;
}

}  // namespace uccert::lab
