// Building a PKCS#10 certificate request: the subject CN, the subjectAltName DNS names in the
// order given (Lync and Exchange want the pool or SIP name first), the extendedKeyUsage purposes,
// a fresh RSA or ECDSA key, signed with SHA-256 and written as PEM, ready for a CA. The lab builds
// its deliberately odd requests on assemble_csr and csr_pem.
#pragma once

#include <string>
#include <vector>

#include "uccert/pki/error.h"
#include "uccert/pki/handles.h"
#include "uccert/pki/secret.h"

namespace uccert::pki {

struct CsrKeySpec {
  enum class Algorithm { kRsa, kEcdsa };
  Algorithm algorithm = Algorithm::kRsa;
  int rsa_bits = 2048;          // kRsa: 2048 to 16384
  std::string curve = "P-256";  // kEcdsa: "P-256" or "P-384"
};

struct CsrSpec {
  std::string common_name;             // the subject's CN; "" leaves the subject empty
  std::vector<std::string> dns_names;  // subjectAltName dNSName entries, in this order; none: no SAN
  // extendedKeyUsage purposes, dotted or OpenSSL short names ("serverAuth"), in this order;
  // none: no extension.
  std::vector<std::string> ekus;
};

// A fresh key as `spec` asks. The error names the spec ("RSA-1024: ...").
Result<EvpPkeyPtr> generate_csr_key(const CsrKeySpec& spec);

// An unsigned request: version 1, `subject`, the public half of `key`, and `extensions` as its
// extensionRequest attribute (none: no attribute).
Result<X509ReqPtr> assemble_csr(const X509_NAME* subject, EVP_PKEY* key,
                                const std::vector<X509ExtensionPtr>& extensions);

// The request `spec` describes for `key`, signed with SHA-256.
Result<X509ReqPtr> build_csr(const CsrSpec& spec, EVP_PKEY* key);

// "-----BEGIN CERTIFICATE REQUEST-----" ...
Result<std::string> csr_pem(const X509_REQ* csr);

// A new key and its request, both PEM: what a CA needs and what the administrator keeps.
struct BuiltCsr {
  Secret private_key_pem;  // PKCS#8, unencrypted
  std::string csr_pem;
};
Result<BuiltCsr> make_csr(const CsrSpec& spec, const CsrKeySpec& key);

}  // namespace uccert::pki
