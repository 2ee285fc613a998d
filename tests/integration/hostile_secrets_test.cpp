// Secrets on a shared workstation (docs/security.md): private keys are written 0600, through a
// temporary name and a rename (never truncated in place, never through a planted link);
// PKCS#12 passwords are never taken from the command line and never appear in any output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "integration/hostile_server.h"
#include "uccert/lab/mint.h"

namespace uccert::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void write_plain(const fs::path& p, const std::string& text) {
  std::ofstream f(p, std::ios::binary);
  f << text;
}

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
  return st.st_mode;
}

ino_t inode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
  return st.st_ino;
}

class Secrets : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("uccert-secrets-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    old_umask_ = ::umask(022);  // the usual umask: files would be world-readable by default
    key_ = lab::KeyPair::cached(lab::KeySpec::ec());
    root_ = std::make_unique<lab::Minted>(lab::mint(lab::root_ca_spec("Secrets Root"), key_));
    leaf_ = std::make_unique<lab::Minted>(
        lab::mint(lab::server_spec("sip.contoso.test", {"sip.contoso.test"}), key_, root_.get()));
  }
  void TearDown() override {
    ::umask(old_umask_);
    fs::remove_all(dir_);
  }

  // Only the files the test expects: no temporary left behind.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  ChildOutcome uccert(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
    std::vector<std::string> argv = {UCCERT_EXE};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv, 60s, env);
  }

  fs::path pfx_with_password(const std::string& password) {
    lab::Pkcs12Options o;
    o.password = password;
    o.friendly_name = "Lync pool";
    auto p = dir_ / "pool.pfx";
    EXPECT_TRUE(lab::write_pkcs12(p, {*leaf_, *root_}, o).ok());
    return p;
  }

  fs::path dir_;
  mode_t old_umask_ = 022;
  lab::KeyPair key_ = lab::KeyPair::cached(lab::KeySpec::ec());
  std::unique_ptr<lab::Minted> root_, leaf_;
};

TEST_F(Secrets, PrivateKeyIsOwnerOnly) {
  auto p = dir_ / "pool.key";
  ASSERT_TRUE(lab::write_private_key(p, key_).ok());
  EXPECT_EQ(mode_of(p) & 07777, 0600U);
  EXPECT_TRUE(S_ISREG(mode_of(p)));
  EXPECT_THAT(read_file(p), HasSubstr("PRIVATE KEY"));
  EXPECT_EQ(entries(), std::vector<std::string>{"pool.key"});
}

TEST_F(Secrets, Pkcs12WithKeyIsOwnerOnly) {
  auto p = pfx_with_password("Tr0ub4dor-77");
  EXPECT_EQ(mode_of(p) & 07777, 0600U);
  EXPECT_EQ(entries(), std::vector<std::string>{"pool.pfx"});
}

// Overwriting goes through a new file renamed into place: a hard link to the old file (made by
// another user, or a backup) keeps the old bytes and never receives the key; the new file does
// not inherit the old file's wider mode.
TEST_F(Secrets, OverwriteIsRenameNotTruncate) {
  auto p = dir_ / "pool.key";
  auto link = dir_ / "other-name";
  write_plain(p, "old contents\n");
  ::chmod(p.c_str(), 0644);
  fs::create_hard_link(p, link);
  const ino_t before = inode_of(p);
  ASSERT_TRUE(lab::write_private_key(p, key_).ok());
  EXPECT_NE(inode_of(p), before);
  EXPECT_EQ(read_file(link), "old contents\n");
  EXPECT_EQ(mode_of(p) & 07777, 0600U);
  EXPECT_EQ(entries(), (std::vector<std::string>{"other-name", "pool.key"}));
}

// A symbolic link planted at the key's name is replaced, not followed: the file it points to
// is left alone.
TEST_F(Secrets, PlantedSymlinkIsNotFollowed) {
  auto victim = dir_ / "victim.txt";
  auto p = dir_ / "pool.key";
  write_plain(victim, "victim\n");
  fs::create_symlink(victim, p);
  ASSERT_TRUE(lab::write_private_key(p, key_).ok());
  EXPECT_EQ(read_file(victim), "victim\n");
  EXPECT_FALSE(S_ISLNK(mode_of(p)));
  EXPECT_EQ(mode_of(p) & 07777, 0600U);
}

