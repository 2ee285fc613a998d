#include "uccert/pki/file_evidence.h"

namespace uccert::pki {

Evidence file_evidence(const LoadedFile& file, UnixTime observed_at) {
  Evidence e;
  e.target = file.path;
  e.observed_at = observed_at;
  e.container = std::string(container_name(file.container));
  e.chain = file.certificates;
  if (file.pkcs12) {
    e.private_key_matches = file.pkcs12->key_matches_leaf;
    std::optional<std::size_t> leaf = file.pkcs12->key_certificate_index;
    if (!leaf) leaf = file.pkcs12->leaf_index;
    if (leaf && *leaf < e.chain.size() && *leaf != 0) {
      CertificatePtr first = e.chain[*leaf];
      e.chain.erase(e.chain.begin() + static_cast<std::ptrdiff_t>(*leaf));
      e.chain.insert(e.chain.begin(), std::move(first));
    }
  }
  return e;
}

}  // namespace uccert::pki
