// PKCS#12 (.pfx/.p12) reading: the certificates in file order, and whether the private key
// matches the leaf. The key itself is decoded only for that comparison and freed at once.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "uccert/pki/load.h"

namespace uccert::pki {

struct Pkcs12Contents {
  std::vector<CertificatePtr> certificates;  // in file order (safe contents, then bags)
  Pkcs12Facts facts;
};

// True when `der` parses as a PKCS#12 PFX structure (no password needed).
bool looks_like_pkcs12(std::span<const std::uint8_t> der);

// Opens the file with the empty password when that works, else asks `password`. Errors start
// with `name` ("cert.pfx: wrong password for the PKCS#12 file").
Result<Pkcs12Contents> read_pkcs12(std::span<const std::uint8_t> der, const std::string& name,
                                   const LoadOptions& options);

}  // namespace uccert::pki
