// Differential: Certificate::from_der (uccert's own ASN.1 template, the key left undecoded)
// against Certificate::from_der_reference (d2i_X509 and OpenSSL's caches) on the same bytes.
// Aborts when one accepts what the other refuses, when any field of the two views differs
// (view_differences: every field, decode notes, key size and decodability, self_signed), or when
// the certificate's signature checked with its own key gets two different verdicts.
#include <openssl/x509.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>

#include "uccert/pki/certificate.h"
#include "uccert/pki/certificate_reference.h"

namespace {

[[noreturn]] void differ(const char* what) {
  std::fprintf(stderr, "from_der and from_der_reference differ: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using uccert::pki::Certificate;
  const std::span<const std::uint8_t> der(data, size);
  auto fresh = Certificate::from_der(der);
  auto reference = Certificate::from_der_reference(der);
  if (static_cast<bool>(fresh) != static_cast<bool>(reference))
    differ(fresh ? "from_der accepts what d2i_X509 refuses" : "from_der refuses what d2i_X509 accepts");
  if (!fresh) return 0;
  const auto diff = uccert::pki::view_differences(**reference, **fresh);
  if (!diff.empty()) {
    for (const auto& line : diff) std::fprintf(stderr, "  %s\n", line.c_str());
    differ("view fields");
  }
  EVP_PKEY* key = (*reference)->public_key_handle();
  const bool expected = key != nullptr && X509_verify((*reference)->x509(), key) == 1;
  if (uccert::pki::verify_signature(**fresh, **fresh).valid != expected) differ("signature checked with its own key");
  return 0;
}
