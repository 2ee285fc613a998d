// What a CDP or an OCSP responder (or a staple, or a --crl / --ocsp-response file) sends back,
// read as uccert reads it: a CRL (DER or PEM) and an OCSP response, then what the revocation
// status asks of them about one fixed certificate and its issuer (entry lookup, signature checks
// against the issuer, the OCSP CertID match, freshness).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "uccert/lab/mint.h"
#include "uccert/verify/revocation.h"

namespace {

struct Pair {
  uccert::lab::Minted issuer;
  uccert::lab::Minted leaf;
};

const Pair& pair() {
  static const Pair p = [] {
    using uccert::lab::KeyPair;
    using uccert::lab::KeySpec;
    auto ca = uccert::lab::mint(uccert::lab::root_ca_spec("Fuzz CA"), KeyPair::generate(KeySpec::ec()).value());
    auto leaf = uccert::lab::mint(uccert::lab::server_spec("sip.contoso.com", {"sip.contoso.com"}),
                                  KeyPair::generate(KeySpec::ec()).value(), &ca);
    return Pair{ca, leaf};
  }();
  return p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  const auto& p = pair();
  constexpr uccert::pki::UnixTime kAt = 1780272000;
  std::vector<uccert::pki::CrlPtr> crls;
  std::vector<uccert::pki::OcspPtr> responses;
  if (auto crl = uccert::pki::CertificateRevocationList::from_bytes(bytes)) {
    (void)(*crl)->entry_for(*p.leaf.cert);
    (void)uccert::verify::evaluate_crl(**crl, *p.leaf.cert, *p.issuer.cert, kAt);
    crls.push_back(*crl);
  }
  if (auto r = uccert::pki::OcspResponse::from_der(bytes)) {
    if ((*r)->response_status.empty()) __builtin_trap();
    if (auto single = (*r)->status_for(*p.leaf.cert, *p.issuer.cert)) (void)uccert::pki::ocsp_fresh(*single, kAt);
    (void)(*r)->verify_signature(*p.issuer.cert, kAt);
    responses.push_back(*r);
  }
  auto status = uccert::verify::revocation_status(*p.leaf.cert, *p.issuer.cert, crls, responses, kAt);
  if (status.state == uccert::verify::RevocationState::kUnknown && status.why.empty()) __builtin_trap();
  return 0;
}
