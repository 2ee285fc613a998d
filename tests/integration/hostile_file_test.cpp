// Hostile files given to the real uccert binary (docs/security.md, "hostile file"): each ends
// with exit 3 and one line naming the file and what is wrong, quickly and in bounded memory.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <climits>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "integration/hostile_server.h"
#include "uccert/lab/mint.h"

namespace uccert::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

// A file is local: no network deadline applies, so "quickly" is a generous fixed bound that a
// hang or a 2^31-iteration key derivation cannot meet.
constexpr auto kFileBound = 20s;

class HostileFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("uccert-hostile-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  ChildOutcome inspect(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {UCCERT_EXE, "inspect"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv, kFileBound + 10s);
  }

  // Peak RSS of `uccert inspect` on a small, good file: the floor.
  long baseline_rss() {
    auto key = lab::KeyPair::cached(lab::KeySpec::ec());
    auto root = lab::mint(lab::root_ca_spec("Baseline Root"), key);
    auto good = dir_ / "good.pem";
    EXPECT_TRUE(lab::write_pem_chain(good, {root}).ok());
    return inspect({good.string()}).max_rss_kb;
  }

  void expect_refused(const ChildOutcome& out, const std::string& path) {
    EXPECT_FALSE(out.killed_by_watchdog) << "still running after " << kFileBound.count() << " s";
    EXPECT_EQ(out.exit_code, 3) << out.err;
    EXPECT_LE(out.wall, std::chrono::duration_cast<std::chrono::milliseconds>(kFileBound));
    EXPECT_THAT(out.err, HasSubstr(path));
    // One line on stderr.
    ASSERT_FALSE(out.err.empty());
    EXPECT_EQ(out.err.find('\n'), out.err.size() - 1) << out.err;
  }

  fs::path dir_;
};

TEST_F(HostileFile, OversizedFileRefusedBeforeReading) {
  long floor = baseline_rss();
  auto big = dir_ / "huge.pem";
  {
    std::ofstream f(big, std::ios::binary);
    std::string block(1024 * 1024, 'A');
    for (int i = 0; i < 11; ++i) f << block;
  }
  auto out = inspect({big.string()});
  expect_refused(out, big.string());
  EXPECT_THAT(out.err, HasSubstr("too large"));
  EXPECT_LT(out.max_rss_kb - floor, kRssBudgetKb);
}

TEST_F(HostileFile, EndlessDeviceStopsAtTheLimit) {
  long floor = baseline_rss();
  auto out = inspect({"/dev/zero"});
  expect_refused(out, "/dev/zero");
  EXPECT_THAT(out.err, HasSubstr("too large"));
  EXPECT_LT(out.max_rss_kb - floor, kRssBudgetKb);
}

TEST_F(HostileFile, FifoWithoutWriterDoesNotHang) {
  auto fifo = dir_ / "cert.pem";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto out = inspect({fifo.string()});
  expect_refused(out, fifo.string());
}

// N CA certificates, each issued by the one before, and a leaf issued by the last, leaf first:
// distinct certificates, so neither the decode cache nor duplicate detection shortens the work.
std::vector<lab::Minted> long_chain(std::size_t n) {
  auto key = lab::KeyPair::cached(lab::KeySpec::ec());
  std::vector<lab::Minted> cas;
  cas.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto spec = lab::intermediate_ca_spec("Deep CA " + std::to_string(i), "Contoso");
    cas.push_back(lab::mint(spec, key, cas.empty() ? nullptr : &cas.back()));
  }
  std::vector<lab::Minted> chain = {lab::mint(lab::server_spec("sip.contoso.com", {"sip.contoso.com"}), key, &cas.back())};
  chain.insert(chain.end(), cas.rbegin(), cas.rend());
  return chain;
}

// 10 MiB of small EC certificates is some 20,000 of them; relating each to every other made a
// 9 MiB chain take minutes. More than 1,000 certificates in one file are refused on reading.
TEST_F(HostileFile, MoreThanAThousandCertificatesRefused) {
  auto chain = long_chain(1000);  // the leaf and 1,000 CAs: 1,001 certificates
  auto path = dir_ / "deep.pem";
  ASSERT_TRUE(lab::write_pem_chain(path, chain).ok());
  auto out = inspect({path.string()});
  expect_refused(out, path.string());
  EXPECT_THAT(out.err, HasSubstr("holds more than 1000 certificates: refused"));
  auto check = run_program({UCCERT_EXE, "check", "--name", "sip.contoso.com", path.string()}, kFileBound + 10s);
  expect_refused(check, path.string());
  EXPECT_THAT(check.err, HasSubstr("holds more than 1000 certificates: refused"));

  // At the limit the file is judged, for every client, well within the bound.
  chain.pop_back();
  ASSERT_TRUE(lab::write_pem_chain(path, chain).ok());
  auto judged = run_program({UCCERT_EXE, "check", "--name", "sip.contoso.com", "--public-roots", path.string(),
                             "--format", "json", path.string()},
                            kFileBound + 10s);
  EXPECT_FALSE(judged.killed_by_watchdog);
  EXPECT_LE(judged.wall, std::chrono::duration_cast<std::chrono::milliseconds>(kFileBound));
  EXPECT_TRUE(judged.exit_code == 1 || judged.exit_code == 2) << judged.err;  // judged, not refused
  auto report = nlohmann::json::parse(judged.output);
  EXPECT_EQ(report["chain"].size(), 1000U);
  EXPECT_EQ(report["profiles"].size(), 9U);
  std::cout << "      1,000 certificates judged for 9 clients in " << judged.wall.count() << " ms\n";
}

