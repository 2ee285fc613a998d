// OCSP responses and CRLs as uccert reads them from a responder, a CDP, a staple or a file.
#include "uccert/pki/ocsp_response.h"

#include <gtest/gtest.h>
#include <openssl/ocsp.h>

#include "uccert/lab/mint.h"
#include "uccert/pki/certificate_revocation_list.h"

namespace uccert::pki {
namespace {

struct Pki {
  lab::Minted ca = lab::mint(lab::root_ca_spec("OCSP Test CA"), lab::KeyPair::cached(lab::KeySpec::ec(), 80));
  lab::Minted leaf = lab::mint(lab::server_spec("sip.contoso.com", {"sip.contoso.com"}),
                               lab::KeyPair::cached(lab::KeySpec::ec(), 81), &ca);
  lab::Minted other = lab::mint(lab::server_spec("sip.contoso.com", {"sip.contoso.com"}),
                                lab::KeyPair::cached(lab::KeySpec::ec(), 82), &ca);
};

const Pki& p() {
  static const Pki pki;
  return pki;
}

TEST(OcspResponse, ReadsWhatAResponderSaysAboutOneCertificate) {
  lab::OcspSpec spec;
  spec.status = lab::Ocsp::kRevoked;
  spec.revoked_at = 1780000000;
  spec.reason = 1;
  auto der = lab::mint_ocsp_response(spec, p().leaf, p().ca);
  ASSERT_TRUE(der) << der.error().message;
  auto r = OcspResponse::from_der(*der);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE((*r)->successful());
  auto s = (*r)->status_for(*p().leaf.cert, *p().ca.cert);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->status, OcspCertStatus::kRevoked);
  EXPECT_EQ(s->revoked_at, 1780000000);
  EXPECT_EQ(s->reason, "keyCompromise");
  EXPECT_FALSE((*r)->status_for(*p().other.cert, *p().ca.cert));  // says nothing about another certificate
  EXPECT_TRUE((*r)->verify_signature(*p().ca.cert, lab::now()).valid);
}

TEST(OcspResponse, ADelegatedResponderNeedsOcspSigning) {
  auto responder_spec = lab::server_spec("ocsp.contoso.com", {"ocsp.contoso.com"});
  responder_spec.eku = std::vector<std::string>{"OCSPSigning"};
  auto responder = lab::mint(responder_spec, lab::KeyPair::cached(lab::KeySpec::ec(), 83), &p().ca);
  lab::OcspSpec spec;
  spec.signer = responder;
  auto r = OcspResponse::from_der(*lab::mint_ocsp_response(spec, p().leaf, p().ca));
  ASSERT_TRUE(r);
  EXPECT_TRUE((*r)->verify_signature(*p().ca.cert, lab::now()).valid);

  auto plain_spec = lab::server_spec("www.contoso.com", {"www.contoso.com"});  // serverAuth only
  lab::OcspSpec bad;
  bad.signer = lab::mint(plain_spec, lab::KeyPair::cached(lab::KeySpec::ec(), 84), &p().ca);
  auto b = OcspResponse::from_der(*lab::mint_ocsp_response(bad, p().leaf, p().ca));
  ASSERT_TRUE(b);
  EXPECT_FALSE((*b)->verify_signature(*p().ca.cert, lab::now()).valid);
}

TEST(OcspResponse, RefusesWhatIsNotOne) {
  const Bytes junk{0x30, 0x03, 0x0a, 0x01, 0x00, 0xff};
  auto r = OcspResponse::from_der(junk);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "not a DER OCSP response");
  auto e = OcspResponse::from_der(lab::ocsp_error_response(OCSP_RESPONSE_STATUS_UNAUTHORIZED));
  ASSERT_TRUE(e);
  EXPECT_EQ((*e)->response_status, "unauthorized");
  EXPECT_FALSE((*e)->status_for(*p().leaf.cert, *p().ca.cert));
}

TEST(OcspResponse, RequestNamesTheCertificate) {
  auto req = make_ocsp_request(*p().leaf.cert, *p().ca.cert);
  ASSERT_TRUE(req) << req.error().message;
  const unsigned char* d = req->data();
  OCSP_REQUEST* parsed = d2i_OCSP_REQUEST(nullptr, &d, static_cast<long>(req->size()));
  ASSERT_NE(parsed, nullptr);
  EXPECT_EQ(OCSP_request_onereq_count(parsed), 1);
  OCSP_REQUEST_free(parsed);
}

TEST(OcspResponse, Freshness) {
  OcspSingle s;
  s.this_update = 1000000;
  s.next_update = 1000000 + 3600;
  EXPECT_TRUE(ocsp_fresh(s, 1000000 + 60));
  EXPECT_FALSE(ocsp_fresh(s, 1000000 + 3600 + 301));
  EXPECT_FALSE(ocsp_fresh(s, 1000000 - 301));  // from the future
  s.next_update.reset();
  EXPECT_TRUE(ocsp_fresh(s, 1000000 + 3600));
  EXPECT_FALSE(ocsp_fresh(s, 1000000 + 2 * 86400));
}

TEST(CertificateRevocationList, ReadsPemAndDerAndGivesTheEntry) {
  lab::CrlSpec spec;
  spec.revoked.push_back({p().leaf, 1780000000, 4});
  auto der = lab::mint_crl(spec, p().ca);
  ASSERT_TRUE(der) << der.error().message;
  const std::string pem = lab::crl_pem(*der);
  auto from_pem = CertificateRevocationList::from_bytes(
      std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(pem.data()), pem.size()));
  ASSERT_TRUE(from_pem) << from_pem.error().message;
  auto from_der = CertificateRevocationList::from_bytes(*der);
  ASSERT_TRUE(from_der);
  EXPECT_EQ((*from_der)->der_size, der->size());
  auto entry = (*from_pem)->entry_for(*p().leaf.cert);
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->revoked_at, 1780000000);
  EXPECT_EQ(entry->reason, "superseded");
  EXPECT_FALSE((*from_pem)->entry_for(*p().other.cert));
  EXPECT_EQ(revocation_reason_text(7), "");
  EXPECT_EQ(revocation_reason_text(99), "");
}

}  // namespace
}  // namespace uccert::pki
