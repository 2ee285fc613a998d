// Shared fixtures for the benchmarks: a small RSA-2048 PKI (root -> intermediate -> leaves)
// minted once per process with lab/mint.h, and the helpers the benchmarks share. Minting is
// never timed: each fixture is built on first use, outside the timed loops.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "uccert/lab/mint.h"
#include "uccert/pki/certificate.h"
#include "uccert/evidence/evidence.h"
#include "uccert/profiles/client_profile.h"
#include "uccert/judge/judge.h"

namespace uccert::bench {

// The name every fixture leaf is issued for and dialled as.
inline constexpr const char* kDialledName = "sip.contoso.com";

struct Pki {
  lab::Minted root;          // "Bench Root CA", RSA-2048, self-signed
  lab::Minted intermediate;  // "Bench Issuing CA", RSA-2048, signed by root
  lab::Minted leaf_rsa;      // sip.contoso.com + four more SAN entries, RSA-2048 key
  lab::Minted leaf_ec;       // the same names, EC P-256 key (signed by the RSA intermediate)
  pki::UnixTime at = 0;      // the validation time every benchmark uses (minting time)
};

// Built on first call (keys from lab::KeyPair::cached, so reruns skip RSA key generation).
const Pki& pki_fixture();

// The PEM text of the given certificates in order (e.g. "leaf, intermediate, root", as a
// server's full-chain file holds it).
std::string pem_bundle(const std::vector<const lab::Minted*>& certs);

// The nine built-in profiles, in their file order.
std::vector<const profiles::ClientProfile*> all_profiles();

// Evidence for a chain as a file target presents it (leaf first).
evidence::Evidence evidence_of(const std::vector<pki::CertificatePtr>& chain, const std::string& dialled);

// The public store of this machine (/etc/ssl/certs/ca-certificates.crt), decoded once; empty
// when the file is missing.
const std::vector<pki::CertificatePtr>& system_roots();

// Bulk: `count` distinct RSA-2048 leaves (one shared leaf key) under the fixture's intermediate,
// each as the PEM of "leaf, intermediate" (what a server's chain file holds) and as the PEM of
// the leaf alone. count comes from UCCERT_BENCH_LEAVES (default 1000). Built on first call.
struct BulkLeaves {
  std::vector<std::string> chain_pem;   // leaf + intermediate
  std::vector<std::string> leaf_pem;    // leaf only
  std::vector<std::string> names;       // the name each leaf is issued for
};
const BulkLeaves& bulk_leaves();
std::size_t bulk_leaf_count();

// Resident set size now, and the process's peak so far, in KiB (Linux /proc and getrusage).
long current_rss_kib();
long peak_rss_kib();

}  // namespace uccert::bench
