// CRL decoding and its use by path validation (verify/ reads CRLs only through this view).
#include "uccert/pki/certificate_revocation_list.h"

#include <gtest/gtest.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "uccert/lab/mint.h"
#include "uccert/verify/problem_ids.h"
#include "uccert/verify/verify.h"

namespace uccert::pki {
namespace {

using lab::KeyPair;
using lab::KeySpec;
using lab::Minted;
using lab::mint;

struct CrlOptions {
  std::vector<const Minted*> revoked;
  bool crl_number = true;
  bool crl_number_critical = false;
  UnixTime next_update_offset = lab::kDay;
};

// A CRL signed by `issuer`, built with OpenSSL directly (lab/ mints no CRLs).
Bytes make_crl(const Minted& issuer, const CrlOptions& o) {
  X509CrlPtr crl(X509_CRL_new());
  X509_CRL_set_version(crl.get(), 1);
  X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(issuer.x509.get()));
  Asn1TimePtr last(ASN1_TIME_set(nullptr, static_cast<time_t>(lab::now() - lab::kHour)));
  Asn1TimePtr next(ASN1_TIME_set(nullptr, static_cast<time_t>(lab::now() + o.next_update_offset)));
  X509_CRL_set1_lastUpdate(crl.get(), last.get());
  X509_CRL_set1_nextUpdate(crl.get(), next.get());
  for (const Minted* m : o.revoked) {
    X509_REVOKED* r = X509_REVOKED_new();
    X509_REVOKED_set_serialNumber(r, X509_get_serialNumber(m->x509.get()));
    X509_REVOKED_set_revocationDate(r, last.get());
    X509_CRL_add0_revoked(crl.get(), r);
  }
  if (o.crl_number) {
    Asn1IntegerPtr n(ASN1_INTEGER_new());
    ASN1_INTEGER_set(n.get(), 7);
    X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, n.get(), o.crl_number_critical ? 1 : 0, 0);
  }
  X509_CRL_sort(crl.get());
  EXPECT_GT(X509_CRL_sign(crl.get(), issuer.key.get(), EVP_sha256()), 0);
  unsigned char* out = nullptr;
  int len = i2d_X509_CRL(crl.get(), &out);
  Bytes der(out, out + len);
  OPENSSL_free(out);
  return der;
}

struct Revocation : ::testing::Test {
  Minted root = mint(lab::root_ca_spec("CRL Root"), KeyPair::cached(KeySpec::ec("P-256"), 50));
  Minted leaf = mint(lab::server_spec("crl.contoso.com", {"crl.contoso.com"}), KeyPair::cached(KeySpec::ec("P-256"), 51), &root);
  Minted other = mint(lab::server_spec("other.contoso.com", {"other.contoso.com"}), KeyPair::cached(KeySpec::ec("P-256"), 52), &root);

  verify::Result run(const std::vector<CrlPtr>& crls, verify::Conformance c = verify::Conformance::kLenient) {
    verify::Input in;
    in.presented = {leaf.cert};
    in.anchors = {{root.cert, "test"}};
    in.crls = crls;
    verify::Options o;
    o.at = lab::now();
    o.conformance = c;
    return verify::verify(in, o);
  }
};

TEST_F(Revocation, DecodesAndLists) {
  auto crl = CertificateRevocationList::from_der(make_crl(root, {{&leaf}}));
  ASSERT_TRUE(crl.ok()) << crl.error().message;
  EXPECT_EQ((*crl)->issuer.canonical, root.cert->subject.canonical);
  EXPECT_TRUE((*crl)->has_crl_number);
  EXPECT_EQ((*crl)->revoked_count, 1U);
  EXPECT_TRUE((*crl)->lists(*leaf.cert));
  EXPECT_FALSE((*crl)->lists(*other.cert));
  EXPECT_TRUE((*crl)->verify_signature(*root.cert).valid);
  EXPECT_FALSE((*crl)->verify_signature(*leaf.cert).valid);
  ASSERT_TRUE((*crl)->next_update.has_value());
  EXPECT_GT(*(*crl)->next_update, lab::now());
  EXPECT_FALSE(CertificateRevocationList::from_der(Bytes{0x30, 0x01, 0x00}).ok());
}

TEST_F(Revocation, RevokedLeafFailsAndUnlistedPasses) {
  auto revoked = CertificateRevocationList::from_der(make_crl(root, {{&leaf}}));
  ASSERT_TRUE(revoked.ok());
  auto r = run({*revoked});
  EXPECT_FALSE(r.valid());
  EXPECT_TRUE(verify::has_problem(r.best.problems, verify::problem::kCrlRevoked));

  auto clean = CertificateRevocationList::from_der(make_crl(root, {{&other}}));
  ASSERT_TRUE(clean.ok());
  auto ok = run({*clean});
  EXPECT_TRUE(ok.valid());
  EXPECT_FALSE(verify::has_problem(ok.best.problems, verify::problem::kCrlRevoked));
}

TEST_F(Revocation, CrlFromAnotherCaOfTheSameNameIsIgnored) {
  Minted impostor = mint(lab::root_ca_spec("CRL Root"), KeyPair::cached(KeySpec::ec("P-256"), 53));
  auto crl = CertificateRevocationList::from_der(make_crl(impostor, {{&leaf}}));
  ASSERT_TRUE(crl.ok());
  EXPECT_TRUE(run({*crl}).valid());
}

TEST_F(Revocation, CrlNumberIsAProfileCheck) {
  CrlOptions o;
  o.crl_number = false;
  auto crl = CertificateRevocationList::from_der(make_crl(root, o));
  ASSERT_TRUE(crl.ok());
  EXPECT_FALSE((*crl)->has_crl_number);
  EXPECT_TRUE(run({*crl}).valid());
  auto strict = run({*crl}, verify::Conformance::kStrict);
  EXPECT_FALSE(strict.valid());
  EXPECT_TRUE(verify::has_problem(strict.best.problems, verify::problem::kCrlNumberMissing));
}

}  // namespace
}  // namespace uccert::pki
