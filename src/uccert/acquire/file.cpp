#include "uccert/acquire/file.h"

#include "uccert/pki/chain_order.h"

namespace uccert::acquire {

evidence::Evidence file_evidence(const pki::LoadedFile& file, const std::string& dialled_name,
                                 pki::UnixTime observed_at) {
  evidence::Evidence ev;
  ev.target = file.path;
  ev.dialled_name = dialled_name;
  ev.observed_at = observed_at;
  ev.container = std::string(pki::container_name(file.container));
  ev.chain = file.certificates;
  if (file.container == pki::ContainerKind::kPkcs7 || file.container == pki::ContainerKind::kPkcs12) {
    ev.chain = pki::leaf_first(ev.chain, file.pkcs12 ? file.pkcs12->key_certificate_index : std::nullopt);
  } else if (auto leaf = pki::find_leaf(ev.chain); leaf && *leaf != 0) {
    // A file saved root or intermediates first (what many tools write from a .p7b): judged as the
    // server sends it once imported on Windows, with where the file's first certificate went.
    const auto first = ev.chain.front();
    ev.chain = pki::leaf_first(ev.chain, leaf);
    for (std::size_t i = 0; i < ev.chain.size(); ++i)
      if (ev.chain[i] == first) ev.file_starts_with = i;
  }
  if (file.pkcs12) ev.private_key_matches = file.pkcs12->key_matches_leaf;
  return ev;
}

Result<evidence::Evidence> acquire_file(const std::string& path, const std::string& dialled_name,
                                        const pki::LoadOptions& load, pki::UnixTime observed_at) {
  auto loaded = pki::load_file(path, load);
  if (!loaded) return loaded.error();
  if (loaded->csr) return Error{path + ": a certificate request (CSR), not a certificate chain"};
  if (loaded->certificates.empty()) return Error{path + ": no certificate in the file"};
  return file_evidence(*loaded, dialled_name, observed_at);
}

}  // namespace uccert::acquire
