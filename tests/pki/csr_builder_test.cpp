// pki/csr_builder: each request is read back with OpenSSL's own parser, not with the builder.
#include "uccert/pki/csr_builder.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <string>
#include <vector>

namespace uccert::pki {
namespace {

void free_extensions(STACK_OF(X509_EXTENSION) * s) { sk_X509_EXTENSION_pop_free(s, X509_EXTENSION_free); }
using ExtStack = OpenSslPtr<STACK_OF(X509_EXTENSION), free_extensions>;

X509ReqPtr parse_pem(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  return X509ReqPtr(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
}

std::string common_name(X509_REQ* req) {
  X509_NAME* n = X509_REQ_get_subject_name(req);
  const int i = X509_NAME_get_index_by_NID(n, NID_commonName, -1);
  if (i < 0) return {};
  const ASN1_STRING* s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, i));
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<std::size_t>(ASN1_STRING_length(s)));
}

// The requested extension with `nid`, decoded by OpenSSL; null when absent.
void* requested(X509_REQ* req, int nid) {
  ExtStack exts(X509_REQ_get_extensions(req));
  if (!exts) return nullptr;
  return X509V3_get_d2i(exts.get(), nid, nullptr, nullptr);
}

std::vector<std::string> dns_names(X509_REQ* req) {
  std::vector<std::string> out;
  auto* names = static_cast<GENERAL_NAMES*>(requested(req, NID_subject_alt_name));
  if (names == nullptr) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* g = sk_GENERAL_NAME_value(names, i);
    if (g->type != GEN_DNS) continue;
    out.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(g->d.dNSName)),
                     static_cast<std::size_t>(ASN1_STRING_length(g->d.dNSName)));
  }
  GENERAL_NAMES_free(names);
  return out;
}

std::vector<int> eku_nids(X509_REQ* req) {
  std::vector<int> out;
  auto* eku = static_cast<EXTENDED_KEY_USAGE*>(requested(req, NID_ext_key_usage));
  if (eku == nullptr) return out;
  for (int i = 0; i < sk_ASN1_OBJECT_num(eku); ++i) out.push_back(OBJ_obj2nid(sk_ASN1_OBJECT_value(eku, i)));
  EXTENDED_KEY_USAGE_free(eku);
  return out;
}

bool signature_verifies(X509_REQ* req) {
  EVP_PKEY* key = X509_REQ_get0_pubkey(req);
  return key != nullptr && X509_REQ_verify(req, key) == 1;
}

TEST(CsrBuilder, RsaRequestReadsBackWithNamesInOrderEkuAndKeySize) {
  CsrSpec spec;
  spec.common_name = "pool01.contoso.com";
  spec.dns_names = {"pool01.contoso.com", "sip.contoso.com", "lyncdiscover.contoso.com", "meet.contoso.com"};
  spec.ekus = {"serverAuth", "1.3.6.1.5.5.7.3.2"};
  CsrKeySpec key;
  key.rsa_bits = 2048;
  auto built = make_csr(spec, key);
  ASSERT_TRUE(built.ok()) << built.error().message;
  EXPECT_EQ(built->csr_pem.rfind("-----BEGIN CERTIFICATE REQUEST-----", 0), 0U);

  X509ReqPtr req = parse_pem(built->csr_pem);
  ASSERT_TRUE(req);
  EXPECT_EQ(common_name(req.get()), "pool01.contoso.com");
  EXPECT_EQ(dns_names(req.get()), spec.dns_names);
  EXPECT_EQ(eku_nids(req.get()), (std::vector<int>{NID_server_auth, NID_client_auth}));
  EVP_PKEY* pub = X509_REQ_get0_pubkey(req.get());
  ASSERT_NE(pub, nullptr);
  EXPECT_EQ(EVP_PKEY_get_base_id(pub), EVP_PKEY_RSA);
  EXPECT_EQ(EVP_PKEY_get_bits(pub), 2048);
  EXPECT_EQ(X509_REQ_get_signature_nid(req.get()), NID_sha256WithRSAEncryption);
  EXPECT_TRUE(signature_verifies(req.get()));

  // The private key kept beside it is the request's key.
  BioPtr kb(BIO_new_mem_buf(built->private_key_pem.data(), static_cast<int>(built->private_key_pem.size())));
  EvpPkeyPtr priv(PEM_read_bio_PrivateKey(kb.get(), nullptr, nullptr, nullptr));
  ASSERT_TRUE(priv);
  EXPECT_EQ(EVP_PKEY_eq(priv.get(), pub), 1);
}

TEST(CsrBuilder, EcdsaP384RequestKeepsTheGivenOrder) {
  CsrSpec spec;
  spec.common_name = "sip.fabrikam.com";
  spec.dns_names = {"z.fabrikam.com", "a.fabrikam.com", "sip.fabrikam.com"};
  spec.ekus = {"clientAuth", "serverAuth"};
  CsrKeySpec key;
  key.algorithm = CsrKeySpec::Algorithm::kEcdsa;
  key.curve = "P-384";
  auto built = make_csr(spec, key);
  ASSERT_TRUE(built.ok()) << built.error().message;
  X509ReqPtr req = parse_pem(built->csr_pem);
  ASSERT_TRUE(req);
  EXPECT_EQ(dns_names(req.get()), spec.dns_names);
  EXPECT_EQ(eku_nids(req.get()), (std::vector<int>{NID_client_auth, NID_server_auth}));
  EVP_PKEY* pub = X509_REQ_get0_pubkey(req.get());
  ASSERT_NE(pub, nullptr);
  EXPECT_EQ(EVP_PKEY_get_base_id(pub), EVP_PKEY_EC);
  EXPECT_EQ(EVP_PKEY_get_bits(pub), 384);
  EXPECT_TRUE(signature_verifies(req.get()));
}

TEST(CsrBuilder, WithoutNamesOrEkuThereIsNoExtension) {
  CsrKeySpec key;
  key.algorithm = CsrKeySpec::Algorithm::kEcdsa;
  auto k = generate_csr_key(key);
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(EVP_PKEY_get_bits(k->get()), 256);
  CsrSpec spec;
  spec.common_name = "mail.contoso.com";
  auto req = build_csr(spec, k->get());
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(requested(req->get(), NID_subject_alt_name), nullptr);
  EXPECT_EQ(requested(req->get(), NID_ext_key_usage), nullptr);
  EXPECT_EQ(common_name(req->get()), "mail.contoso.com");
  EXPECT_TRUE(signature_verifies(req->get()));
}

TEST(CsrBuilder, RefusesWhatItCannotBuild) {
  CsrKeySpec small;
  small.rsa_bits = 1024;
  auto a = generate_csr_key(small);
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().message.find("RSA-1024"), std::string::npos);
  CsrKeySpec curve;
  curve.algorithm = CsrKeySpec::Algorithm::kEcdsa;
  curve.curve = "P-521";
  EXPECT_FALSE(generate_csr_key(curve).ok());

  CsrKeySpec ok;
  ok.algorithm = CsrKeySpec::Algorithm::kEcdsa;
  CsrSpec spec;
  spec.common_name = "a.contoso.com";
  spec.ekus = {"not-a-purpose"};
  auto bad = make_csr(spec, ok);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("not-a-purpose"), std::string::npos);
  EXPECT_FALSE(build_csr(spec, nullptr).ok());
}

}  // namespace
}  // namespace uccert::pki
