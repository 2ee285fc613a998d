// Every input that cannot be loaded gives one line naming the file, and never a crash.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/pkcs12.h>

#include <algorithm>
#include <fstream>

#include "pki/load_fixtures.h"
#include "uccert/pki/load.h"

namespace uccert::pki {
namespace {

using testing::TempDir;
using testing::test_chain;

// The error, checked to be one line that starts with the path.
std::string load_error(const std::string& path, const LoadOptions& options = {}) {
  auto file = load_file(path, options);
  EXPECT_FALSE(file) << path << " loaded";
  if (file) return {};
  const std::string& m = file.error().message;
  EXPECT_EQ(m.find('\n'), std::string::npos) << m;
  EXPECT_EQ(m.rfind(path + ": ", 0), 0U) << m;
  return m;
}

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

TEST(LoadErrors, MissingFile) {
  TempDir dir;
  EXPECT_TRUE(contains(load_error(dir.file("nope.cer")), "no such file"));
}

TEST(LoadErrors, EmptyFile) {
  TempDir dir;
  EXPECT_TRUE(contains(load_error(dir.write("empty.cer", "")), "empty"));
}

TEST(LoadErrors, WhiteSpaceOnly) {
  TempDir dir;
  EXPECT_TRUE(contains(load_error(dir.write("blank.cer", "\r\n  \n")), "white space"));
}

TEST(LoadErrors, Directory) {
  TempDir dir;
  EXPECT_TRUE(contains(load_error(dir.path().string()), "is a directory"));
}

TEST(LoadErrors, TruncatedPemNoEndLine) {
  TempDir dir;
  const std::string pem = test_chain().leaf.pem() + test_chain().intermediate.pem();
  const std::string cut = pem.substr(0, pem.size() - 200);  // inside the second block
  const std::string m = load_error(dir.write("cut.pem", cut));
  EXPECT_TRUE(contains(m, "truncated")) << m;
  EXPECT_TRUE(contains(m, "PEM block 2")) << m;
}

TEST(LoadErrors, PemBlockWithBadBase64) {
  TempDir dir;
  const std::string m = load_error(dir.write("bad.pem", "-----BEGIN CERTIFICATE-----\nMII*\n-----END CERTIFICATE-----\n"));
  EXPECT_TRUE(contains(m, "base64")) << m;
}

TEST(LoadErrors, CorruptCertificateNamesItsIndex) {
  TempDir dir;
  // The second certificate's DER cut short but still valid base64: the loader must say which one.
  pki::Bytes der = test_chain().intermediate.der;
  der.resize(der.size() - 30);
  const std::string good = test_chain().leaf.pem();
  auto b64 = [](const pki::Bytes& d) {
    static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < d.size(); i += 3) {
      const unsigned v = (d[i] << 16U) | (d[i + 1] << 8U) | d[i + 2];
      out += {t[(v >> 18) & 63], t[(v >> 12) & 63], t[(v >> 6) & 63], t[v & 63]};
    }
    if (i + 1 == d.size()) {
      const unsigned v = d[i] << 16U;
      out += {t[(v >> 18) & 63], t[(v >> 12) & 63], '=', '='};
    } else if (i + 2 == d.size()) {
      const unsigned v = (d[i] << 16U) | (d[i + 1] << 8U);
      out += {t[(v >> 18) & 63], t[(v >> 12) & 63], t[(v >> 6) & 63], '='};
    }
    return out;
  };
  const std::string text = good + "-----BEGIN CERTIFICATE-----\n" + b64(der) + "\n-----END CERTIFICATE-----\n";
  const std::string m = load_error(dir.write("second-bad.pem", text));
  EXPECT_TRUE(contains(m, "certificate 2")) << m;
}

TEST(LoadErrors, NotACertificateText) {
  TempDir dir;
  EXPECT_TRUE(contains(load_error(dir.write("notes.txt", "These are my notes about the pool.\n")),
                       "not a certificate"));
}

TEST(LoadErrors, NotACertificateBinary) {
  TempDir dir;
  EXPECT_TRUE(contains(load_error(dir.write("image.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16))),
                       "not a certificate"));
}

TEST(LoadErrors, PemWithOnlyAPrivateKey) {
  TempDir dir;
  const std::string m = load_error(dir.write("key.pem", test_chain().leaf.key.pem_private()));
  EXPECT_TRUE(contains(m, "no certificate")) << m;
  EXPECT_FALSE(contains(m, "MII")) << "the key must never be echoed";
}

TEST(LoadErrors, TruncatedDer) {
  TempDir dir;
  pki::Bytes der = test_chain().leaf.der;
  der.resize(der.size() / 2);
  EXPECT_TRUE(contains(load_error(dir.write("half.der", der)), "truncated"));
}

TEST(LoadErrors, HundredMegabyteFileRefusedWithoutReadingIt) {
  TempDir dir;
  const std::string path = dir.file("huge.cer");
  {
    std::ofstream out(path);
  }
  // Sparse: 100 MB by size, no disk used. Reading it would take far longer than checking it.
  ASSERT_EQ(::truncate(path.c_str(), 100L * 1000 * 1000), 0);
  const std::string m = load_error(path);
  EXPECT_TRUE(contains(m, "too large")) << m;
  EXPECT_TRUE(contains(m, "10 MiB")) << m;
}

TEST(LoadErrors, SizeLimitAppliesToDevicesToo) {
  LoadOptions small;
  small.max_file_size = 4096;
  const std::string m = load_error("/dev/zero", small);
  EXPECT_TRUE(contains(m, "too large")) << m;
}

TEST(LoadErrors, UnreadableFile) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
  TempDir dir;
  const std::string path = dir.write("locked.cer", test_chain().leaf.pem());
  ASSERT_EQ(::chmod(path.c_str(), 0), 0);
  EXPECT_TRUE(contains(load_error(path), "permission denied"));
}

TEST(LoadErrors, ReadErrorAfterOpen) {
  // Opens fine and fails on read (EIO at address 0), even for root: the unreadable case that
  // a permission test cannot reach when tests run as root.
  const std::string m = load_error("/proc/self/mem");
  EXPECT_TRUE(contains(m, "cannot read")) << m;
}

TEST(LoadErrors, Fifo) {
  TempDir dir;
  const std::string path = dir.file("pipe");
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  EXPECT_TRUE(contains(load_error(path), "not a regular file"));  // and no hang waiting for a writer
}

TEST(LoadErrors, Pkcs12WrongPasswordSaidPlainly) {
  TempDir dir;
  lab::Pkcs12Options opt;
  opt.password = "right";
  const std::string path = testing::write_p12(dir, "pool.pfx", test_chain().leaf_first(), opt);
  LoadOptions load;
  load.password = [](const std::string&) { return std::optional<Secret>(Secret("wrong", 5)); };
  const std::string m = load_error(path, load);
  EXPECT_TRUE(contains(m, "wrong password")) << m;
}

TEST(LoadErrors, Pkcs12WithoutPasswordSource) {
  TempDir dir;
  lab::Pkcs12Options opt;
  opt.password = "right";
  const std::string path = testing::write_p12(dir, "pool.pfx", test_chain().leaf_first(), opt);
  LoadOptions load;
  load.missing_password_hint = "use --password-file";
  const std::string m = load_error(path, load);
  EXPECT_TRUE(contains(m, "protected by a password")) << m;
  EXPECT_TRUE(contains(m, "use --password-file")) << m;
}

TEST(LoadErrors, TruncatedPkcs12) {
  TempDir dir;
  lab::Pkcs12Options opt;
  opt.password = "";
  auto bytes = lab::encode_pkcs12(test_chain().leaf_first(), opt);
  ASSERT_TRUE(bytes);
  bytes->resize(bytes->size() - 100);
  EXPECT_TRUE(contains(load_error(dir.write("cut.pfx", *bytes)), "truncated"));
}

}  // namespace
}  // namespace uccert::pki

