// A certificate file as Evidence: the chain a server configured with this file would present.
#pragma once

#include <string>

#include "uccert/evidence/evidence.h"
#include "uccert/pki/error.h"
#include "uccert/pki/load.h"

namespace uccert::acquire {

// PEM and DER in file order when the file starts with its leaf; one that starts elsewhere (root
// or intermediates first) is put leaf first, and Evidence::file_starts_with says so. PKCS#7 and
// PKCS#12 hold unordered sets: they are put in the order Windows sends after import
// (pki::leaf_first: the certificate the PKCS#12 key belongs to, else the one that issued no
// other, then its issuers). A CSR or a file without a certificate is an error naming the file.
Result<evidence::Evidence> acquire_file(const std::string& path, const std::string& dialled_name,
                                        const pki::LoadOptions& load, pki::UnixTime observed_at);

// The same from a file already loaded (a CSR gives an empty chain here).
evidence::Evidence file_evidence(const pki::LoadedFile& file, const std::string& dialled_name,
                                 pki::UnixTime observed_at);

}  // namespace uccert::acquire
