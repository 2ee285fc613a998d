// run_csr: the request and key written, parsed back with OpenSSL; run_csr_check on bad input.
#include "uccert/run/csr.h"

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "pki/load_fixtures.h"
#include "uccert/pki/handles.h"
#include "uccert/report/report.h"

namespace uccert::run {
namespace {

using testing::TempDir;
namespace fs = std::filesystem;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

CsrRequest pool_request(const TempDir& dir) {
  CsrRequest r;
  r.plan.subject = "pool01.contoso.com";
  r.plan.sans = {"sip.contoso.com", "meet.contoso.com", "*.contoso.com"};
  r.out = dir.file("pool.req");
  r.key_out = dir.file("pool.key");
  return r;
}

TEST(RunCsr, WritesARequestOpenSslReadsBackWithNamesInOrderEkuAndKeySize) {
  TempDir dir;
  auto made = run_csr(pool_request(dir));
  ASSERT_TRUE(made) << made.error().message;
  const std::string pem = slurp(dir.file("pool.req"));
  pki::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  pki::X509ReqPtr req(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
  ASSERT_TRUE(req);
  pki::EvpPkeyPtr key(X509_REQ_get_pubkey(req.get()));
  ASSERT_TRUE(key);
  EXPECT_EQ(X509_REQ_verify(req.get(), key.get()), 1);
  EXPECT_EQ(EVP_PKEY_get_bits(key.get()), 2048);
  EXPECT_EQ(EVP_PKEY_get_base_id(key.get()), EVP_PKEY_RSA);
  // The names in the order asked for, the CN first (G-12), and Server Authentication.
  std::vector<std::string> sans;
  for (const auto& n : made->csr.requested_sans) sans.push_back(n.value);
  EXPECT_EQ(sans, (std::vector<std::string>{"pool01.contoso.com", "sip.contoso.com", "meet.contoso.com",
                                            "*.contoso.com"}));
  EXPECT_EQ(made->csr.subject_common_names, std::vector<std::string>{"pool01.contoso.com"});
  EXPECT_TRUE(made->csr.requested_extended_key_usage.has(pki::kOidServerAuth));
  // The key file holds the request's key and is private.
  struct stat st {};
  ASSERT_EQ(::stat(dir.file("pool.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  const std::string key_pem = slurp(dir.file("pool.key"));
  pki::BioPtr kbio(BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size())));
  pki::EvpPkeyPtr priv(PEM_read_bio_PrivateKey(kbio.get(), nullptr, nullptr, nullptr));
  ASSERT_TRUE(priv);
  EXPECT_EQ(EVP_PKEY_eq(priv.get(), key.get()), 1);
  EXPECT_NE(made->equivalent_command.find("Request-CsCertificate -New -Type Default,WebServicesInternal,"
                                          "WebServicesExternal -DomainName \"pool01.contoso.com,sip.contoso.com,"
                                          "meet.contoso.com,*.contoso.com\" -KeySize 2048"),
            std::string::npos)
      << made->equivalent_command;
}

TEST(RunCsr, EcdsaAndExchangeUsage) {
  TempDir dir;
  CsrRequest r = pool_request(dir);
  r.plan.subject = "mail.contoso.com";
  r.plan.sans = {"mail.contoso.com", "autodiscover.contoso.com"};
  r.plan.usage = CsrUsage::kExchange;
  r.key.algorithm = pki::CsrKeySpec::Algorithm::kEcdsa;
  auto made = run_csr(r);
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(made->csr.public_key.curve, "P-256");
  EXPECT_EQ(made->equivalent_command.find("New-ExchangeCertificate -GenerateRequest -SubjectName "
                                          "\"CN=mail.contoso.com\" -DomainName \"mail.contoso.com\","
                                          "\"autodiscover.contoso.com\""),
            0U)
      << made->equivalent_command;
  EXPECT_TRUE(made->notes.empty());  // the CN was already first
}

TEST(RunCsr, NeverOverwritesAndNeverWritesAKeyToAPipe) {
  TempDir dir;
  dir.write("pool.req", "old request");
  auto made = run_csr(pool_request(dir));
  ASSERT_FALSE(made);
  EXPECT_NE(made.error().message.find("exists"), std::string::npos);
  EXPECT_EQ(slurp(dir.file("pool.req")), "old request");
  EXPECT_FALSE(fs::exists(dir.file("pool.key")));
  CsrRequest r = pool_request(dir);
  r.out = dir.file("other.req");
  r.key_out = "-";
  EXPECT_FALSE(run_csr(r));
  EXPECT_FALSE(fs::exists(dir.file("other.req")));
}

TEST(RunCsr, AMissingFolderLeavesNothingBehind) {
  TempDir dir;
  CsrRequest r = pool_request(dir);
  r.out = dir.file("no/such/folder/pool.req");
  auto made = run_csr(r);
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error().message.find('\n'), std::string::npos);
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(RunCsr, BadNamesAreRefused) {
  TempDir dir;
  CsrRequest r = pool_request(dir);
  r.plan.sans = {"bad name.contoso.com"};
  EXPECT_FALSE(run_csr(r));
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(RunCsrCheck, JudgesARequestMadeElsewhere) {
  TempDir dir;
  auto made = run_csr(pool_request(dir));
  ASSERT_TRUE(made) << made.error().message;
  auto checked = run_csr_check({dir.file("pool.req"), {"pool01.contoso.com", "lyncdiscover.contoso.com"}});
  ASSERT_TRUE(checked) << checked.error().message;
  bool missing = false;
  for (const auto& f : checked->findings) missing |= f.id == "csr.name-only-wildcard";
  EXPECT_TRUE(missing);  // lyncdiscover is covered only by *.contoso.com
  EXPECT_EQ(report::exit_code(*checked), report::kExitWarn);
}

TEST(RunCsrCheck, NotARequestOrABadSignatureIsAnError) {
  TempDir dir;
  const auto& chain = testing::test_chain();
  const std::string cert = testing::write_pem_chain(dir, "leaf.pem", {chain.leaf});
  auto a = run_csr_check({cert, {}});
  ASSERT_FALSE(a);
  EXPECT_NE(a.error().message.find("not a certificate request"), std::string::npos) << a.error().message;
  EXPECT_FALSE(run_csr_check({dir.write("junk.csr", "not a request at all"), {}}));
  // A request whose signature does not verify.
  auto req = lab::make_csr(testing::test_csr_spec(), lab::KeyPair::cached(lab::KeySpec::rsa(), 2));
  ASSERT_TRUE(req);
  auto der = lab::encode_csr(req->get(), lab::Encoding::kDer);
  ASSERT_TRUE(der);
  (*der)[der->size() - 5] ^= 0x01;
  auto bad = run_csr_check({dir.write("bad.csr", *der), {}});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("signature does not verify"), std::string::npos) << bad.error().message;
  EXPECT_EQ(bad.error().message.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace uccert::run
