// The steps of decoding one X509 into the Certificate view, each in its own file. Private to
// pki/ (it includes OpenSSL); certificate.cpp runs them in order.
#pragma once

#include <openssl/x509.h>

#include <optional>
#include <vector>

#include "uccert/pki/certificate.h"

namespace uccert::pki::certificate_decode {

// time.cpp. Strict RFC 5280 4.1.2.5 decoding of notBefore / notAfter (`which`); anything else
// is noted in `notes` and decoded leniently when OpenSSL can.
std::optional<UnixTime> decode_time(const ASN1_TIME* t, const char* which, std::vector<DecodeNote>& notes);

// signature.cpp. `outer`: the certificate's signatureAlgorithm (else the one inside the TBS),
// for which OpenSSL decodes RSASSA-PSS parameters.
SignatureAlgorithm decode_sigalg(const X509_ALGOR* alg, const X509* x, bool outer);

// public_key.cpp. Algorithm, size, curve and SPKI of the subject's key.
void decode_public_key(Certificate& c, const X509* x);

// extensions_decode.cpp. Every extension in order, then each one the view names.
void decode_extensions(Certificate& c, const X509* x);

}  // namespace uccert::pki::certificate_decode
