// The CSR view: subject, requested names, key and the request's own signature.
#include "uccert/pki/csr.h"

#include <gtest/gtest.h>

#include "pki/load_fixtures.h"

namespace uccert::pki {
namespace {

Bytes csr_der(const lab::CertSpec& spec, const lab::KeyPair& key) {
  auto req = lab::make_csr(spec, key);
  EXPECT_TRUE(req) << req.error().message;
  auto der = lab::encode_csr(req->get(), lab::Encoding::kDer);
  EXPECT_TRUE(der);
  return *der;
}

TEST(Csr, SubjectNamesKeyAndSignature) {
  auto view = decode_csr(csr_der(testing::test_csr_spec(), lab::KeyPair::cached(lab::KeySpec::rsa(), 2)));
  ASSERT_TRUE(view) << view.error().message;
  EXPECT_EQ(view->subject_common_names, std::vector<std::string>{"pool01.contoso.com"});
  EXPECT_NE(view->subject.text.find("CN=pool01.contoso.com"), std::string::npos) << view->subject.text;
  EXPECT_NE(view->subject.text.find("O=Contoso"), std::string::npos) << view->subject.text;
  ASSERT_EQ(view->requested_sans.size(), 3U);
  EXPECT_EQ(view->requested_sans[0].type, GeneralNameType::kDns);
  EXPECT_EQ(view->requested_sans[0].value, "pool01.contoso.com");
  EXPECT_EQ(view->requested_sans[1].value, "sip.contoso.com");
  EXPECT_EQ(view->requested_sans[2].type, GeneralNameType::kIp);
  EXPECT_EQ(view->requested_sans[2].value, "192.0.2.10");
  EXPECT_EQ(view->public_key.algorithm, "RSA");
  EXPECT_EQ(view->public_key.bits, 2048);
  EXPECT_TRUE(view->signature_valid);
  EXPECT_EQ(view->signature_algorithm.name, "sha256WithRSAEncryption");
  EXPECT_EQ(view->signature_algorithm.digest, "SHA256");
  EXPECT_TRUE(view->requested_extended_key_usage.has(kOidServerAuth));
  EXPECT_EQ(view->sha256.size(), 64U);
}

TEST(Csr, EcKeyCurve) {
  auto view = decode_csr(csr_der(testing::test_csr_spec(), lab::KeyPair::cached(lab::KeySpec::ec("P-256"), 1)));
  ASSERT_TRUE(view) << view.error().message;
  EXPECT_EQ(view->public_key.algorithm, "EC");
  EXPECT_EQ(view->public_key.curve, "P-256");
  EXPECT_EQ(view->public_key.bits, 256);
  EXPECT_TRUE(view->signature_valid);
}

TEST(Csr, TamperedSignatureIsReported) {
  Bytes der = csr_der(testing::test_csr_spec(), lab::KeyPair::cached(lab::KeySpec::rsa(), 2));
  der[der.size() - 5] ^= 0x01;  // inside the signature BIT STRING
  auto view = decode_csr(der);
  ASSERT_TRUE(view) << view.error().message;
  EXPECT_FALSE(view->signature_valid);
  EXPECT_FALSE(view->signature_error.empty());
}

TEST(Csr, GarbageIsAnError) {
  const Bytes junk{0x30, 0x03, 0x02, 0x01, 0x00};
  EXPECT_FALSE(decode_csr(junk));
  EXPECT_FALSE(decode_csr(Bytes{}));
}

}  // namespace
}  // namespace uccert::pki
