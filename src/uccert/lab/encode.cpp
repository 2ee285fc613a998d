// Encoders: a chain as PEM, PKCS#7 or PKCS#12 bytes, and a request as PEM or DER.
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>

#include "uccert/lab/mint_detail.h"
#include "uccert/pki/csr_builder.h"

namespace uccert::lab {

using namespace mint_detail;

std::string pem_chain(const std::vector<Minted>& chain) {
  std::string out;
  for (const auto& m : chain) out += m.pem();
  return out;
}

Result<pki::Bytes> encode_pkcs7(const std::vector<Minted>& chain, Encoding encoding) {
  // A degenerate SignedData carrying only certificates, as "certutil -exportPFX"-less .p7b
  // exports and openssl crl2pkcs7 produce.
  pki::Pkcs7Ptr p7(PKCS7_new());
  if (!p7 || PKCS7_set_type(p7.get(), NID_pkcs7_signed) != 1 ||
      PKCS7_content_new(p7.get(), NID_pkcs7_data) != 1)
    return fail("PKCS#7");
  for (const auto& m : chain)
    if (PKCS7_add_certificate(p7.get(), m.x509.get()) != 1) return fail("PKCS#7 certificate");
  if (PKCS7_set_detached(p7.get(), 1) != 1) return fail("PKCS#7 detached");
  auto bio = mem_bio();
  if (!bio) return fail("BIO_new");
  const int rc = encoding == Encoding::kPem ? PEM_write_bio_PKCS7(bio.get(), p7.get())
                                            : i2d_PKCS7_bio(bio.get(), p7.get());
  if (rc != 1) return fail("encoding PKCS#7");
  return bio_bytes(bio.get());
}

Result<pki::Bytes> encode_pkcs12(const std::vector<Minted>& chain, const Pkcs12Options& options) {
  if (chain.empty()) return Error{"PKCS#12: empty chain"};
  pki::X509StackPtr cas(sk_X509_new_null());
  if (!cas) return fail("sk_X509_new_null");
  if (options.include_chain) {
    for (std::size_t i = 1; i < chain.size(); ++i) {
      auto shared = pki::share(chain[i].x509.get());
      if (sk_X509_push(cas.get(), shared.get()) == 0) return fail("PKCS#12 chain");
      static_cast<void>(shared.release());
    }
  }
  const int nid = options.legacy_3des ? NID_pbe_WithSHA1And3_Key_TripleDES_CBC : 0;
  const char* name = options.friendly_name.empty() ? nullptr : options.friendly_name.c_str();
  pki::Pkcs12Ptr p12(PKCS12_create(options.password.data(), name,
                                   options.include_key ? chain[0].key.get() : nullptr, chain[0].x509.get(),
                                   cas.get(), nid, nid, 0, options.legacy_3des ? -1 : 0, 0));
  if (!p12) return fail("PKCS12_create");
  if (options.legacy_3des && PKCS12_set_mac(p12.get(), options.password.data(), -1, nullptr, 0,
                                            PKCS12_DEFAULT_ITER, EVP_sha1()) != 1)
    return fail("PKCS#12 MAC");
  auto bio = mem_bio();
  if (!bio || i2d_PKCS12_bio(bio.get(), p12.get()) != 1) return fail("encoding PKCS#12");
  return bio_bytes(bio.get());
}

Result<pki::Bytes> encode_csr(const X509_REQ* csr, Encoding encoding) {
  if (csr == nullptr) return Error{"CSR: none"};
  if (encoding == Encoding::kPem) {
    auto pem = pki::csr_pem(csr);
    if (!pem) return pem.error();
    return pki::Bytes(pem->begin(), pem->end());
  }
  auto bio = mem_bio();
  if (!bio) return fail("BIO_new");
  // The OpenSSL writer takes a non-const pointer but does not modify the request.
  if (i2d_X509_REQ_bio(bio.get(), const_cast<X509_REQ*>(csr)) != 1) return fail("encoding CSR");
  return bio_bytes(bio.get());
}

}  // namespace uccert::lab
