// `uccert csr` and `uccert csr --check` run whole in-process: output, exit codes, bad input.
#include <gtest/gtest.h>

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <filesystem>
#include <nlohmann/json.hpp>

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

std::string example(const std::string& path) { return std::string(UCCERT_SOURCE_DIR) + "/examples/" + path; }

// The names a request asks for, in order, read back with OpenSSL.
std::vector<std::string> requested_dns_names(const std::string& path) {
  std::vector<std::string> out;
  pki::BioPtr bio(BIO_new_file(path.c_str(), "r"));
  pki::X509ReqPtr req(bio ? PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!req) return out;
  STACK_OF(X509_EXTENSION)* exts = X509_REQ_get_extensions(req.get());
  pki::GeneralNamesPtr names(static_cast<GENERAL_NAMES*>(X509V3_get_d2i(exts, NID_subject_alt_name, nullptr, nullptr)));
  sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
    int type = 0;
    auto* v = static_cast<ASN1_STRING*>(GENERAL_NAME_get0_value(sk_GENERAL_NAME_value(names.get(), i), &type));
    if (type == GEN_DNS)
      out.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(v)), static_cast<std::size_t>(ASN1_STRING_length(v)));
  }
  return out;
}

TEST(CsrCommand, FromATopologyTheRequestIsThePlansCertificate) {
  TempDir dir;
  const std::vector<std::string> topology = {example("enterprise/topology.tbxml"), example("enterprise/overlay.toml")};
  // The plan, as uccert plan prints it in JSON: the Edge external certificate's names in order.
  std::vector<std::string> plan_args = {"plan", "--format", "json"};
  plan_args.insert(plan_args.end(), topology.begin(), topology.end());
  const CommandResult plan = run_uccert(plan_args);
  ASSERT_EQ(plan.exit, kExitPass) << plan.err;
  std::vector<std::string> planned;
  const auto plan_doc = nlohmann::json::parse(plan.out);
  for (const auto& c : plan_doc["certificates"])
    if (c["role"] == "edge-external") planned = c["san"].get<std::vector<std::string>>();
  ASSERT_FALSE(planned.empty()) << plan.out.substr(0, 2000);

  std::vector<std::string> args = {"csr"};
  args.insert(args.end(), topology.begin(), topology.end());
  args.insert(args.end(), {"--usage", "AccessEdgeExternal", "--out", dir.file("edge.req"), "--key-out",
                           dir.file("edge.key")});
  const CommandResult r = run_uccert(args);
  ASSERT_EQ(r.exit, kExitPass) << r.err;
  EXPECT_EQ(requested_dns_names(dir.file("edge.req")), planned);
  EXPECT_NE(r.out.find("Request-CsCertificate -New -Type AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication"),
            std::string::npos)
      << r.out;

  // Two pools have Default: the message names them, and --pool chooses.
  std::vector<std::string> ambiguous = {"csr"};
  ambiguous.insert(ambiguous.end(), topology.begin(), topology.end());
  ambiguous.insert(ambiguous.end(), {"--usage", "Default", "--out", dir.file("fe.req"), "--key-out", dir.file("fe.key")});
  expect_one_line_exit_3(run_uccert(ambiguous), "say which with --pool");
  ambiguous.insert(ambiguous.end(), {"--pool", "pool01.contoso.com"});
  ASSERT_EQ(run_uccert(ambiguous).exit, kExitPass);
  EXPECT_FALSE(requested_dns_names(dir.file("fe.req")).empty());

  // A request made elsewhere, checked against the plan: the Edge request lacks the pool's names.
  std::vector<std::string> check = {"csr", "--check", dir.file("edge.req"), "--format", "json"};
  check.insert(check.end(), topology.begin(), topology.end());
  check.insert(check.end(), {"--usage", "Default", "--pool", "pool01.contoso.com"});
  const CommandResult c = run_uccert(check);
  EXPECT_EQ(c.exit, kExitFail) << c.out << c.err;
  EXPECT_NE(c.out.find("\"csr.name-missing\""), std::string::npos);
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
  expect_one_line_exit_3(run_uccert({"csr", dir.file("missing-topology.toml"), "--usage", "Default", "--out",
                                     dir.file("t.req"), "--key-out", dir.file("t.key")}),
                         "missing-topology.toml");
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
