#include "uccert/cli/trust_options.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <future>
#include <system_error>

#include "uccert/pki/read_file.h"
#include "uccert/rules/chain_shape.h"

namespace uccert::cli {

namespace {

// One trust file read into memory, and the trust set its certificates join.
struct TrustFile {
  std::string path;
  pki::Bytes data;
  std::vector<pki::CertificatePtr> rules::TrustInputs::*into;
  bool as_chain = false;  // the pool chain: leaf first
};

// Reads every file up front, so a missing or unreadable one is said at once, before any packet.
Result<std::vector<TrustFile>> read_trust_files(const TrustOptions& o, std::vector<std::string>& notes) {
  std::vector<TrustFile> files;
  auto add = [&](const std::string& path, std::vector<pki::CertificatePtr> rules::TrustInputs::*into,
                 bool as_chain = false) -> Status {
    auto data = pki::read_file(path, pki::kDefaultMaxFileSize);
    if (!data) return data.error();
    files.push_back(TrustFile{path, std::move(data.value()), into, as_chain});
    return Ok{};
  };
  using T = rules::TrustInputs;
  if (o.public_roots.empty()) {
    std::error_code ec;
    if (std::filesystem::exists(kSystemRootBundle, ec)) {
      if (auto s = add(kSystemRootBundle, &T::public_roots); !s) return s.error();
    } else {
      notes.push_back(fmt::format("no public roots: {} does not exist (give --public-roots FILE)", kSystemRootBundle));
    }
  } else if (auto s = add(o.public_roots, &T::public_roots); !s) {
    return s.error();
  }
  for (const auto& f : o.enterprise_roots)
    if (auto s = add(f, &T::enterprise_roots); !s) return s.error();
  if (!o.pool_cert.empty())
    if (auto s = add(o.pool_cert, &T::pool_chain, true); !s) return s.error();
  for (const auto& f : o.trusted_ca_certs)
    if (auto s = add(f, &T::trusted_ca_certs); !s) return s.error();
  for (const auto& f : o.mobile_roots)
    if (auto s = add(f, &T::mobile_roots); !s) return s.error();
  return files;
}

// Trust files hold no secrets: decoded without a password source, so never a prompt.
Result<rules::TrustInputs> decode_trust_files(const std::vector<TrustFile>& files) {
  rules::TrustInputs t;
  for (const auto& f : files) {
    auto loaded = pki::load_bytes(f.data, f.path, pki::LoadOptions{});
    if (!loaded) return loaded.error();
    if (loaded->certificates.empty()) return Error{f.path + ": no certificate in the file"};
    auto certs = loaded->certificates;
    // A pool chain from a PKCS#7 or PKCS#12 file: put its leaf first.
    if (f.as_chain &&
        (loaded->container == pki::ContainerKind::kPkcs7 || loaded->container == pki::ContainerKind::kPkcs12))
      certs = rules::leaf_first(certs);
    auto& into = t.*(f.into);
    for (auto& c : certs) into.push_back(std::move(c));
  }
  return t;
}

}  // namespace

void add_trust_options(CLI::App& command, TrustOptions& o) {
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

Result<std::future<Result<LoadedTrust>>> start_loading_trust(const TrustOptions& options) {
  std::vector<std::string> notes;
  auto files = read_trust_files(options, notes);
  if (!files) return files.error();
  auto decode = [files = std::move(files.value()), notes = std::move(notes)]() -> Result<LoadedTrust> {
    auto inputs = decode_trust_files(files);
    if (!inputs) return inputs.error();
    return LoadedTrust{std::move(inputs.value()), notes};
  };
  try {
    return std::async(std::launch::async, std::move(decode));
  } catch (const std::system_error&) {
    // No thread to be had (a process limit): decode when asked, as before.
    return std::async(std::launch::deferred, std::move(decode));
  }
}

}  // namespace uccert::cli
