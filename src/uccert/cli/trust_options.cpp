#include "uccert/cli/trust_options.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <system_error>

#include "uccert/rules/chain_shape.h"

namespace uccert::cli {

namespace {

Status append_file(const std::string& path, const pki::LoadOptions& load, std::vector<pki::CertificatePtr>& into,
                   bool as_chain = false) {
  auto loaded = pki::load_file(path, load);
  if (!loaded) return loaded.error();
  if (loaded->certificates.empty()) return Error{path + ": no certificate in the file"};
  auto certs = loaded->certificates;
  // A pool chain from a PKCS#7 or PKCS#12 file: put its leaf first.
  if (as_chain && (loaded->container == pki::ContainerKind::kPkcs7 || loaded->container == pki::ContainerKind::kPkcs12))
    certs = rules::leaf_first(certs);
  for (auto& c : certs) into.push_back(std::move(c));
  return Ok{};
}

}  // namespace

void add_trust_options(CLI::App& command, TrustOptions& o) {
  command.add_option("--public-roots", o.public_roots,
                     fmt::format("The public trust store (default: the system bundle {})", kSystemRootBundle));
  command.add_option("--enterprise-root", o.enterprise_roots,
                     "Roots that domain-joined Windows machines trust (repeatable)");
  command.add_option("--pool-cert", o.pool_cert,
                     "The Lync pool's certificate (chain); the CA that issued it is what phones trust");
  command.add_option("--trusted-ca-cert", o.trusted_ca_certs,
                     "CAs added to the web services TrustedCACerts (repeatable)");
  command.add_option("--mobile-root", o.mobile_roots,
                     "Roots installed on phones and tablets by a profile or MDM (repeatable)");
}

Result<rules::TrustInputs> load_trust(const TrustOptions& o, const pki::LoadOptions& load,
                                      std::vector<std::string>& notes) {
  rules::TrustInputs t;
  if (o.public_roots.empty()) {
    std::error_code ec;
    if (std::filesystem::exists(kSystemRootBundle, ec)) {
      if (auto s = append_file(kSystemRootBundle, load, t.public_roots); !s) return s.error();
    } else {
      notes.push_back(fmt::format("no public roots: {} does not exist (give --public-roots FILE)", kSystemRootBundle));
    }
  } else if (auto s = append_file(o.public_roots, load, t.public_roots); !s) {
    return s.error();
  }
  for (const auto& f : o.enterprise_roots)
    if (auto s = append_file(f, load, t.enterprise_roots); !s) return s.error();
  if (!o.pool_cert.empty())
    if (auto s = append_file(o.pool_cert, load, t.pool_chain, true); !s) return s.error();
  for (const auto& f : o.trusted_ca_certs)
    if (auto s = append_file(f, load, t.trusted_ca_certs); !s) return s.error();
  for (const auto& f : o.mobile_roots)
    if (auto s = append_file(f, load, t.mobile_roots); !s) return s.error();
  return t;
}

}  // namespace uccert::cli