// A write that cannot complete leaves neither a half-written key nor a temporary file.
TEST_F(Secrets, FailedWriteLeavesNothing) {
  auto target = dir_ / "a-directory";
  fs::create_directories(target);
  auto s = lab::write_private_key(target, key_);
  EXPECT_FALSE(s.ok());
  if (!s.ok()) {
    EXPECT_THAT(s.error().message, HasSubstr(target.string()));
  }
  EXPECT_EQ(entries(), std::vector<std::string>{"a-directory"});
  EXPECT_TRUE(fs::is_empty(target));
}

TEST_F(Secrets, PasswordArgumentIsRefused) {
  auto pfx = pfx_with_password("Tr0ub4dor-77");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"inspect", "--password", "Tr0ub4dor-77", pfx.string()},
        std::vector<std::string>{"inspect", "--password=Tr0ub4dor-77", pfx.string()},
        std::vector<std::string>{"inspect", pfx.string(), "--password", "Tr0ub4dor-77", "--format", "json"}}) {
    auto out = uccert(args);
    EXPECT_EQ(out.exit_code, 3) << out.err;
    EXPECT_THAT(out.err, HasSubstr("--password-file"));
    EXPECT_THAT(out.output + out.err, Not(HasSubstr("Tr0ub4dor-77")));
    // Refused before the file is opened: no report of its contents.
    EXPECT_THAT(out.output, Not(HasSubstr("sip.contoso.test")));
  }
}

TEST_F(Secrets, PasswordFromFileNeverPrinted) {
  auto pfx = pfx_with_password("Tr0ub4dor-77");
  auto pw = dir_ / "pw.txt";
  write_plain(pw, "Tr0ub4dor-77\r\n");
  ::chmod(pw.c_str(), 0600);
  for (const char* format : {"text", "json"}) {
    auto out = uccert({"inspect", "--password-file", pw.string(), "--format", format, pfx.string()});
    EXPECT_EQ(out.exit_code, 0) << out.err;
    EXPECT_THAT(out.output, HasSubstr("sip.contoso.test")) << "the file was opened with the password";
    EXPECT_THAT(out.output + out.err, Not(HasSubstr("Tr0ub4dor")));
  }
}

TEST_F(Secrets, PasswordFromEnvironmentNeverPrinted) {
  auto pfx = pfx_with_password("Tr0ub4dor-77");
  auto out = uccert({"inspect", "--password-env", "UCCERT_TEST_PFX_PASSWORD", "--format", "json", pfx.string()},
                    {"UCCERT_TEST_PFX_PASSWORD=Tr0ub4dor-77"});
  EXPECT_EQ(out.exit_code, 0) << out.err;
  EXPECT_THAT(out.output, HasSubstr("sip.contoso.test"));
  EXPECT_THAT(out.output + out.err, Not(HasSubstr("Tr0ub4dor")));
}

TEST_F(Secrets, WrongPasswordNotEchoed) {
  auto pfx = pfx_with_password("Tr0ub4dor-77");
  auto pw = dir_ / "pw.txt";
  write_plain(pw, "Wr0ng-Guess-42\n");
  auto out = uccert({"inspect", "--password-file", pw.string(), pfx.string()});
  EXPECT_EQ(out.exit_code, 3);
  EXPECT_THAT(out.err, HasSubstr("wrong password"));
  EXPECT_THAT(out.output + out.err, Not(HasSubstr("Wr0ng-Guess")));
  EXPECT_THAT(out.output + out.err, Not(HasSubstr("Tr0ub4dor")));
}

// A PEM file holding a private key next to the certificate: the key is skipped, never shown.
TEST_F(Secrets, PrivateKeyInPemNeverPrinted) {
  const std::string key_pem = key_.pem_private();
  auto p = dir_ / "bundle.pem";
  write_plain(p, leaf_->pem() + key_pem + root_->pem());
  // A stretch of the key's base64 body that cannot occur by chance in a report.
  const std::size_t body = key_pem.find('\n') + 1;
  const std::string fragment = key_pem.substr(body, 40);
  for (const char* format : {"text", "json"}) {
    auto out = uccert({"inspect", "--format", format, p.string()});
    EXPECT_EQ(out.exit_code, 0) << out.err;
    EXPECT_THAT(out.output, HasSubstr("sip.contoso.test"));
    EXPECT_THAT(out.output + out.err, Not(HasSubstr(fragment)));
  }
}

}  // namespace
}  // namespace uccert::testing
