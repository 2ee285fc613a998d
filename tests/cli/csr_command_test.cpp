// `uccert csr` and `uccert csr --check` run whole in-process: output, exit codes, bad input.
#include <gtest/gtest.h>

#include <filesystem>

#include "cli/inspect_helpers.h"
#include "pki/load_fixtures.h"

namespace uccert::cli {
namespace {

using testing::CommandResult;
using testing::run_uccert;
using testing::TempDir;
namespace fs = std::filesystem;

void expect_one_line_exit_3(const CommandResult& r, std::string_view says) {
  EXPECT_EQ(r.exit, kExitUnknown) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(testing::count_lines(r.err), 1U) << r.err;
  EXPECT_NE(r.err.find(says), std::string::npos) << r.err;
}

TEST(CsrCommand, MakesARequestAndPrintsTheEquivalentCmdlet) {
  TempDir dir;
  CommandResult r = run_uccert({"csr", "--subject", "pool01.contoso.com", "--san", "sip.contoso.com",
                                "--san", "meet.contoso.com", "--out", dir.file("p.req"), "--key-out",
                                dir.file("p.key")});
  ASSERT_EQ(r.exit, kExitPass) << r.err;
  EXPECT_NE(r.out.find("Request-CsCertificate -New -Type Default,WebServicesInternal,WebServicesExternal"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("mode 0600"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir.file("p.req")));
  // Checking it back against the plan: nothing missing.
  CommandResult c = run_uccert({"csr", "--check", dir.file("p.req"), "--name", "sip.contoso.com"});
  EXPECT_EQ(c.exit, kExitPass) << c.out << c.err;
  CommandResult j = run_uccert({"csr", "--check", dir.file("p.req"), "--name", "lyncdiscover.contoso.com",
                                "--format", "json"});
  EXPECT_EQ(j.exit, kExitFail) << j.out;
  EXPECT_NE(j.out.find("\"csr.name-missing\""), std::string::npos) << j.out;
}

TEST(CsrCommand, BadInputIsOneLineExitThreeAndNothingLeftBehind) {
  TempDir dir;
  expect_one_line_exit_3(run_uccert({"csr", "--subject", "a.contoso.com", "--out", dir.file("a.req"), "--key-out",
                                     "-"}),
                         "never written to a terminal");
  expect_one_line_exit_3(run_uccert({"csr", "--subject", "a.contoso.com", "--out", dir.file("nope/a.req"),
                                     "--key-out", dir.file("a.key")}),
                         "cannot create a file in");
  expect_one_line_exit_3(run_uccert({"csr", "--check", dir.write("x.csr", "-----BEGIN NOTHING-----\n")}), "x.csr");
  const auto& chain = testing::test_chain();
  expect_one_line_exit_3(run_uccert({"csr", "--check", testing::write_pem_chain(dir, "leaf.pem", {chain.leaf})}),
                         "not a certificate request");
  expect_one_line_exit_3(run_uccert({"csr", "topology.toml", "--usage", "default"}), "not available yet");
  // A request whose signature does not verify.
  auto req = lab::make_csr(testing::test_csr_spec(), lab::KeyPair::cached(lab::KeySpec::rsa(), 2));
  ASSERT_TRUE(req);
  auto der = lab::encode_csr(req->get(), lab::Encoding::kDer);
  ASSERT_TRUE(der);
  (*der)[der->size() - 5] ^= 0x01;
  expect_one_line_exit_3(run_uccert({"csr", "--check", dir.write("bad.csr", *der)}), "signature does not verify");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 3);  // the inputs only
}

TEST(CsrCommand, ExplainSaysUnknownInputInOneLine) {
  CommandResult r = run_uccert({"explain", "not", "an", "error"});
  EXPECT_EQ(r.exit, kExitUnknown);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(testing::count_lines(r.err), 1U) << r.err;
  EXPECT_NE(r.err.find("uccert: explain: 'not an error' is not"), std::string::npos) << r.err;
  CommandResult j = run_uccert({"explain", "--format", "json", "0x800B0109"});
  EXPECT_EQ(j.exit, kExitPass) << j.err;
  EXPECT_NE(j.out.find("\"trust.non-root-in-root-store\""), std::string::npos) << j.out;
}

}  // namespace
}  // namespace uccert::cli
