// The certificates each trust source holds, as the administrator gave them (profiles name which
// sources each client trusts; the judge builds each client's anchors from them).
#pragma once

#include <vector>

#include "uccert/pki/certificate.h"

namespace uccert::evidence {

struct TrustInputs {
  std::vector<pki::CertificatePtr> public_roots;
  std::vector<pki::CertificatePtr> enterprise_roots;
  // The Lync pool certificate chain (--pool-cert); its issuing CA (and that CA's root) is what
  // Lync Phone Edition trusts (LPE-01). Empty: the target itself is taken to be the pool cert.
  std::vector<pki::CertificatePtr> pool_chain;
  std::vector<pki::CertificatePtr> trusted_ca_certs;
  std::vector<pki::CertificatePtr> mobile_roots;
  // public_roots is the machine's own bundle (no --public-roots given): the distribution's store,
  // not one the deployment's administrator filled (rule G-15 reads it only where a path reaches).
  bool public_roots_are_system_store = false;
};

}  // namespace uccert::evidence