namespace uccert::pki {
namespace {

TEST(LoadErrors, Pkcs12AskingForMillionsOfIterationsIsRefusedNotRun) {
  // A PFX whose MAC iteration count (the last INTEGER of the file) is patched to 8,388,607:
  // deriving the key would take long enough to look like a hang.
  STACK_OF(PKCS12_SAFEBAG)* bags = nullptr;
  ASSERT_NE(PKCS12_add_cert(&bags, testing::test_chain().leaf.x509.get()), nullptr);
  STACK_OF(PKCS7)* safes = nullptr;
  ASSERT_NE(PKCS12_add_safe(&safes, bags, -1, 0, nullptr), 0);
  sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
  Pkcs12Ptr p12(PKCS12_add_safes(safes, 0));
  sk_PKCS7_pop_free(safes, PKCS7_free);
  ASSERT_TRUE(p12);
  ASSERT_EQ(PKCS12_set_mac(p12.get(), "", 0, nullptr, 0, 0x010000, nullptr), 1);
  unsigned char* out = nullptr;
  const int n = i2d_PKCS12(p12.get(), &out);
  ASSERT_GT(n, 5);
  pki::Bytes der(out, out + n);
  OPENSSL_free(out);
  const pki::Bytes tail{0x02, 0x03, 0x01, 0x00, 0x00};
  ASSERT_TRUE(std::equal(tail.begin(), tail.end(), der.end() - 5)) << "MAC iterations not at the end";
  der[der.size() - 3] = 0x7F;
  der[der.size() - 2] = 0xFF;
  der[der.size() - 1] = 0xFF;
  TempDir dir;
  const std::string m = load_error(dir.write("slow.pfx", der));
  EXPECT_TRUE(contains(m, "8388607")) << m;
  EXPECT_TRUE(contains(m, "refused")) << m;
}

}  // namespace
}  // namespace uccert::pki

