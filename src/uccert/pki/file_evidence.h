// A loaded file as Evidence: the chain a server configured with this file would present.
#pragma once

#include "uccert/pki/evidence.h"
#include "uccert/pki/load.h"

namespace uccert::pki {

// The certificates in file order, except for PKCS#12: there the leaf (the certificate the key
// belongs to, else the one that issued no other) comes first, because Windows builds the chain
// it sends from the store, not from the order of the bags. Container, key match and target are
// filled from the file; a CSR gives an empty chain.
Evidence file_evidence(const LoadedFile& file, UnixTime observed_at);

}  // namespace uccert::pki
