// The structure of a chain as a server presented it, independent of any client's trust: which
// certificate issued which, whether they were sent in order, whether the root was sent, and
// whether the issuer of the last certificate is missing (K-08). Path validation (verify/)
// answers "does it chain to a trusted root"; this answers "what did the server send".
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "uccert/pki/certificate.h"

namespace uccert::rules {

struct ChainShape {
  // For each presented certificate, the index of its issuer among the presented ones.
  std::vector<std::optional<std::size_t>> issuer_index;
  // The leaf, its issuer, that one's issuer... as far as the presented certificates go.
  std::vector<std::size_t> linked;
  // Presented certificates that are not on the leaf's line (unrelated, or duplicates).
  std::vector<std::size_t> unused;
  std::vector<std::size_t> duplicates;  // byte-identical to an earlier certificate
  // linked is 0, 1, 2, ... (each certificate followed by its issuer, RFC 5246 7.4.2).
  bool in_order = true;
  std::optional<std::size_t> root_sent;  // a self-signed certificate on the leaf's line
  // The last certificate on the leaf's line is not self-issued and its issuer was not sent.
  bool issuer_missing = false;
  std::size_t top = 0;  // index of the last certificate on the leaf's line
};

ChainShape analyse_chain(const std::vector<pki::CertificatePtr>& presented);

// `issuer` could have issued `subject`: names chain (RFC 5280 7.1 comparison) and, when the
// authority key id and the issuer's subject key id disagree, `issuer`'s key verifies the
// signature (the key ids are only a hint, RFC 5280 4.2.1.1).
bool issued_by(const pki::Certificate& subject, const pki::Certificate& issuer);

// The first certificate in `pools` (searched in order) that could have issued `cert`, other
// than `cert` itself; nullptr when none.
pki::CertificatePtr find_issuer(const pki::Certificate& cert,
                                const std::vector<const std::vector<pki::CertificatePtr>*>& pools);

// `cert`'s issuer, that one's issuer ... up to a self-issued certificate, from `pools` (at most
// 16 steps, loops cut). Empty when the issuer is not in the pools.
std::vector<pki::CertificatePtr> issuer_line(const pki::Certificate& cert,
                                             const std::vector<const std::vector<pki::CertificatePtr>*>& pools);

// Index of `cert` (same DER) in `chain`, or -1.
int index_in(const std::vector<pki::CertificatePtr>& chain, const pki::Certificate& cert);

// An unordered set of certificates (PKCS#7 is a SET; PKCS#12 bags have no order) in the order a
// server sends them: the leaf (the first certificate that issued none of the others), then its
// issuer, that one's issuer..., then any others in their original order.
std::vector<pki::CertificatePtr> leaf_first(const std::vector<pki::CertificatePtr>& certs);

// The subject's CN if any, else its one-line text (for messages).
std::string short_name(const pki::Certificate& cert);

}  // namespace uccert::rules
