#include "uccert/acquire/trust_stores.h"

#include <fmt/format.h>

#include <filesystem>
#include <future>
#include <system_error>

#include "uccert/pki/chain_order.h"
#include "uccert/pki/load.h"
#include "uccert/pki/read_file.h"

namespace uccert::acquire {

namespace {

// One trust file read into memory, and the trust set its certificates join.
struct TrustFile {
  std::string path;
  pki::Bytes data;
  std::vector<pki::CertificatePtr> evidence::TrustInputs::*into;
  bool as_chain = false;  // the pool chain: leaf first
  bool system_store = false;  // the machine's bundle, taken because no --public-roots was given
};

// Reads every file up front, so a missing or unreadable one is said at once, before any packet.
Result<std::vector<TrustFile>> read_trust_files(const TrustFiles& o, std::vector<std::string>& notes) {
  std::vector<TrustFile> files;
  auto add = [&](const std::string& path, std::vector<pki::CertificatePtr> evidence::TrustInputs::*into,
                 bool as_chain = false, bool system_store = false) -> Status {
    auto data = pki::read_file(path, pki::kDefaultMaxFileSize);
    if (!data) return data.error();
    files.push_back(TrustFile{path, std::move(data.value()), into, as_chain, system_store});
    return Ok{};
  };
  using T = evidence::TrustInputs;
  if (o.public_roots.empty()) {
    std::error_code ec;
    if (std::filesystem::exists(kSystemRootBundle, ec)) {
      if (auto s = add(kSystemRootBundle, &T::public_roots, false, true); !s) return s.error();
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
Result<evidence::TrustInputs> decode_trust_files(const std::vector<TrustFile>& files, pki::CertificatePool* pool) {
  evidence::TrustInputs t;
  for (const auto& f : files) {
    pki::LoadOptions load;
    load.pool = pool;
    auto loaded = pki::load_bytes(f.data, f.path, load);
    if (!loaded) return loaded.error();
    if (loaded->certificates.empty()) return Error{f.path + ": no certificate in the file"};
    auto certs = loaded->certificates;
    // A pool chain from a PKCS#7 or PKCS#12 file: put its leaf first.
    if (f.as_chain &&
        (loaded->container == pki::ContainerKind::kPkcs7 || loaded->container == pki::ContainerKind::kPkcs12))
      certs = pki::leaf_first(certs);
    auto& into = t.*(f.into);
    for (auto& c : certs) into.push_back(std::move(c));
    if (f.system_store) t.public_roots_are_system_store = true;
  }
  return t;
}

}  // namespace

Result<std::future<Result<LoadedTrust>>> start_loading_trust(const TrustFiles& options, pki::CertificatePool* pool) {
  std::vector<std::string> notes;
  auto files = read_trust_files(options, notes);
  if (!files) return files.error();
  auto decode = [files = std::move(files.value()), notes = std::move(notes), pool]() -> Result<LoadedTrust> {
    auto inputs = decode_trust_files(files, pool);
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

}  // namespace uccert::acquire
