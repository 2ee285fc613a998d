// Minting CRLs (RFC 5280 5) for tests and the lab: the CRL of an issuing CA listing chosen
// certificates, current or expired, signed by the CA's key or by another one.
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <fmt/format.h>

#include "uccert/lab/mint.h"
#include "uccert/lab/mint_detail.h"

namespace uccert::lab {

namespace {

using mint_detail::fail;

pki::Asn1TimePtr asn1_time(pki::UnixTime t) { return pki::Asn1TimePtr(ASN1_TIME_set(nullptr, static_cast<time_t>(t))); }

}  // namespace

Result<pki::Bytes> mint_crl(const CrlSpec& spec, const Minted& issuer) {
  pki::X509CrlPtr crl(X509_CRL_new());
  if (!crl || X509_CRL_set_version(crl.get(), 1) != 1) return fail("X509_CRL_new");
  if (X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(issuer.x509.get())) != 1) return fail("CRL issuer");
  const pki::UnixTime this_update = spec.this_update.value_or(now() - kHour);
  auto last = asn1_time(this_update);
  if (!last || X509_CRL_set1_lastUpdate(crl.get(), last.get()) != 1) return fail("CRL thisUpdate");
  if (!spec.omit_next_update) {
    auto next = asn1_time(spec.next_update.value_or(this_update + 7 * kDay));
    if (!next || X509_CRL_set1_nextUpdate(crl.get(), next.get()) != 1) return fail("CRL nextUpdate");
  }
  for (const auto& entry : spec.revoked) {
    X509_REVOKED* rev = X509_REVOKED_new();
    if (rev == nullptr) return fail("X509_REVOKED_new");
    auto when = asn1_time(entry.revoked_at);
    if (X509_REVOKED_set_serialNumber(rev, X509_get_serialNumber(entry.certificate.x509.get())) != 1 || !when ||
        X509_REVOKED_set_revocationDate(rev, when.get()) != 1) {
      X509_REVOKED_free(rev);
      return fail("CRL entry");
    }
    if (entry.reason) {
      ASN1_ENUMERATED* code = ASN1_ENUMERATED_new();
      const bool ok = code != nullptr && ASN1_ENUMERATED_set(code, *entry.reason) == 1 &&
                      X509_REVOKED_add1_ext_i2d(rev, NID_crl_reason, code, 0, 0) == 1;
      ASN1_ENUMERATED_free(code);
      if (!ok) {
        X509_REVOKED_free(rev);
        return fail("CRL entry reason");
      }
    }
    if (X509_CRL_add0_revoked(crl.get(), rev) != 1) {
      X509_REVOKED_free(rev);
      return fail("CRL entry");
    }
  }
  if (spec.crl_number) {
    pki::Asn1IntegerPtr number(ASN1_INTEGER_new());
    if (!number || ASN1_INTEGER_set(number.get(), *spec.crl_number) != 1 ||
        X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, number.get(), 0, 0) != 1)
      return fail("CRL number");
  }
  X509_CRL_sort(crl.get());
  const KeyPair& signer = spec.signer ? *spec.signer : issuer.key;
  const EVP_MD* md = EVP_PKEY_get_base_id(signer.get()) == EVP_PKEY_ED25519 ? nullptr : EVP_sha256();
  if (X509_CRL_sign(crl.get(), signer.get(), md) <= 0) return fail("signing the CRL");
  unsigned char* der = nullptr;
  const int len = i2d_X509_CRL(crl.get(), &der);
  if (len <= 0 || der == nullptr) return fail("encoding the CRL");
  pki::Bytes out(der, der + len);
  OPENSSL_free(der);
  return out;
}

std::string crl_pem(const pki::Bytes& der) {
  pki::BioPtr bio(BIO_new(BIO_s_mem()));
  const unsigned char* p = der.data();
  pki::X509CrlPtr crl(d2i_X509_CRL(nullptr, &p, static_cast<long>(der.size())));
  if (!crl || PEM_write_bio_X509_CRL(bio.get(), crl.get()) != 1) return "";
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(n));
}

}  // namespace uccert::lab
