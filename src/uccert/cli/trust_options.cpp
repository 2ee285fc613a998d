#include "uccert/cli/trust_options.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace uccert::cli {

using acquire::kSystemRootBundle;

void add_trust_options(CLI::App& command, acquire::TrustFiles& o) {
  command.add_option("--public-roots", o.public_roots,
                     fmt::format("The public trust store (default: the system bundle {})", kSystemRootBundle));
  command.add_option("--enterprise-root", o.enterprise_roots,
                     "Roots that domain-joined Windows machines trust (repeatable)")
      ->allow_extra_args(false);
  command.add_option("--pool-cert", o.pool_cert,
                     "The Lync pool's certificate (chain); the CA that issued it is what phones trust");
  command.add_option("--trusted-ca-cert", o.trusted_ca_certs,
                     "CAs added to the web services TrustedCACerts (repeatable)")
      ->allow_extra_args(false);
  command.add_option("--mobile-root", o.mobile_roots,
                     "Roots installed on phones and tablets by a profile or MDM (repeatable)")
      ->allow_extra_args(false);
}

}  // namespace uccert::cli
