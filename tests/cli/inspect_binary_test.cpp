// The built `uccert` binary: exit codes as a shell or a monitoring system sees them.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>

#include "pki/load_fixtures.h"

namespace uccert::cli {
namespace {

using testing::TempDir;

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct BinaryRun {
  int exit = -1;
  std::string out;
};

BinaryRun run_binary(const std::string& args, const std::string& env = "") {
  const std::string cmd = env + " " + quote(UCCERT_EXE) + " " + args + " 2>/dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  BinaryRun r;
  if (p == nullptr) return r;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int status = ::pclose(p);
  r.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

TEST(InspectBinary, ExitCodes) {
  TempDir dir;
  const auto chain = testing::test_chain().leaf_first();
  const std::string pem = testing::write_pem_chain(dir, "chain.pem", chain);
  lab::Pkcs12Options opt;
  opt.password = "pw";
  const std::string pfx = testing::write_p12(dir, "pool.pfx", chain, opt);

  BinaryRun ok = run_binary("inspect " + quote(pem));
  EXPECT_EQ(ok.exit, 0);
  EXPECT_NE(ok.out.find(testing::test_chain().leaf.cert->sha1_thumbprint), std::string::npos);
  EXPECT_EQ(ok.out.find('\x1b'), std::string::npos) << "no colour when stdout is not a terminal";
  EXPECT_EQ(run_binary("inspect " + quote(pfx) + " --password-env UCCERT_TEST_PW", "UCCERT_TEST_PW=pw").exit, 0);
  EXPECT_EQ(run_binary("inspect " + quote(pfx) + " --password-env UCCERT_TEST_PW", "UCCERT_TEST_PW=no").exit, 3);
  EXPECT_EQ(run_binary("inspect " + quote(pfx) + " </dev/null").exit, 3);
  EXPECT_EQ(run_binary("inspect " + quote(dir.file("missing.pem"))).exit, 3);
  EXPECT_EQ(run_binary("inspect " + quote(dir.path().string())).exit, 3);
  EXPECT_EQ(run_binary("inspect --format yaml " + quote(pem)).exit, 3);
  EXPECT_EQ(run_binary("thumbprint A909502DD82AE41433E6F83886B00D4277A32A7B").exit, 0);
  EXPECT_EQ(run_binary("thumbprint 1234").exit, 3);
  EXPECT_EQ(run_binary("").exit, 3);  // no command
}

// Output that never reached its file is not a finished report: a full disk or a closed stdout is
// said in one line with exit 3, not the verdict's exit code over a truncated file.
TEST(InspectBinary, OutputThatCannotBeWrittenIsAnError) {
  TempDir dir;
  const std::string pem = testing::write_pem_chain(dir, "chain.pem", {testing::test_chain().leaf});
  for (const std::string& where : {std::string(">/dev/full"), std::string(">&-")}) {
    for (const std::string& command :
         {std::string("thumbprint A909502DD82AE41433E6F83886B00D4277A32A7B"), "inspect " + quote(pem),
          "check --name sip.contoso.com --format json " + quote(pem)}) {
      // stderr to the pipe, stdout to where it cannot be written.
      BinaryRun r = run_binary(command + " 2>&1 " + where + " #");
      EXPECT_EQ(r.exit, 3) << command << " " << where;
      // The last line on stderr (thumbprint's notes come before it).
      const auto last = r.out.rfind('\n', r.out.size() >= 2 ? r.out.size() - 2 : 0);
      const std::string line = r.out.substr(last == std::string::npos ? 0 : last + 1);
      EXPECT_EQ(line.rfind("uccert: cannot write the output", 0), 0U) << command << " " << where << ": " << r.out;
    }
  }
}

}  // namespace
}  // namespace uccert::cli
