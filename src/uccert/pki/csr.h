// The decoded view of a PKCS#10 certificate request: what the administrator asked the CA for.
// A request that lacks a name the pool needs (FE-01, G-12) is cheaper to fix before it is signed.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "uccert/pki/certificate.h"
#include "uccert/pki/error.h"


namespace uccert::pki {

struct CsrView {
  int version = 1;  // 1 (the only version PKCS#10 defines, encoded as 0)
  DistinguishedName subject;
  std::vector<std::string> subject_common_names;  // every CN, in order
  std::vector<GeneralName> requested_sans;         // from the extensionRequest attribute
  KeyUsage requested_key_usage;
  ExtendedKeyUsage requested_extended_key_usage;
  std::vector<Extension> requested_extensions;     // every requested extension, in order
  PublicKeyInfo public_key;
  SignatureAlgorithm signature_algorithm;
  bool signature_valid = false;  // the request is signed by the key it carries
  std::string signature_error;   // why not, in a few words ("" when valid)
  Bytes der;
  std::string sha256;            // uppercase hex of SHA-256 over the DER
};

// Decodes one DER request. The error names what was malformed (the loader adds the file name).
Result<CsrView> decode_csr(std::span<const std::uint8_t> der);

}  // namespace uccert::pki