namespace uccert::pki {
namespace {

// A file with more certificates than LoadOptions::max_certificates is refused in every container,
// before the rest is decoded; the same file at the limit loads.
TEST(LoadErrors, TooManyCertificatesRefusedInEveryContainer) {
  TempDir dir;
  const auto chain = test_chain().leaf_first();  // three certificates
  lab::Pkcs12Options p12;
  const std::vector<std::string> files = {
      testing::write_pem_chain(dir, "chain.pem", chain),
      dir.write("chain.cer", testing::der_text(chain[0].der) + testing::der_text(chain[1].der) +
                                 testing::der_text(chain[2].der)),
      testing::write_p7(dir, "chain.p7b", chain, lab::Encoding::kDer),
      testing::write_p7(dir, "chain-pem.p7b", chain, lab::Encoding::kPem),
      testing::write_p12(dir, "chain.pfx", chain, p12),
  };
  LoadOptions two;
  two.max_certificates = 2;
  LoadOptions three = two;
  three.max_certificates = 3;
  for (const auto& f : files) {
    EXPECT_TRUE(contains(load_error(f, two),
                         "holds more than 2 certificates: refused (a server's chain has 2 to 5, a root bundle a few "
                         "hundred)"))
        << f;
    auto ok = load_file(f, three);
    ASSERT_TRUE(ok) << f << ": " << ok.error().message;
    EXPECT_EQ(ok->certificates.size(), 3U) << f;
  }
  EXPECT_EQ(LoadOptions{}.max_certificates, kDefaultMaxCertificates);
}

TEST(LoadErrors, TextStartingWithZeroIsNotTakenForDer) {
  TempDir dir;
  const std::string m = load_error(dir.write("thumbprint.txt", "0A909502DD82AE41433E6F83886B00D4277A32A7 is the old one\n"));
  EXPECT_TRUE(contains(m, "not a certificate")) << m;
  EXPECT_FALSE(contains(m, "truncated")) << m;
}

}  // namespace
}  // namespace uccert::pki

namespace uccert::pki {
namespace {

// A PKCS#12 file without a MAC (openssl pkcs12 -nomac, some Java tools): with no MAC to test a
// password on, the empty one shows wrong only when a safe or the key does not decrypt. The
// password given is then asked for and used; a wrong one is said as such.
pki::Bytes pkcs12_without_mac(const char* password, int cert_pbe) {
  const auto& chain = testing::test_chain();
  X509StackPtr cas(sk_X509_new_null());
  auto shared = pki::share(chain.intermediate.x509.get());
  sk_X509_push(cas.get(), shared.release());
  // mac_iter -1: no MAC; cert_pbe -1: certificates in a plain (unencrypted) safe.
  Pkcs12Ptr p12(PKCS12_create(password, nullptr, chain.leaf.key.get(), chain.leaf.x509.get(), cas.get(), 0,
                              cert_pbe, 0, -1, 0));
  if (!p12) return {};
  unsigned char* out = nullptr;
  const int n = i2d_PKCS12(p12.get(), &out);
  if (n <= 0) return {};
  pki::Bytes der(out, out + n);
  OPENSSL_free(out);
  return der;
}

TEST(LoadErrors, Pkcs12WithoutMacOpensWithThePasswordGiven) {
  TempDir dir;
  for (int cert_pbe : {0, -1}) {  // certificates encrypted (the default), or not
    const pki::Bytes der = pkcs12_without_mac("secret", cert_pbe);
    ASSERT_FALSE(der.empty());
    const std::string path = dir.write("nomac.pfx", der);
    int asked = 0;
    LoadOptions right;
    right.password = [&](const std::string&) {
      ++asked;
      return std::optional<Secret>(Secret("secret", 6));
    };
    auto loaded = load_file(path, right);
    ASSERT_TRUE(loaded) << cert_pbe << ": " << loaded.error().message;
    EXPECT_EQ(asked, 1);
    EXPECT_EQ(loaded->certificates.size(), 2U);
    ASSERT_TRUE(loaded->pkcs12);
    EXPECT_TRUE(loaded->pkcs12->password_protected);
    EXPECT_TRUE(loaded->pkcs12->key_matches_leaf);

    LoadOptions wrong;
    wrong.password = [](const std::string&) { return std::optional<Secret>(Secret("wrong", 5)); };
    const std::string m = load_error(path, wrong);
    EXPECT_TRUE(contains(m, "wrong password for the PKCS#12 file")) << cert_pbe << ": " << m;
  }
}

}  // namespace
}  // namespace uccert::pki
