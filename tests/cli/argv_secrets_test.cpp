// --password VALUE / --password=VALUE are refused before any parsing, and the value is wiped in
// argv itself (docs/security.md, shared workstation).
#include "uccert/cli/argv_secrets.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace uccert::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A writable argv as the kernel lays it out: each argument NUL-terminated in one block.
class FakeArgv {
 public:
  explicit FakeArgv(const std::vector<std::string>& args) {
    for (const auto& a : args) {
      offsets_.push_back(block_.size());
      block_.insert(block_.end(), a.begin(), a.end());
      block_.push_back('\0');
    }
    for (std::size_t off : offsets_) argv_.push_back(block_.data() + off);
    argv_.push_back(nullptr);
  }
  int argc() const { return static_cast<int>(argv_.size() - 1); }
  char** argv() { return argv_.data(); }
  // The block as /proc/PID/cmdline would show it.
  std::string cmdline() const { return std::string(block_.begin(), block_.end()); }
  // The argument's bytes (its original length), whatever they hold now.
  std::string bytes(std::size_t i, std::size_t length) const {
    return std::string(block_.data() + offsets_[i], length);
  }

 private:
  std::vector<char> block_;
  std::vector<std::size_t> offsets_;
  std::vector<char*> argv_;
};

TEST(ArgvSecrets, SeparateValueIsWipedAndRefused) {
  FakeArgv a({"uccert", "inspect", "--password", "Tr0ub4dor-77", "pool.pfx"});
  auto refused = refuse_password_arguments(a.argc(), a.argv());
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(a.bytes(3, 12), std::string(12, '\0'));
  EXPECT_THAT(a.cmdline(), Not(HasSubstr("Tr0ub4dor")));
  // Nothing else touched: the option's name and the file stay.
  EXPECT_STREQ(a.argv()[2], "--password");
  EXPECT_STREQ(a.argv()[4], "pool.pfx");
  EXPECT_THAT(refused->message, HasSubstr("--password-file FILE"));
  EXPECT_THAT(refused->message, HasSubstr("--password-env VAR"));
  EXPECT_THAT(refused->message, Not(HasSubstr("\n")));
}

TEST(ArgvSecrets, JoinedValueIsWipedAfterTheEqualsSign) {
  FakeArgv a({"uccert", "check", "pool.pfx", "--password=Tr0ub4dor-77", "--name", "sip.contoso.test"});
  ASSERT_TRUE(refuse_password_arguments(a.argc(), a.argv()).has_value());
  EXPECT_EQ(a.bytes(3, 23), std::string("--password=") + std::string(12, '\0'));
  EXPECT_THAT(a.cmdline(), Not(HasSubstr("Tr0ub4dor")));
  EXPECT_STREQ(a.argv()[4], "--name");
}

TEST(ArgvSecrets, EveryOccurrenceIsWiped) {
  FakeArgv a({"uccert", "inspect", "--password", "first-secret", "x.pfx", "--password=second-secret"});
  ASSERT_TRUE(refuse_password_arguments(a.argc(), a.argv()).has_value());
  EXPECT_THAT(a.cmdline(), Not(HasSubstr("first-secret")));
  EXPECT_THAT(a.cmdline(), Not(HasSubstr("second-secret")));
  EXPECT_STREQ(a.argv()[4], "x.pfx");
}

TEST(ArgvSecrets, ValueThatLooksLikeAnOptionIsStillTheValue) {
  // CLI11 would take "-not-an-option" as the value: it is wiped like any other.
  FakeArgv a({"uccert", "inspect", "--password", "-not-an-option", "x.pfx"});
  ASSERT_TRUE(refuse_password_arguments(a.argc(), a.argv()).has_value());
  EXPECT_THAT(a.cmdline(), Not(HasSubstr("not-an-option")));
}

TEST(ArgvSecrets, OptionWithoutValueIsRefused) {
  FakeArgv a({"uccert", "inspect", "x.pfx", "--password"});
  EXPECT_TRUE(refuse_password_arguments(a.argc(), a.argv()).has_value());
  EXPECT_STREQ(a.argv()[2], "x.pfx");
}

TEST(ArgvSecrets, FileAndEnvironmentOptionsAreLeftAlone) {
  const std::vector<std::string> args = {"uccert", "inspect", "--password-file", "pw.txt", "--password-env",
                                         "PFX_PW", "--password-file=pw2.txt", "--passwords", "x.pfx"};
  FakeArgv a(args);
  const std::string before = a.cmdline();
  EXPECT_FALSE(refuse_password_arguments(a.argc(), a.argv()).has_value());
  EXPECT_EQ(a.cmdline(), before);
  EXPECT_FALSE(refuse_password_arguments(std::vector<std::string>(args.begin() + 1, args.end())).has_value());
}

TEST(ArgvSecrets, ProgramNameIsNotAnArgument) {
  FakeArgv a({"--password", "x.pfx"});
  EXPECT_FALSE(refuse_password_arguments(a.argc(), a.argv()).has_value());
  EXPECT_STREQ(a.argv()[1], "x.pfx");
}

TEST(ArgvSecrets, CopiedArgumentsAreRefusedToo) {
  EXPECT_TRUE(refuse_password_arguments(std::vector<std::string>{"inspect", "--password", "pw", "x.pfx"}));
  EXPECT_TRUE(refuse_password_arguments(std::vector<std::string>{"inspect", "--password=pw", "x.pfx"}));
  EXPECT_FALSE(refuse_password_arguments(std::vector<std::string>{"inspect", "x.pfx"}));
}

}  // namespace
}  // namespace uccert::cli