// A PKCS#12 file with an empty password, decoded for editing.
PKCS12* empty_password_pfx() {
  auto key = lab::KeyPair::cached(lab::KeySpec::ec());
  auto root = lab::mint(lab::root_ca_spec("Bomb Root"), key);
  auto leaf = lab::mint(lab::server_spec("bomb.contoso.test", {"bomb.contoso.test"}), key, &root);
  lab::Pkcs12Options p12opt;
  p12opt.password = "";
  auto der = lab::encode_pkcs12({leaf, root}, p12opt);
  if (!der.ok()) return nullptr;
  const unsigned char* p = der->data();
  return d2i_PKCS12(nullptr, &p, static_cast<long>(der->size()));
}

fs::path write_pfx(PKCS12* p12, const fs::path& path) {
  unsigned char* out_der = nullptr;
  int len = i2d_PKCS12(p12, &out_der);
  PKCS12_free(p12);
  std::ofstream f(path, std::ios::binary);
  if (len > 0) f.write(reinterpret_cast<const char*>(out_der), len);
  OPENSSL_free(out_der);
  return path;
}

// A PKCS#12 whose MAC claims 2^31-1 key-derivation iterations: verifying it would take hours.
// The MAC value itself is never valid, so the file is as cheap to make as to refuse.
TEST_F(HostileFile, Pkcs12MacIterationBomb) {
  PKCS12* p12 = empty_password_pfx();
  ASSERT_NE(p12, nullptr);
  ASSERT_EQ(PKCS12_setup_mac(p12, INT_MAX, nullptr, 8, EVP_sha256()), 1);
  auto bomb = write_pfx(p12, dir_ / "bomb.pfx");
  auto out = inspect({bomb.string()});
  expect_refused(out, bomb.string());
  EXPECT_THAT(out.err, HasSubstr("iteration"));
}

// The MAC is honest (cheap, empty password) and verifies; the certificates' PBKDF2 asks for
// 2^31-1 iterations.
TEST_F(HostileFile, Pkcs12EncryptionIterationBomb) {
  PKCS12* p12 = empty_password_pfx();
  ASSERT_NE(p12, nullptr);
  STACK_OF(PKCS7)* safes = PKCS12_unpack_authsafes(p12);
  ASSERT_NE(safes, nullptr);
  int changed = 0;
  for (int i = 0; i < sk_PKCS7_num(safes); ++i) {
    PKCS7* p7 = sk_PKCS7_value(safes, i);
    if (OBJ_obj2nid(p7->type) != NID_pkcs7_encrypted) continue;
    X509_ALGOR* alg = p7->d.encrypted->enc_data->algorithm;
    auto* pbe2 = static_cast<PBE2PARAM*>(ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), alg->parameter));
    ASSERT_NE(pbe2, nullptr) << "lab PKCS#12 files use PBES2";
    auto* kdf = static_cast<PBKDF2PARAM*>(
        ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM), pbe2->keyfunc->parameter));
    ASSERT_NE(kdf, nullptr);
    ASN1_INTEGER_set(kdf->iter, INT_MAX);
    ASSERT_NE(ASN1_TYPE_pack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM), kdf, &pbe2->keyfunc->parameter), nullptr);
    ASSERT_NE(ASN1_TYPE_pack_sequence(ASN1_ITEM_rptr(PBE2PARAM), pbe2, &alg->parameter), nullptr);
    PBKDF2PARAM_free(kdf);
    PBE2PARAM_free(pbe2);
    ++changed;
  }
  ASSERT_GT(changed, 0);
  ASSERT_EQ(PKCS12_pack_authsafes(p12, safes), 1);
  sk_PKCS7_pop_free(safes, PKCS7_free);
  ASSERT_EQ(PKCS12_set_mac(p12, "", 0, nullptr, 0, 2048, nullptr), 1);
  auto bomb = write_pfx(p12, dir_ / "bomb.pfx");
  auto out = inspect({bomb.string()});
  expect_refused(out, bomb.string());
  EXPECT_THAT(out.err, HasSubstr("iteration"));
}

}  // namespace
}  // namespace uccert::testing
