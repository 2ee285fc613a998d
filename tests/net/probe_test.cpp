#include "uccert/net/probe.h"

#include <gtest/gtest.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>

#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "net/test_servers.h"
#include "uccert/lab/mint.h"

namespace uccert::net {
namespace {

using testing::ServedChain;
using testing::ServerApp;
using testing::ServerConfig;
using testing::ServerMode;
using testing::SmtpBehaviour;
using testing::TestServer;

// A small PKI: root -> intermediate -> server leaves; a second root for foreign client certs.
struct Pki {
  lab::Minted root = lab::mint(lab::root_ca_spec("Contoso Root CA", "Contoso"), lab::KeyPair::cached({}, 0));
  lab::Minted inter = lab::mint(lab::intermediate_ca_spec("Contoso Issuing CA", "Contoso"),
                                lab::KeyPair::cached({}, 1), &root);
  lab::Minted sip = lab::mint(lab::server_spec("sip.contoso.com", {"sip.contoso.com"}), lab::KeyPair::cached({}, 2),
                              &inter);
  lab::Minted other = lab::mint(lab::server_spec("default.contoso.com", {"default.contoso.com"}),
                                lab::KeyPair::cached({}, 3), &inter);
  lab::Minted um = lab::mint(lab::server_spec("exum01.contoso.com"), lab::KeyPair::cached({}, 4), &inter);
  lab::Minted um_wild = lab::mint(lab::server_spec("*.contoso.com", {"exum01.contoso.com"}),
                                  lab::KeyPair::cached({}, 5), &inter);
  lab::Minted foreign_root = lab::mint(lab::root_ca_spec("Fabrikam Root CA"), lab::KeyPair::cached({}, 6));
  lab::Minted foreign = lab::mint(lab::server_spec("edge.fabrikam.com"), lab::KeyPair::cached({}, 7), &foreign_root);
};

const Pki& pki() {
  static const Pki p;
  return p;
}

std::shared_ptr<const ClientIdentity> identity(const lab::Minted& leaf, const std::vector<lab::Minted>& chain) {
  auto dir = std::filesystem::temp_directory_path() / ("uccert-net-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto cert = dir / (leaf.cert->sha1_thumbprint + ".pem");
  auto key = dir / (leaf.cert->sha1_thumbprint + ".key");
  std::vector<lab::Minted> all{leaf};
  all.insert(all.end(), chain.begin(), chain.end());
  EXPECT_TRUE(lab::write_pem_chain(cert, all).ok());
  EXPECT_TRUE(lab::write_private_key(key, leaf.key).ok());
  auto id = load_client_identity({cert.string(), key.string(), ""});
  EXPECT_TRUE(id.ok()) << (id.ok() ? "" : id.error().message);
  return std::make_shared<const ClientIdentity>(std::move(*id));
}

ProbeOptions options_for(const TestServer& s, std::string host, std::uint16_t port) {
  ProbeOptions o;
  o.host = std::move(host);
  o.port = port;
  o.connect_to.push_back(*parse_connect_to(fmt::format("{}:{}:127.0.0.1:{}", o.host, port, s.port())));
  o.timeout = std::chrono::seconds(5);
  return o;
}

std::string detail(const evidence::Evidence& ev, const std::string& k) {
  auto it = ev.endpoint->application_details.find(k);
  return it == ev.endpoint->application_details.end() ? std::string("<absent>") : it->second;
}

TEST(Probe, SecondHandshakeWithoutSniOnlyWhenAsked) {
  ServerConfig c;
  c.default_chain = ServedChain{{pki().sip, pki().inter}};
  TestServer both(c);
  auto ev = probe(options_for(both, "sip.contoso.com", 443));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  const auto seen = both.log(2);
  ASSERT_EQ(seen.size(), 2U);
  EXPECT_EQ(seen[0].sni, "sip.contoso.com");
  EXPECT_EQ(seen[1].sni, "");

  TestServer one(c);
  auto o = options_for(one, "sip.contoso.com", 443);
  o.compare_without_sni = false;  // --single-handshake
  auto single = probe(o);
  ASSERT_TRUE(single.ok()) << single.error().message;
  EXPECT_EQ(detail(*single, "sni.comparison"), "<absent>");
  EXPECT_EQ(one.log(2).size(), 1U);  // waits for a second connection that never comes
}

// Many probes on one loop share one client context, and each still sees its own server.
TEST(Probe, ProbesSharingOneClientContextEachGetTheirOwnChain) {
  ServerConfig a;
  a.default_chain = ServedChain{{pki().sip, pki().inter}};
  ServerConfig b;
  b.default_chain = ServedChain{{pki().inter}};
  TestServer sa(a);
  TestServer sb(b);
  SharedTlsClientContext shared;
  asio::io_context io;
  std::vector<std::optional<Result<evidence::Evidence>>> got(6);
  for (std::size_t i = 0; i < got.size(); ++i) {
    auto o = options_for(i % 2 == 0 ? sa : sb, "sip.contoso.com", 443);
    o.shared_context = &shared;
    asio::co_spawn(
        io, [&io, &got, i, o]() -> asio::awaitable<void> { got[i].emplace(co_await probe_async(io, o)); },
        asio::detached);
  }
  io.run();
  for (std::size_t i = 0; i < got.size(); ++i) {
    ASSERT_TRUE(got[i].has_value());
    ASSERT_TRUE(got[i]->ok()) << got[i]->error().message;
    EXPECT_EQ((*got[i])->chain.size(), i % 2 == 0 ? 2U : 1U);
  }
}

TEST(Probe, KeepsTheChainAsSentInOrder) {
  ServerConfig c;
  c.default_chain = ServedChain{{pki().sip, pki().inter}};
  TestServer s(c);
  auto ev = probe(options_for(s, "sip.contoso.com", 443));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  ASSERT_EQ(ev->chain.size(), 2U);
  EXPECT_EQ(ev->chain[0]->der(), pki().sip.der);
  EXPECT_EQ(ev->chain[1]->der(), pki().inter.der);
  EXPECT_EQ(ev->dialled_name, "sip.contoso.com");
  EXPECT_EQ(ev->target, "sip.contoso.com:443");
  ASSERT_TRUE(ev->endpoint.has_value());
  EXPECT_EQ(ev->endpoint->address, "127.0.0.1");
  EXPECT_EQ(ev->endpoint->port, 443);
  EXPECT_EQ(ev->endpoint->sni, "sip.contoso.com");
  EXPECT_EQ(ev->endpoint->protocol, "tls");
  EXPECT_EQ(ev->endpoint->tls_version, "TLSv1.3");
  EXPECT_FALSE(ev->endpoint->cipher.empty());
  EXPECT_FALSE(ev->endpoint->ocsp_stapled);
  EXPECT_GT(ev->observed_at, 0);
  EXPECT_EQ(detail(*ev, "sni.comparison"), "same chain without SNI");
  auto log = s.log(2);
  ASSERT_GE(log.size(), 2U);
  EXPECT_EQ(log[0].sni, "sip.contoso.com");  // what the server saw agrees
  EXPECT_EQ(log[1].sni, "");
}

TEST(Probe, LeafOnlyIsReportedAsSent) {
  ServerConfig c;
  c.default_chain = ServedChain{{pki().sip}};
  TestServer s(c);
  auto ev = probe(options_for(s, "sip.contoso.com", 443));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  ASSERT_EQ(ev->chain.size(), 1U);
  EXPECT_EQ(ev->chain[0]->der(), pki().sip.der);
}

TEST(Probe, SniSelectsTheCertificateAndTheDifferenceIsReported) {
  ServerConfig c;
  c.default_chain = ServedChain{{pki().other, pki().inter}};
  c.chain_by_sni["sip.contoso.com"] = ServedChain{{pki().sip, pki().inter}};
  TestServer s(c);
  auto ev = probe(options_for(s, "sip.contoso.com", 443));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  EXPECT_EQ(ev->chain[0]->der(), pki().sip.der);
  ASSERT_TRUE(ev->endpoint->chain_without_sni.has_value());
  EXPECT_EQ(ev->endpoint->chain_without_sni->at(0)->der(), pki().other.der);
  EXPECT_NE(detail(*ev, "sni.comparison").find("different certificate without SNI"), std::string::npos);

  auto o = options_for(s, "sip.contoso.com", 443);
  o.no_sni = true;
  auto bare = probe(o);
  ASSERT_TRUE(bare.ok()) << bare.error().message;
  EXPECT_EQ(bare->chain[0]->der(), pki().other.der);
  EXPECT_EQ(bare->endpoint->sni, "");

  auto o2 = options_for(s, "10.0.0.1", 443);  // an address: no SNI by default (RFC 6066)
  auto by_ip = probe(o2);
  ASSERT_TRUE(by_ip.ok()) << by_ip.error().message;
  EXPECT_EQ(by_ip->endpoint->sni, "");
  EXPECT_EQ(by_ip->chain[0]->der(), pki().other.der);

  auto o3 = options_for(s, "pool.contoso.com", 443);
  o3.sni = "sip.contoso.com";
  auto explicit_sni = probe(o3);
  ASSERT_TRUE(explicit_sni.ok()) << explicit_sni.error().message;
  EXPECT_EQ(explicit_sni->chain[0]->der(), pki().sip.der);
  EXPECT_EQ(explicit_sni->dialled_name, "pool.contoso.com");
}

TEST(Probe, SipOptionsAnsweredWithMsDiagnosticsForAWildcardClient) {
  ServerConfig c;
  c.default_chain = ServedChain{{pki().sip, pki().inter}};
  c.app = ServerApp::kSip;
  c.request_client_cert = true;
  c.require_client_cert = true;
  c.client_cas = {pki().root};
  TestServer s(c);

  auto o = options_for(s, "sip.contoso.com", 5061);
  o.client_identity = identity(pki().um_wild, {pki().inter});
  auto ev = probe(o);
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  EXPECT_EQ(ev->endpoint->protocol, "sip");
  EXPECT_EQ(ev->endpoint->application_status, "SIP/2.0 504 Server time-out");
  EXPECT_EQ(detail(*ev, "sip.ms-diagnostics.code"), "1010");
  EXPECT_EQ(detail(*ev, "sip.hresult"), "0x800B010F");
  EXPECT_EQ(detail(*ev, "sip.hresult.name"), "CERT_E_CN_NO_MATCH");
  EXPECT_EQ(detail(*ev, "sip.ms-diagnostics.reason"), "Certificate trust with another server could not be established");
  EXPECT_EQ(detail(*ev, "client-cert.requested"), "yes");
  ASSERT_EQ(ev->endpoint->client_ca_names.size(), 1U);
  EXPECT_EQ(ev->endpoint->client_ca_names[0], "CN=Contoso Root CA, O=Contoso");
  EXPECT_EQ(detail(*ev, "client-cert.issuer-listed"), "yes: CN=Contoso Root CA, O=Contoso");
  ASSERT_FALSE(s.log().empty());
  EXPECT_EQ(s.log()[0].client_cert_cn, "*.contoso.com");
  EXPECT_EQ(s.log()[0].request.rfind("OPTIONS sip:sip.contoso.com:5061;transport=tls SIP/2.0\r\n", 0), 0U);

  o.client_identity = identity(pki().um, {pki().inter});
  auto ok = probe(o);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->endpoint->application_status, "SIP/2.0 200 OK");
  EXPECT_EQ(detail(*ok, "sip.ms-diagnostics"), "<absent>");
  EXPECT_EQ(detail(*ok, "client-cert.outcome"), "accepted");
  EXPECT_EQ(detail(*ok, "sip.server"), "RTC/5.0");
}

TEST(Probe, ClientCertificateFromAnUnlistedCa) {
  ServerConfig c;
  c.default_chain = ServedChain{{pki().sip, pki().inter}};
  c.app = ServerApp::kSip;
  c.request_client_cert = true;
  c.client_cas = {pki().root};
  TestServer s(c);
  auto o = options_for(s, "sip.contoso.com", 5061);
  o.client_identity = identity(pki().foreign, {});
  auto ev = probe(o);
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  EXPECT_EQ(detail(*ev, "client-cert.issuer-listed").rfind("no: issued by CN=Fabrikam Root CA", 0), 0U)
      << detail(*ev, "client-cert.issuer-listed");
}

TEST(Probe, Tls13RefusalOfTheClientCertificateIsSeenWithoutAnApplication) {
  ServerConfig c;
  c.default_chain = ServedChain{{pki().sip, pki().inter}};
  c.request_client_cert = true;
  c.require_client_cert = true;
  c.reject_client_certs = true;
  c.client_cas = {pki().root};
  TestServer s(c);
  auto o = options_for(s, "sip.contoso.com", 443);
  o.compare_without_sni = false;
  o.client_identity = identity(pki().foreign, {});
  auto ev = probe(o);
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  EXPECT_EQ(ev->endpoint->tls_version, "TLSv1.3");
  EXPECT_EQ(detail(*ev, "client-cert.outcome").rfind("refused: the server sent a TLS alert", 0), 0U)
      << detail(*ev, "client-cert.outcome");
}

TEST(Probe, RequiredClientCertificateMissingStillYieldsTheChain) {
  ServerConfig c;
  c.default_chain = ServedChain{{pki().sip, pki().inter}};
  c.app = ServerApp::kSip;
  c.request_client_cert = true;
  c.require_client_cert = true;
  c.max_tls12 = true;
  c.client_cas = {pki().root};
  TestServer s(c);
  auto o = options_for(s, "sip.contoso.com", 5061);
  o.compare_without_sni = false;
  auto ev = probe(o);
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  EXPECT_EQ(ev->chain.size(), 2U);
  EXPECT_EQ(ev->endpoint->tls_version, "TLSv1.2");
  EXPECT_EQ(ev->endpoint->application_status.rfind("TLS handshake refused: ", 0), 0U) << ev->endpoint->application_status;
  EXPECT_EQ(detail(*ev, "client-cert.requested"), "yes");
}

TEST(Probe, SmtpStartTls) {
  ServerConfig c;
  c.default_chain = ServedChain{{pki().sip, pki().inter}};
  c.smtp = SmtpBehaviour::kStartTls;
  TestServer s(c);
  auto o = options_for(s, "mail.contoso.com", 25);
  auto ev = probe(o);
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  EXPECT_EQ(ev->endpoint->protocol, "smtp");
  EXPECT_EQ(ev->endpoint->application_status, "220 2.0.0 Ready to start TLS");
  EXPECT_EQ(detail(*ev, "smtp.greeting"), "220 mail.contoso.com ESMTP uccert-test");
  EXPECT_EQ(ev->chain[0]->der(), pki().sip.der);
  ASSERT_FALSE(s.log().empty());
  EXPECT_EQ(s.log()[0].smtp_ehlo, "EHLO uccert.invalid\r\n");
}

TEST(Probe, SmtpWithoutStartTlsIsAPlainError) {
  for (auto behaviour : {SmtpBehaviour::kNoStartTls, SmtpBehaviour::kRefuseStartTls}) {
    ServerConfig c;
    c.default_chain = ServedChain{{pki().sip}};
    c.smtp = behaviour;
    TestServer s(c);
    auto o = options_for(s, "mail.contoso.com", 587);
    auto ev = probe(o);
    ASSERT_FALSE(ev.ok());
    const std::string& m = ev.error().message;
    EXPECT_EQ(m.find('\n'), std::string::npos);
    if (behaviour == SmtpBehaviour::kNoStartTls) {
      EXPECT_NE(m.find("does not offer STARTTLS"), std::string::npos) << m;
    } else {
      EXPECT_NE(m.find("refused STARTTLS: 454 4.7.0 TLS not available"), std::string::npos) << m;
    }
    EXPECT_EQ(m.rfind("mail.contoso.com:587 (127.0.0.1): ", 0), 0U) << m;
  }
}

TEST(Probe, HttpsGetStatus) {
  ServerConfig c;
  c.default_chain = ServedChain{{pki().sip, pki().inter}};
  c.app = ServerApp::kHttp;
  c.http_response = "HTTP/1.1 403 Forbidden\r\nServer: uccert-test\r\nContent-Length: 0\r\n\r\n";
  TestServer s(c);
  auto o = options_for(s, "lyncdiscover.contoso.com", 443);
  o.protocol = Protocol::kHttps;
  o.http_path = "/?sipuri=user@contoso.com";
  auto ev = probe(o);
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  EXPECT_EQ(ev->endpoint->application_status, "HTTP/1.1 403 Forbidden");
  EXPECT_EQ(detail(*ev, "http.server"), "uccert-test");
  ASSERT_FALSE(s.log().empty());
  EXPECT_EQ(s.log()[0].request.rfind("GET /?sipuri=user@contoso.com HTTP/1.1\r\nHost: lyncdiscover.contoso.com\r\n", 0), 0U);
}

TEST(Probe, OversizedSipResponseIsCapped) {
  ServerConfig c;
  c.default_chain = ServedChain{{pki().sip}};
  c.app = ServerApp::kSip;
  c.sip_responder = [](const std::string&, const std::string&) {
    return "SIP/2.0 200 OK\r\nX-Pad: " + std::string(200 * 1024, 'a') + "\r\n\r\n";
  };
  TestServer s(c);
  auto o = options_for(s, "sip.contoso.com", 5061);
  o.compare_without_sni = false;
  auto ev = probe(o);
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  EXPECT_NE(ev->endpoint->application_status.find("exceeds 65536 bytes"), std::string::npos)
      << ev->endpoint->application_status;
}

struct HostileCase {
  ServerMode mode;
  const char* expected;
};

class Hostile : public ::testing::TestWithParam<HostileCase> {};

TEST_P(Hostile, EndsInOneClearLine) {
  ServerConfig c;
  c.mode = GetParam().mode;
  TestServer s(c);
  auto o = options_for(s, "sip.contoso.com", 5061);
  o.timeout = std::chrono::seconds(1);
  auto ev = probe(o);
  ASSERT_FALSE(ev.ok());
  const std::string& m = ev.error().message;
  EXPECT_EQ(m.find('\n'), std::string::npos) << m;
  EXPECT_EQ(m.rfind("sip.contoso.com:5061 (127.0.0.1): ", 0), 0U) << m;
  EXPECT_NE(m.find(GetParam().expected), std::string::npos) << m;
}

INSTANTIATE_TEST_SUITE_P(
    Servers, Hostile,
    ::testing::Values(HostileCase{ServerMode::kSilent, "timed out after 1 s (TLS handshake)"},
                      HostileCase{ServerMode::kCloseMidHandshake, "TLS handshake: the server closed the connection"},
                      HostileCase{ServerMode::kGarbage, "TLS handshake: the server does not speak TLS here"}));

TEST(Probe, ConnectionRefused) {
  std::uint16_t closed_port = 0;
  {
    ServerConfig c;
    TestServer s(c);
    closed_port = s.port();
  }
  ProbeOptions o;
  o.host = "127.0.0.1";
  o.port = closed_port;
  o.timeout = std::chrono::seconds(2);
  auto ev = probe(o);
  ASSERT_FALSE(ev.ok());
  EXPECT_EQ(ev.error().message, fmt::format("127.0.0.1:{}: connect: connection refused", closed_port));
}

TEST(Probe, BadClientIdentityFiles) {
  auto id = load_client_identity({"/nonexistent/um.pem", "", ""});
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().message, "/nonexistent/um.pem: cannot be read");
}

}  // namespace
}  // namespace uccert::net
