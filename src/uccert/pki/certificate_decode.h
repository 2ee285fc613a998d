// The steps of decoding one certificate into the Certificate view, each in its own file. They
// take the certificate's parts (names, algorithms, the extension list, the key info) rather than
// an X509, so the view is filled from uccert's own parse (certificate_asn1.h) and, for tests and
// fuzzing, from d2i_X509 (certificate_reference.cpp). Private to pki/ (it includes OpenSSL).
#pragma once

#include <openssl/x509.h>

#include <optional>
#include <vector>

#include "uccert/pki/certificate.h"
#include "uccert/pki/certificate_asn1.h"
#include "uccert/pki/handles.h"

namespace uccert::pki::certificate_decode {

// Borrowed pointers to the parts of one parsed certificate (any may be null on hostile input).
struct CertificateParts {
  long version = 0;  // as X509_get_version: 0 for v1 (also when absent), -1 when unreadable
  const ASN1_INTEGER* serial = nullptr;
  const X509_ALGOR* tbs_signature = nullptr;
  const X509_NAME* issuer = nullptr;
  const ASN1_TIME* not_before = nullptr;
  const ASN1_TIME* not_after = nullptr;
  const X509_NAME* subject = nullptr;
  const STACK_OF(X509_EXTENSION) * extensions = nullptr;
  const X509_ALGOR* signature_algorithm = nullptr;
};

// certificate_fill.cpp. Version, serial, names, validity and both signature algorithms, in that
// order (the order of their DecodeNotes).
void decode_head(Certificate& c, const CertificateParts& parts);
// certificate_fill.cpp. The note for OpenSSL's verdict on the extensions, then self_issued.
void decode_tail(Certificate& c, bool openssl_extensions_invalid);

// time.cpp. Strict RFC 5280 4.1.2.5 decoding of notBefore / notAfter (`which`); anything else
// is noted in `notes` and decoded leniently when OpenSSL can.
std::optional<UnixTime> decode_time(const ASN1_TIME* t, const char* which, std::vector<DecodeNote>& notes);

// signature.cpp. `outer`: the certificate's signatureAlgorithm, whose RSASSA-PSS parameters give
// the digest (OpenSSL's X509_get_signature_info reads them for that one only).
SignatureAlgorithm decode_sigalg(const X509_ALGOR* alg, bool outer);
// The digest name as the view spells it ("SHA256"), "" for NID_undef.
std::string digest_name(int md_nid);

// public_key.cpp. Algorithm and curve named from the AlgorithmIdentifier alone.
void describe_key_algorithm(PublicKeyInfo& out, const X509_ALGOR* alg);
// Size and decodability of the key without an EVP_PKEY where that is exact (RSA, the NIST
// curves, Ed25519, Ed448); any other key is decoded with d2i_PUBKEY and that key is returned
// (the caller keeps it for public_key_handle()).
EvpPkeyPtr decode_public_key(PublicKeyInfo& out, const certificate_asn1::SubjectPublicKeyInfo& spki);
// The same from an X509, whose key OpenSSL decoded already (from_x509 and the reference decoder).
void decode_public_key_of_x509(PublicKeyInfo& out, const X509* x);

// extensions_decode.cpp. Every extension in order, then each one the view names. Returns whether
// OpenSSL 3.0's x509v3_cache_extensions would set EXFLAG_INVALID on this extension list
// (`issuer`: the certificate's issuer, which a CRL distribution point name may be relative to).
bool decode_extensions(Certificate& c, const STACK_OF(X509_EXTENSION) * exts, const X509_NAME* issuer);

}  // namespace uccert::pki::certificate_decode
