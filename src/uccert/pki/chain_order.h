// The order of the certificates in one file, as found: who issued whom, where the order a
// server must send (leaf first, each certificate followed by its issuer; RFC 8446 4.4.2) is
// broken, and whether a root is included. Describes the file; judging it is verify/'s job.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "uccert/pki/certificate.h"

namespace uccert::pki {

// How certificate `index` was found to be issued by certificate `issuer_index`.
struct IssuerLink {
  std::size_t index = 0;
  std::optional<std::size_t> issuer_index;  // nullopt: its issuer is not in the file
  bool self_signed = false;                 // its own key verifies it (a root, usually)
  bool name_match = false;                  // issuer DN == the candidate's subject DN
  // AKI/SKI agree: true, disagree: false, one of them absent: nullopt.
  std::optional<bool> key_id_match;
  bool signature_checked = false;
  bool signature_valid = false;
};

enum class ChainOrderKind {
  kEmpty,        // no certificates
  kSingle,       // one certificate
  kLeafFirst,    // each certificate followed by its issuer: the order a server sends
  kRootFirst,    // each certificate followed by the one it issued (common in .p7b exports)
  kUnordered,    // anything else
};
std::string_view chain_order_name(ChainOrderKind kind);  // "empty", "single", "leaf-first", "root-first", "unordered"

struct ChainOrder {
  ChainOrderKind kind = ChainOrderKind::kEmpty;
  std::vector<IssuerLink> links;  // one per certificate, in file order
  std::optional<std::size_t> leaf_index;  // the first certificate that issued no other in the file
  bool root_included = false;             // a self-signed CA certificate is in the file
  std::vector<std::size_t> root_indices;
  // One sentence per place the leaf-first order is broken, e.g.
  // "certificate 2 (CN=Contoso Issuing CA) is not issued by certificate 3 (CN=Other CA)".
  std::vector<std::string> breaks;
  // The issuer DN the top of the chain needs when its issuer is not in the file ("" otherwise).
  std::string missing_issuer;
};

// Links each certificate to its issuer among the others (name, then key identifiers, then the
// signature, checked only for name-matching candidates, through `pool` when given), then
// describes the order.
ChainOrder analyse_chain_order(const std::vector<CertificatePtr>& certs, CertificatePool* pool = nullptr);

// The end-entity of a set of certificates: the first (in file order) that issued none of the
// others by name; nullopt when the set is empty.
std::optional<std::size_t> find_leaf(const std::vector<CertificatePtr>& certs);

// `issuer` could have issued `subject`: names chain (RFC 5280 7.1 comparison) and, when the
// authority key id and the issuer's subject key id disagree, `issuer`'s key verifies the
// signature (the key ids are only a hint, RFC 5280 4.2.1.1). The one "who issued whom" test of a
// chain's shape (rules/chain_shape) and of ordering a file (leaf_first).
bool issued_by(const Certificate& subject, const Certificate& issuer);

// The certificates in the order a server sends them: the leaf, then its issuer, that one's
// issuer..., then any others in their original order. The leaf is `leaf` when given (the
// certificate a PKCS#12 key belongs to), else the first certificate that issued none of the
// others. The one chain-order function: files of every container and trust files use it.
std::vector<CertificatePtr> leaf_first(const std::vector<CertificatePtr>& certs,
                                       std::optional<std::size_t> leaf = std::nullopt);

}  // namespace uccert::pki
