// verify::revocation_status and evaluate_crl on minted CRLs and OCSP responses: the one
// evaluation path validation (and with it x509-limbo's crl:: cases) and the reports share.
#include "uccert/verify/revocation.h"

#include <gtest/gtest.h>

#include "uccert/lab/mint.h"
#include "uccert/verify/verify.h"

namespace uccert::verify {
namespace {

constexpr pki::UnixTime kAt = 1780272000;  // 2026-06-01T00:00:00Z

struct Pki {
  lab::Minted root;
  lab::Minted ca;
  lab::Minted leaf;
  lab::Minted other_leaf;
};

const Pki& pki_() {
  static const Pki p = [] {
    auto root_spec = lab::root_ca_spec("Revocation Root");
    root_spec.not_before = kAt - 400 * lab::kDay;
    auto root = lab::mint(root_spec, lab::KeyPair::cached(lab::KeySpec::ec(), 50));
    auto ca_spec = lab::intermediate_ca_spec("Revocation Issuing CA");
    ca_spec.not_before = kAt - 300 * lab::kDay;
    auto ca = lab::mint(ca_spec, lab::KeyPair::cached(lab::KeySpec::ec(), 51), &root);
    auto leaf_spec = lab::server_spec("sip.contoso.com", {"sip.contoso.com"});
    leaf_spec.not_before = kAt - 30 * lab::kDay;
    leaf_spec.not_after = kAt + 300 * lab::kDay;
    auto leaf = lab::mint(leaf_spec, lab::KeyPair::cached(lab::KeySpec::ec(), 52), &ca);
    auto other = lab::mint(leaf_spec, lab::KeyPair::cached(lab::KeySpec::ec(), 53), &ca);
    return Pki{root, ca, leaf, other};
  }();
  return p;
}

pki::CrlPtr crl(const lab::CrlSpec& spec, const lab::Minted& issuer) {
  auto der = lab::mint_crl(spec, issuer);
  if (!der) throw std::runtime_error(der.error().message);
  auto c = pki::CertificateRevocationList::from_der(*der);
  if (!c) throw std::runtime_error(c.error().message);
  return *c;
}

pki::OcspPtr ocsp(const lab::OcspSpec& spec) {
  auto der = lab::mint_ocsp_response(spec, pki_().leaf, pki_().ca);
  if (!der) throw std::runtime_error(der.error().message);
  auto r = pki::OcspResponse::from_der(*der);
  if (!r) throw std::runtime_error(r.error().message);
  return *r;
}

// A response current at kAt.
lab::OcspSpec fresh() {
  lab::OcspSpec s;
  s.this_update = kAt - lab::kHour;
  return s;
}

lab::CrlSpec current() {
  lab::CrlSpec s;
  s.this_update = kAt - lab::kDay;
  s.next_update = kAt + 6 * lab::kDay;
  return s;
}

RevocationStatus status(std::vector<pki::CrlPtr> crls, std::vector<pki::OcspPtr> responses = {}) {
  return revocation_status(*pki_().leaf.cert, *pki_().ca.cert, crls, responses, kAt);
}

TEST(Revocation, NoDataIsNotChecked) { EXPECT_EQ(status({}).state, RevocationState::kNotChecked); }

TEST(Revocation, ACurrentCrlNotListingItIsGood) {
  auto spec = current();
  spec.revoked.push_back({pki_().other_leaf, kAt - 2 * lab::kDay, 1});
  auto s = status({crl(spec, pki_().ca)});
  EXPECT_EQ(s.state, RevocationState::kGood);
  EXPECT_EQ(s.source, "CRL");
}

TEST(Revocation, ACrlListingItGivesDateAndReason) {
  auto spec = current();
  spec.revoked.push_back({pki_().leaf, kAt - 2 * lab::kDay, 1});
  auto s = status({crl(spec, pki_().ca)});
  EXPECT_EQ(s.state, RevocationState::kRevoked);
  EXPECT_EQ(s.revoked_at, kAt - 2 * lab::kDay);
  EXPECT_EQ(s.reason, "keyCompromise");
  EXPECT_EQ(s.source, "CRL");
}

TEST(Revocation, AnExpiredCrlIsUnknown) {
  auto spec = current();
  spec.this_update = kAt - 10 * lab::kDay;
  spec.next_update = kAt - 3 * lab::kDay;
  auto s = status({crl(spec, pki_().ca)});
  EXPECT_EQ(s.state, RevocationState::kUnknown);
  EXPECT_EQ(s.why, "the CRL is past its nextUpdate 2026-05-29T00:00:00Z (CRL expired)");
}

TEST(Revocation, ACrlSignedByAnotherKeyIsUnknown) {
  auto spec = current();
  spec.signer = lab::KeyPair::cached(lab::KeySpec::ec(), 54);
  auto s = status({crl(spec, pki_().ca)});
  EXPECT_EQ(s.state, RevocationState::kUnknown);
  EXPECT_NE(s.why.find("CRL signature invalid"), std::string::npos) << s.why;
}

TEST(Revocation, AnotherCasCrlSaysNothing) {
  EXPECT_EQ(status({crl(current(), pki_().root)}).state, RevocationState::kNotChecked);
}

TEST(Revocation, PathValidationReadsTheSameEvaluation) {
  auto spec = current();
  spec.revoked.push_back({pki_().leaf, kAt - 2 * lab::kDay, std::nullopt});
  Input in;
  in.presented = {pki_().leaf.cert, pki_().ca.cert};
  in.anchors = {{pki_().root.cert, "test"}};
  in.crls = {crl(spec, pki_().ca)};
  Options opt;
  opt.at = kAt;
  auto r = verify(in, opt);
  EXPECT_TRUE(has_problem(r.best.problems, "crl.revoked"));
  ASSERT_EQ(r.best.revocation.size(), 2U);
  EXPECT_EQ(r.best.revocation[0].state, RevocationState::kRevoked);
  EXPECT_EQ(r.best.revocation[0].reason, "");
  EXPECT_EQ(r.best.revocation[1].state, RevocationState::kNotChecked);  // no CRL of the root at hand
}

TEST(Revocation, OcspGoodRevokedAndUnknown) {
  EXPECT_EQ(status({}, {ocsp(fresh())}).state, RevocationState::kGood);
  lab::OcspSpec revoked;
  revoked.status = lab::Ocsp::kRevoked;
  revoked.revoked_at = kAt - 5 * lab::kDay;
  revoked.reason = 4;
  revoked.this_update = kAt - lab::kHour;
  auto s = status({}, {ocsp(revoked)});
  EXPECT_EQ(s.state, RevocationState::kRevoked);
  EXPECT_EQ(s.source, "OCSP");
  EXPECT_EQ(s.reason, "superseded");
  EXPECT_EQ(s.revoked_at, kAt - 5 * lab::kDay);
  lab::OcspSpec unknown;
  unknown.status = lab::Ocsp::kUnknown;
  unknown.this_update = kAt - lab::kHour;
  EXPECT_EQ(status({}, {ocsp(unknown)}).why, "the OCSP responder does not know the certificate (status unknown)");
}

TEST(Revocation, OcspSignedByAnotherKeyOrStaleIsUnknown) {
  lab::OcspSpec forged = fresh();
  forged.corrupt_signature = true;
  auto s = status({}, {ocsp(forged)});
  EXPECT_EQ(s.state, RevocationState::kUnknown);
  EXPECT_NE(s.why.find("not signed by the issuer"), std::string::npos) << s.why;
  lab::OcspSpec stale;
  stale.this_update = kAt - 10 * lab::kDay;
  stale.next_update = kAt - 6 * lab::kDay;
  EXPECT_NE(status({}, {ocsp(stale)}).why.find("not current"), std::string::npos);
}

TEST(Revocation, AnOcspErrorIsUnknown) {
  auto r = pki::OcspResponse::from_der(lab::ocsp_error_response(3));
  ASSERT_TRUE(r) << r.error().message;
  auto s = status({}, {*r});
  EXPECT_EQ(s.state, RevocationState::kUnknown);
  EXPECT_EQ(s.why, "the OCSP responder answered tryLater (OCSP error)");
}

}  // namespace
}  // namespace uccert::verify
