// `uccert check HOST:PORT` end to end, in-process: the chain as the endpoint sends it is judged
// like a file; what the endpoint said (SIP status, ms-diagnostics) is reported; endpoints that
// cannot be evaluated exit 3 with one line.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/inspect_helpers.h"
#include "integration/net_daemons.h"
#include "net/test_servers.h"
#include "uccert/lab/mint.h"

namespace uccert::testing {
namespace {

struct Pki {
  lab::Minted root = lab::mint(lab::root_ca_spec("Contoso Root CA", "Contoso"), lab::KeyPair::cached({}, 30));
  lab::Minted inter = lab::mint(lab::intermediate_ca_spec("Contoso Issuing CA", "Contoso"), lab::KeyPair::cached({}, 31),
                                &root);
  lab::Minted sip = lab::mint(enterprise_server_spec("sip.contoso.com", {"sip.contoso.com"}), lab::KeyPair::cached({}, 32), &inter);
  lab::Minted um_wild = lab::mint(enterprise_server_spec("*.contoso.com", {"*.contoso.com"}), lab::KeyPair::cached({}, 33), &inter);
};

const Pki& pki() {
  static const Pki p;
  return p;
}

class CheckEndpoint : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = scratch_dir("check");
    root_ = (dir_ / "root.pem").string();
    ASSERT_TRUE(lab::write_pem_chain(root_, {pki().root}).ok());
    ASSERT_TRUE(lab::write_pem_chain(dir_ / "wild.pem", {pki().um_wild, pki().inter}).ok());
    ASSERT_TRUE(lab::write_private_key(dir_ / "wild.key", pki().um_wild.key).ok());
  }
  std::vector<std::string> base(std::uint16_t port, const std::string& host = "sip.contoso.com", int dialled = 5061) {
    return {"check",         host + ":" + std::to_string(dialled),
            "--connect-to",  host + ":" + std::to_string(dialled) + ":127.0.0.1:" + std::to_string(port),
            "--public-roots", root_, "--profile", "browser", "--profile", "lync-desktop", "--enterprise-root", root_,
            "--timeout",     "3"};
  }
  std::filesystem::path dir_;
  std::string root_;
};

TEST_F(CheckEndpoint, FullChainPassesAndTheSipAnswerIsReported) {
  ServerConfig c;
  c.default_chain = ServedChain{{pki().sip, pki().inter}};
  c.app = ServerApp::kSip;
  TestServer s(c);
  auto r = run_uccert(base(s.port()));
  EXPECT_EQ(r.exit, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("uccert check sip.contoso.com:5061 as sip.contoso.com"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("sip answer: SIP/2.0 200 OK"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("SNI sip.contoso.com"), std::string::npos) << r.out;
  // --connect-to moved the connection: both ports are said, the dialled one first.
  EXPECT_NE(r.out.find("endpoint: sip.contoso.com port 5061 at 127.0.0.1 port " + std::to_string(s.port()) + ","),
            std::string::npos)
      << r.out;
}

TEST_F(CheckEndpoint, NameDefaultsToHostAndAWrongNameFails) {
  ServerConfig c;
  c.default_chain = ServedChain{{pki().sip, pki().inter}};
  TestServer s(c);
  auto args = base(s.port(), "pool.contoso.com", 443);
  args.push_back("--format=json");
  auto r = run_uccert(args);
  EXPECT_EQ(r.exit, 2) << r.out << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["target"], "pool.contoso.com:443");
  EXPECT_EQ(j["name"], "pool.contoso.com");
  EXPECT_EQ(j["endpoint"]["port"], 443);
  EXPECT_EQ(j["endpoint"]["connected_port"], s.port());
  ASSERT_GE(s.log(1).size(), 1U);
  EXPECT_EQ(s.log(1)[0].sni, "pool.contoso.com");
}

TEST_F(CheckEndpoint, MtlsWildcardPeerGets504WithDecodedDiagnostics) {
  ServerConfig c;
  c.default_chain = ServedChain{{pki().sip, pki().inter}};
  c.app = ServerApp::kSip;
  c.request_client_cert = true;
  c.client_cas = {pki().root};
  TestServer s(c);
  auto args = base(s.port());
  args.insert(args.end(), {"--client-cert", (dir_ / "wild.pem").string(), "--client-key", (dir_ / "wild.key").string()});
  auto r = run_uccert(args);
  EXPECT_NE(r.out.find("sip answer: SIP/2.0 504 Server time-out"), std::string::npos) << r.out << r.err;
  EXPECT_NE(r.out.find("ms-diagnostics 1010: Certificate trust with another server could not be established; HRESULT "
                       "0x800B010F CERT_E_CN_NO_MATCH (uc-rules E-25)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("the server asks for a client certificate from: CN=Contoso Root CA, O=Contoso"), std::string::npos);
}

TEST_F(CheckEndpoint, UnreachableAndHostileEndpointsExit3WithOneLine) {
  for (auto mode : {ServerMode::kSilent, ServerMode::kCloseMidHandshake, ServerMode::kGarbage}) {
    ServerConfig c;
    c.mode = mode;
    TestServer s(c);
    auto args = base(s.port());
    args.back() = "1";  // --timeout 1
    auto r = run_uccert(args);
    EXPECT_EQ(r.exit, 3);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(count_lines(r.err), 1U) << r.err;
    EXPECT_EQ(r.err.rfind("uccert: check: sip.contoso.com:5061 (127.0.0.1): ", 0), 0U) << r.err;
  }
  auto bad = run_uccert({"check", "sip.contoso.com:5061", "--connect-to", "nonsense"});
  EXPECT_EQ(bad.exit, 3);
  EXPECT_NE(bad.err.find("--connect-to 'nonsense'"), std::string::npos) << bad.err;
  auto proto = run_uccert({"check", "127.0.0.1:1", "--proto", "ftp"});
  EXPECT_EQ(proto.exit, 3);
  EXPECT_NE(proto.err.find("--proto ftp: not one of tls, sip, https, smtp"), std::string::npos) << proto.err;
}

}  // namespace
}  // namespace uccert::testing
