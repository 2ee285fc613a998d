// The trust inputs of a run: which files hold the roots each kind of client trusts, read into
// evidence::TrustInputs once, each error one line naming the file.
#pragma once

#include <future>
#include <string>
#include <vector>

#include "uccert/evidence/trust_inputs.h"
#include "uccert/pki/certificate_pool.h"
#include "uccert/pki/error.h"

namespace uccert::acquire {

// The Debian / Ubuntu system bundle: the public store when no public roots file is given.
inline constexpr const char* kSystemRootBundle = "/etc/ssl/certs/ca-certificates.crt";

struct TrustFiles {
  std::string public_roots;                    // --public-roots; "" = the system bundle
  std::vector<std::string> enterprise_roots;   // --enterprise-root (repeatable)
  std::string pool_cert;                       // --pool-cert
  std::vector<std::string> trusted_ca_certs;   // --trusted-ca-cert (repeatable)
  std::vector<std::string> mobile_roots;       // --mobile-root (repeatable)
};

struct LoadedTrust {
  evidence::TrustInputs inputs;
  std::vector<std::string> notes;  // e.g. that the system bundle does not exist
};

// Reads every file now and decodes them on a thread of their own. A missing or unreadable file is
// the error returned, naming it, before any packet is sent; one that does not decode is the
// future's error. A missing system bundle (no --public-roots) is not an error: the public store is
// then empty and `notes` says so. Why a thread: a command that probes a server spends most of its
// time waiting on it, and decoding the system bundle (~150 roots) is most of its CPU; decoded
// during the probe, the roots no longer add to a run that --timeout or --deadline bounds.
// `pool` (the run's, thread-safe) must outlive the future; nullptr decodes without one.
Result<std::future<Result<LoadedTrust>>> start_loading_trust(const TrustFiles& files,
                                                             pki::CertificatePool* pool = nullptr);

}  // namespace uccert::acquire
