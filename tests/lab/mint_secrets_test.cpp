// The lab's writers leave no copy of a private key or a PKCS#12 password in freed memory
// (docs/security.md, shared workstation): the PEM is held in a pki::Secret, the PKCS#12 password
// is a pki::Secret, both wiped before they are freed.
#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "lab/freed_memory_watch.h"
#include "uccert/lab/mint.h"
#include "uccert/pki/secret.h"

namespace uccert::lab {
namespace {

namespace fs = std::filesystem;
using testing::FreedMemoryWatch;

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("uccert-mint-secrets-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string file_text(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// 48 characters of the key's base64 body: cannot occur in freed memory by chance.
std::string key_fragment(const KeyPair& key) {
  const std::string pem = key.pem_private();
  return pem.substr(pem.find('\n') + 1, 48);
}

// The watch itself: a plain std::string holding the needle is seen when it is freed, so a zero
// count in the tests below means something.
TEST(FreedMemoryWatch, SeesAPlainStringFreed) {
  const std::string needle = "not-wiped-3b8f0c27e1d94a6f9c2e5d7b1a0f8e63";
  FreedMemoryWatch watch(needle);
  {
    std::string copy = "held: " + needle;
    EXPECT_EQ(copy.size(), needle.size() + 6);
  }
  EXPECT_GE(watch.hits(), 1);
}

TEST(FreedMemoryWatch, SecretIsWipedBeforeItIsFreed) {
  const std::string needle = "wiped-3b8f0c27e1d94a6f9c2e5d7b1a0f8e63-wiped";
  FreedMemoryWatch watch(needle);
  {
    pki::Secret s(needle.data(), needle.size());
    pki::Secret moved(std::move(s));
    EXPECT_EQ(moved.view(), needle);
  }
  EXPECT_EQ(watch.hits(), 0);
}

TEST(MintSecrets, WritePrivateKeyLeavesNoCopyInFreedMemory) {
  TempDir dir;
  for (const KeySpec& spec : {KeySpec::ec(), KeySpec::rsa(2048)}) {
    SCOPED_TRACE(spec.describe());
    const KeyPair key = KeyPair::cached(spec);
    const std::string fragment = key_fragment(key);
    const fs::path path = dir.path() / (spec.describe() + ".key");
    {
      FreedMemoryWatch watch(fragment);
      ASSERT_TRUE(write_private_key(path, key).ok());
      EXPECT_EQ(watch.hits(), 0) << "a copy of the private key PEM was freed without being wiped";
    }
    EXPECT_NE(file_text(path).find(fragment), std::string::npos) << "the fragment is the key's";
  }
}

TEST(MintSecrets, PemPrivateSecretIsThePem) {
  const KeyPair key = KeyPair::cached(KeySpec::ec());
  const pki::Secret pem = key.pem_private_secret();
  EXPECT_EQ(pem.view(), key.pem_private());
  EXPECT_EQ(pem.view().rfind("-----BEGIN PRIVATE KEY-----", 0), 0U);
  auto back = KeyPair::from_pem(pem.view());
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->same_key(key));
}

TEST(MintSecrets, Pkcs12PasswordIsWipedWithTheOptions) {
  TempDir dir;
  const KeyPair key = KeyPair::cached(KeySpec::ec());
  const Minted root = mint(root_ca_spec("Mint Secrets Root"), key);
  const Minted leaf = mint(server_spec("sip.contoso.test", {"sip.contoso.test"}), key, &root);
  const std::string password = "pfx-password-9d1e4b7a2c6f08e35b";
  const fs::path path = dir.path() / "pool.pfx";
  for (bool legacy : {false, true}) {
    SCOPED_TRACE(legacy ? "legacy 3DES" : "AES-256");
    {
      FreedMemoryWatch watch(password);
      {
        Pkcs12Options options;
        options.password = password;
        options.friendly_name = "pool";
        options.legacy_3des = legacy;
        ASSERT_TRUE(write_pkcs12(path, {leaf, root}, options).ok());
      }
      EXPECT_EQ(watch.hits(), 0) << "the PKCS#12 password was freed without being wiped";
    }
    // And the file opens with that password.
    const std::string der = file_text(path);
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    pki::Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, static_cast<long>(der.size())));
    ASSERT_TRUE(p12);
    EXPECT_EQ(PKCS12_verify_mac(p12.get(), password.c_str(), -1), 1);
    ERR_clear_error();
  }
}

}  // namespace
}  // namespace uccert::lab
