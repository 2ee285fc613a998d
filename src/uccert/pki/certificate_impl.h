// What a Certificate holds besides its public fields: the parse it was filled from, and the
// OpenSSL objects made from it only when something asks (an X509 for CRL, OCSP and PKCS#12 code,
// an EVP_PKEY when the certificate issues another, the self-signature check). Each is made once,
// under a std::once_flag: worker threads share certificates. Private to pki/.
#pragma once

#include <mutex>

#include "uccert/pki/certificate.h"
#include "uccert/pki/certificate_asn1.h"
#include "uccert/pki/handles.h"

namespace uccert::pki {

struct Certificate::Impl {
  // uccert's parse (certificate_asn1.h); null when the certificate came as an X509.
  certificate_asn1::CertificateAsn1Ptr parsed;

  // Set at construction by from_x509 and the reference decoder, else made from the DER on first use.
  X509Ptr x509;
  bool x509_given = false;
  std::once_flag x509_once;

  // The subject's key: decoded at construction when the view needed it (an algorithm judged
  // only by decoding), else on first use.
  EvpPkeyPtr key;
  EVP_PKEY* key_view = nullptr;  // `key`, or the one inside a given X509
  std::once_flag key_once;

  bool self_signed = false;
  std::once_flag self_signed_once;
};

}  // namespace uccert::pki
