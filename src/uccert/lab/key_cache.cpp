// KeyPair::cached: a pool of test keys per (spec, index), kept for the process and on disk so the
// many test processes ctest starts share keys instead of each generating RSA keys again.
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <stdexcept>

#include "uccert/lab/mint_detail.h"

namespace uccert::lab {

using namespace mint_detail;

namespace {

// The per-user folder of cached test keys, or empty when disabled or unsafe to use (a folder
// someone else owns or others can write).
std::filesystem::path key_cache_dir() {
  std::filesystem::path dir;
  if (const char* env = std::getenv("UCCERT_KEY_CACHE"); env != nullptr && *env != '\0') {
    if (std::string_view(env) == "off") return {};
    dir = env;
  } else {
    std::error_code ec;
    dir = std::filesystem::temp_directory_path(ec);
    if (ec) return {};
    dir /= fmt::format("uccert-test-keys-{}", ::getuid());
  }
  ::mkdir(dir.c_str(), 0700);
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::getuid() ||
      (st.st_mode & 0077) != 0)
    return {};
  return dir;
}

// Whether a key read from the disk cache is what the spec asks for.
bool matches(const KeySpec& spec, EVP_PKEY* k) {
  switch (spec.kind) {
    case KeySpec::kRsa: return EVP_PKEY_get_base_id(k) == EVP_PKEY_RSA && EVP_PKEY_get_bits(k) == spec.rsa_bits;
    case KeySpec::kEc: {
      char group[80] = {};
      std::size_t len = 0;
      if (EVP_PKEY_get_base_id(k) != EVP_PKEY_EC ||
          EVP_PKEY_get_group_name(k, group, sizeof group, &len) != 1)
        return false;
      // OpenSSL reports "prime256v1" for "P-256": compare by curve NID.
      const int want = EC_curve_nist2nid(spec.curve.c_str()) != NID_undef ? EC_curve_nist2nid(spec.curve.c_str())
                                                                       : OBJ_sn2nid(spec.curve.c_str());
      return want != NID_undef && OBJ_sn2nid(group) == want;
    }
    case KeySpec::kEd25519: return EVP_PKEY_get_base_id(k) == EVP_PKEY_ED25519;
  }
  return false;
}

}  // namespace

KeyPair KeyPair::cached(const KeySpec& spec, int index) {
  static std::mutex mu;
  // Keyed by (spec, index): only the indices asked for are generated.
  static std::map<std::pair<std::string, int>, pki::EvpPkeyPtr> pool;
  static const std::filesystem::path disk = key_cache_dir();
  if (index < 0) throw std::runtime_error("KeyPair::cached: negative index");
  const std::lock_guard lock(mu);
  auto& slot = pool[{spec.describe(), index}];
  const auto file = disk.empty() ? disk : disk / fmt::format("{}-{}.pem", spec.describe(), index);
  if (!slot && !disk.empty()) {
    if (pki::BioPtr bio(BIO_new_file(file.c_str(), "r")); bio) {
      slot.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    }
    if (slot && !matches(spec, slot.get())) slot.reset();
    ERR_clear_error();  // a missing or damaged file just means "generate"
  }
  if (!slot) {
    auto k = generate(spec);
    if (!k) throw std::runtime_error(k.error().message);
    slot = std::move(k->pkey_);
    if (!disk.empty()) {
      // Best effort: another process may write the same name at the same time; either key is fine.
      const pki::Secret pem = KeyPair(share_key(slot.get())).pem_private_secret();
      static_cast<void>(write_file_atomic(file, pem.view(), true));
    }
  }
  EVP_PKEY* p = slot.get();
  EVP_PKEY_up_ref(p);
  return KeyPair(pki::EvpPkeyPtr(p));
}

}  // namespace uccert::lab
