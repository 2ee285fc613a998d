// uccert against real peers from Debian, started by the test on 127.0.0.1 with configurations of
// its own (never the system's): Kamailio with its TLS module answering SIP OPTIONS and verifying
// client certificates, Postfix offering STARTTLS, nginx serving two names with different
// certificates by SNI. What uccert reports is compared with what each server logged.
#include <grp.h>
#include <pwd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "integration/net_daemons.h"
#include "uccert/lab/mint.h"
#include "uccert/net/probe.h"

namespace uccert::testing {
namespace {

namespace fs = std::filesystem;

struct Pki {
  lab::Minted root = lab::mint(lab::root_ca_spec("Contoso Root CA", "Contoso"), lab::KeyPair::cached({}, 20));
  lab::Minted inter = lab::mint(lab::intermediate_ca_spec("Contoso Issuing CA", "Contoso"), lab::KeyPair::cached({}, 21),
                                &root);
  lab::Minted sip = lab::mint(enterprise_server_spec("sip.contoso.com", {"sip.contoso.com"}), lab::KeyPair::cached({}, 22), &inter);
  lab::Minted meet = lab::mint(enterprise_server_spec("meet.contoso.com", {"meet.contoso.com"}), lab::KeyPair::cached({}, 23), &inter);
  lab::Minted dialin = lab::mint(enterprise_server_spec("dialin.contoso.com", {"dialin.contoso.com"}), lab::KeyPair::cached({}, 24),
                                 &inter);
  lab::Minted mail = lab::mint(enterprise_server_spec("mail.contoso.com", {"mail.contoso.com"}), lab::KeyPair::cached({}, 25), &inter);
  // Exchange UM presents itself with its own certificate (UM-02: CN = the server's FQDN) ...
  lab::Minted um = lab::mint(enterprise_server_spec("exum01.contoso.com", {}), lab::KeyPair::cached({}, 26), &inter);
  // ... or, wrongly, with the wildcard one (seed:UM-WILD).
  lab::Minted um_wild = lab::mint(enterprise_server_spec("*.contoso.com", {"*.contoso.com"}), lab::KeyPair::cached({}, 27), &inter);
  lab::Minted foreign_root = lab::mint(lab::root_ca_spec("Fabrikam Root CA"), lab::KeyPair::cached({}, 28));
  lab::Minted foreign = lab::mint(enterprise_server_spec("edge.fabrikam.com", {"edge.fabrikam.com"}), lab::KeyPair::cached({}, 29),
                                  &foreign_root);
};

const Pki& pki() {
  static const Pki p;
  return p;
}

void write_chain_and_key(const fs::path& dir, const std::string& name, const std::vector<lab::Minted>& chain) {
  ASSERT_TRUE(lab::write_pem_chain(dir / (name + ".pem"), chain).ok());
  ASSERT_TRUE(lab::write_private_key(dir / (name + ".key"), chain.front().key).ok());
}

std::shared_ptr<const net::ClientIdentity> identity(const fs::path& dir, const std::string& name) {
  auto id = net::load_client_identity({(dir / (name + ".pem")).string(), (dir / (name + ".key")).string(), ""});
  EXPECT_TRUE(id.ok()) << (id.ok() ? "" : id.error().message);
  return std::make_shared<const net::ClientIdentity>(std::move(*id));
}

net::ProbeOptions dial(const std::string& host, std::uint16_t port, std::uint16_t real_port) {
  net::ProbeOptions o;
  o.host = host;
  o.port = port;
  o.connect_to.push_back(*net::parse_connect_to(host + ":" + std::to_string(port) + ":127.0.0.1:" +
                                                std::to_string(real_port)));
  o.timeout = std::chrono::seconds(5);
  return o;
}

std::string detail(const evidence::Evidence& ev, const std::string& k) {
  auto it = ev.endpoint->application_details.find(k);
  return it == ev.endpoint->application_details.end() ? std::string() : it->second;
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = haystack.find(needle); p != std::string::npos; p = haystack.find(needle, p + 1)) ++n;
  return n;
}

// ---- Kamailio ---------------------------------------------------------------------------------

constexpr const char* kKamailio = "/usr/sbin/kamailio";
constexpr const char* kKamailioModules = "/usr/lib/x86_64-linux-gnu/kamailio/modules";

TEST(KamailioPeer, MutualTlsOptionsAcceptedRejectedAndAnsweredWithMsDiagnostics) {
  if (!fs::exists(kKamailio) || !fs::exists(fs::path(kKamailioModules) / "tls.so")) {
    GTEST_SKIP() << "kamailio with kamailio-tls-modules is not installed (scripts/install-deps.sh)";
  }
  auto dir = scratch_dir("kamailio");
  write_chain_and_key(dir, "server", {pki().sip, pki().inter});
  write_chain_and_key(dir, "um", {pki().um, pki().inter});
  write_chain_and_key(dir, "um-wild", {pki().um_wild, pki().inter});
  write_chain_and_key(dir, "foreign", {pki().foreign});
  ASSERT_TRUE(lab::write_pem_chain(dir / "ca.pem", {pki().root}).ok());
  const std::uint16_t port = free_port();
  std::ofstream(dir / "tls.cfg") << "[server:default]\n"
                                    "method = TLSv1.2+\n"
                                    "verify_certificate = yes\n"
                                    "require_certificate = yes\n"
                                    "private_key = " << (dir / "server.key").string() << "\n"
                                 << "certificate = " << (dir / "server.pem").string() << "\n"
                                 << "ca_list = " << (dir / "ca.pem").string() << "\n"
                                 << "\n[client:default]\nverify_certificate = no\nrequire_certificate = no\n";
  // Like a Lync Front End: OPTIONS from a configured peer gets 200; a peer whose certificate
  // names a wildcard gets 504 with ms-diagnostics 1010 (seed:UM-WILD, E-25).
  std::ofstream(dir / "kamailio.cfg")
      << "#!KAMAILIO\n"
         "debug=2\nlog_stderror=yes\nchildren=1\ntcp_children=1\nauto_aliases=no\n"
         "listen=tls:127.0.0.1:" << port << "\n"
      << "enable_tls=yes\n"
         "mpath=\"" << kKamailioModules << "/\"\n"
      << "loadmodule \"tls.so\"\nloadmodule \"sl.so\"\nloadmodule \"pv.so\"\nloadmodule \"xlog.so\"\n"
         "loadmodule \"textops.so\"\n"
         "modparam(\"tls\", \"config\", \"" << (dir / "tls.cfg").string() << "\")\n"
      << "request_route {\n"
         "  xlog(\"L_NOTICE\", \"uccert-test: $rm $ru peer-cn=$tls_peer_subject_cn verified=$tls_peer_verified\\n\");\n"
         "  if (is_method(\"OPTIONS\")) {\n"
         "    if ($tls_peer_subject_cn =~ \"^\\*\") {\n"
         "      append_to_reply(\"ms-diagnostics: 1010;reason=\\\"Certificate trust with another server could not be "
         "established\\\";msexchHRESULT=\\\"0x800B010F(CERT_E_CN_NO_MATCH)\\\";appName=\\\"ExumRouting\\\"\\r\\n\");\n"
         "      sl_send_reply(\"504\", \"Server Time-out\");\n"
         "      exit;\n"
         "    }\n"
         "    sl_send_reply(\"200\", \"OK\");\n"
         "    exit;\n"
         "  }\n"
         "  sl_send_reply(\"405\", \"Method Not Allowed\");\n"
         "}\n";
  Daemon kam;
  ASSERT_TRUE(kam.start({kKamailio, "-f", (dir / "kamailio.cfg").string(), "-DD", "-E", "-Y", dir.string(), "-P",
                         (dir / "kamailio.pid").string()},
                        dir / "kamailio.log"));
  ASSERT_TRUE(kam.wait_until([&] { return port_open(port); })) << kam.log();

  // 1. The UM-like client certificate from the CA Kamailio trusts: accepted, 200 OK.
  auto o = dial("sip.contoso.com", 5061, port);
  o.client_identity = identity(dir, "um");
  auto ok = net::probe(o);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->endpoint->protocol, "sip");
  EXPECT_EQ(ok->endpoint->application_status, "SIP/2.0 200 OK");
  EXPECT_EQ(detail(*ok, "client-cert.outcome"), "accepted");
  EXPECT_EQ(detail(*ok, "client-cert.requested"), "yes");
  ASSERT_EQ(ok->endpoint->client_ca_names.size(), 1U);
  EXPECT_EQ(ok->endpoint->client_ca_names[0], "CN=Contoso Root CA, O=Contoso");
  EXPECT_EQ(detail(*ok, "client-cert.issuer-listed"), "yes: CN=Contoso Root CA, O=Contoso");
  ASSERT_EQ(ok->chain.size(), 2U);
  EXPECT_EQ(ok->chain[0]->der(), pki().sip.der);
  EXPECT_EQ(ok->chain[1]->der(), pki().inter.der);

  // 2. The wildcard-CN certificate: TLS accepts it, the SIP layer answers 504 + ms-diagnostics.
  o.client_identity = identity(dir, "um-wild");
  auto wild = net::probe(o);
  ASSERT_TRUE(wild.ok()) << wild.error().message;
  EXPECT_EQ(wild->endpoint->application_status, "SIP/2.0 504 Server Time-out");
  EXPECT_EQ(detail(*wild, "sip.ms-diagnostics.code"), "1010");
  EXPECT_EQ(detail(*wild, "sip.hresult.name"), "CERT_E_CN_NO_MATCH");
  EXPECT_EQ(detail(*wild, "sip.rule"), "E-25");

  // 3. A certificate from a CA Kamailio does not trust: refused during TLS.
  o.client_identity = identity(dir, "foreign");
  o.compare_without_sni = false;
  auto refused = net::probe(o);
  ASSERT_TRUE(refused.ok()) << refused.error().message;  // the server's chain is still acquired
  EXPECT_EQ(refused->chain.size(), 2U);
  EXPECT_EQ(detail(*refused, "client-cert.outcome").rfind("refused: ", 0), 0U) << detail(*refused, "client-cert.outcome");
  EXPECT_EQ(detail(*refused, "client-cert.issuer-listed").rfind("no: issued by CN=Fabrikam Root CA", 0), 0U);
  EXPECT_NE(refused->endpoint->application_status.find("unknown ca"), std::string::npos)
      << refused->endpoint->application_status;

  // What Kamailio logged agrees: two OPTIONS from verified peers (with SNI and, for the SNI
  // comparison, without), none from the foreign one, and a verification failure.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::string log = kam.log();
  EXPECT_EQ(count(log, "uccert-test: OPTIONS sip:sip.contoso.com:5061;transport=tls peer-cn=exum01.contoso.com verified=1"),
            1U)
      << log;
  EXPECT_EQ(count(log, "uccert-test: OPTIONS sip:sip.contoso.com:5061;transport=tls peer-cn=*.contoso.com verified=1"), 1U)
      << log;
  EXPECT_EQ(count(log, "peer-cn=edge.fabrikam.com"), 0U);
  EXPECT_NE(log.find("certificate verify failed"), std::string::npos) << log;
  kam.stop();
}

// ---- Postfix ----------------------------------------------------------------------------------

TEST(PostfixPeer, StartTlsOnAHighPort) {
  if (!fs::exists("/usr/sbin/postfix")) GTEST_SKIP() << "postfix is not installed (scripts/install-deps.sh)";
  if (::geteuid() != 0) GTEST_SKIP() << "postfix's master must start as root";
  passwd* pw = ::getpwnam("postfix");
  if (pw == nullptr || ::getgrnam("postdrop") == nullptr) GTEST_SKIP() << "the postfix user or postdrop group is missing";
  auto dir = scratch_dir("postfix");
  write_chain_and_key(dir, "mail", {pki().mail, pki().inter});
  fs::create_directories(dir / "data");
  fs::create_directories(dir / "queue");
  ASSERT_EQ(::chown((dir / "data").c_str(), pw->pw_uid, pw->pw_gid), 0);
  const std::uint16_t port = free_port();
  std::ofstream(dir / "main.cf") << "compatibility_level = 3.6\n"
                                    "queue_directory = " << (dir / "queue").string() << "\n"
                                 << "data_directory = " << (dir / "data").string() << "\n"
                                 << "command_directory = /usr/sbin\ndaemon_directory = /usr/lib/postfix/sbin\n"
                                    "meta_directory = /etc/postfix\nshlib_directory = /usr/lib/postfix\n"
                                    "mail_owner = postfix\nsetgid_group = postdrop\n"
                                    "inet_interfaces = 127.0.0.1\ninet_protocols = ipv4\n"
                                    "myhostname = mail.contoso.com\nmydestination =\nalias_maps =\nalias_database =\n"
                                    "smtpd_tls_cert_file = " << (dir / "mail.pem").string() << "\n"
                                 << "smtpd_tls_key_file = " << (dir / "mail.key").string() << "\n"
                                 << "smtpd_tls_security_level = may\nsmtpd_tls_loglevel = 1\n"
                                    "maillog_file_prefixes = " << dir.string() << "\n"
                                 << "maillog_file = " << (dir / "maillog").string() << "\n";
  std::ofstream(dir / "master.cf") << "127.0.0.1:" << port << " inet n - n - - smtpd\n"
                                   << "postlog unix-dgram n - n - 1 postlogd\n"
                                      "tlsmgr unix - - n 1000? 1 tlsmgr\n"
                                      "anvil unix - - n - 1 anvil\n"
                                      "proxymap unix - - n - - proxymap\n";
  Daemon pf;
  ASSERT_TRUE(pf.start({"/usr/sbin/postfix", "-c", dir.string(), "start-fg"}, dir / "postfix.out"));
  bool up = pf.wait_until([&] { return port_open(port); });
  struct Stop {  // the master runs in its own session: stop it through its own configuration
    fs::path dir;
    ~Stop() { (void)std::system(("/usr/sbin/postfix -c " + dir.string() + " stop >/dev/null 2>&1").c_str()); }
  } stop{dir};
  ASSERT_TRUE(up) << pf.log() << read_text(dir / "maillog");

  auto ev = net::probe(dial("mail.contoso.com", 25, port));
  ASSERT_TRUE(ev.ok()) << ev.error().message;
  EXPECT_EQ(ev->endpoint->protocol, "smtp");
  EXPECT_EQ(ev->endpoint->application_status, "220 2.0.0 Ready to start TLS");
  EXPECT_EQ(detail(*ev, "smtp.greeting"), "220 mail.contoso.com ESMTP Postfix");
  ASSERT_EQ(ev->chain.size(), 2U);
  EXPECT_EQ(ev->chain[0]->der(), pki().mail.der);

  std::string maillog;
  for (int i = 0; i < 40; ++i) {
    maillog = read_text(dir / "maillog");
    if (maillog.find("TLS connection established from localhost[127.0.0.1]: " + ev->endpoint->tls_version) !=
        std::string::npos)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_NE(maillog.find("TLS connection established from localhost[127.0.0.1]: " + ev->endpoint->tls_version + " with cipher " +
                         ev->endpoint->cipher),
            std::string::npos)
      << maillog;
  EXPECT_NE(maillog.find("ehlo=1 starttls=1"), std::string::npos) << maillog;
}

// ---- nginx ------------------------------------------------------------------------------------

TEST(NginxPeer, TwoNamesTwoCertificatesBySni) {
  if (!fs::exists("/usr/sbin/nginx")) GTEST_SKIP() << "nginx is not installed (scripts/install-deps.sh)";
  auto dir = scratch_dir("nginx");
  write_chain_and_key(dir, "meet", {pki().meet, pki().inter});
  write_chain_and_key(dir, "dialin", {pki().dialin});  // leaf only: K-08's classic mistake
  fs::create_directories(dir / "tmp");
  const std::uint16_t port = free_port();
  auto p = [&](const char* f) { return (dir / f).string(); };
  std::ofstream(dir / "nginx.conf")
      << "worker_processes 1;\ndaemon off;\npid " << p("nginx.pid") << ";\nerror_log " << p("error.log") << " info;\n"
      << "events { worker_connections 64; }\nhttp {\n"
      << "  log_format sni '$ssl_server_name $ssl_protocol $ssl_cipher $status';\n"
      << "  access_log " << p("access.log") << " sni;\n"
      << "  client_body_temp_path " << p("tmp") << "; proxy_temp_path " << p("tmp") << "; fastcgi_temp_path "
      << p("tmp") << "; uwsgi_temp_path " << p("tmp") << "; scgi_temp_path " << p("tmp") << ";\n"
      << "  server { listen 127.0.0.1:" << port << " ssl default_server; server_name meet.contoso.com;\n"
      << "    ssl_certificate " << p("meet.pem") << "; ssl_certificate_key " << p("meet.key") << "; return 200; }\n"
      << "  server { listen 127.0.0.1:" << port << " ssl; server_name dialin.contoso.com;\n"
      << "    ssl_certificate " << p("dialin.pem") << "; ssl_certificate_key " << p("dialin.key") << "; return 404; }\n"
      << "}\n";
  Daemon ng;
  ASSERT_TRUE(ng.start({"/usr/sbin/nginx", "-c", p("nginx.conf"), "-p", dir.string()}, dir / "nginx.out"));
  ASSERT_TRUE(ng.wait_until([&] { return port_open(port); })) << ng.log() << read_text(dir / "error.log");

  auto meet_opts = dial("meet.contoso.com", 443, port);
  meet_opts.protocol = net::Protocol::kHttps;
  auto meet = net::probe(meet_opts);
  ASSERT_TRUE(meet.ok()) << meet.error().message;
  ASSERT_EQ(meet->chain.size(), 2U);
  EXPECT_EQ(meet->chain[0]->der(), pki().meet.der);
  EXPECT_EQ(meet->endpoint->application_status, "HTTP/1.1 200 OK");
  EXPECT_FALSE(meet->endpoint->chain_without_sni.has_value());  // the default server is meet's

  auto dialin_opts = dial("dialin.contoso.com", 443, port);
  dialin_opts.protocol = net::Protocol::kHttps;
  auto dialin = net::probe(dialin_opts);
  ASSERT_TRUE(dialin.ok()) << dialin.error().message;
  ASSERT_EQ(dialin->chain.size(), 1U);
  EXPECT_EQ(dialin->chain[0]->der(), pki().dialin.der);
  EXPECT_EQ(dialin->endpoint->application_status, "HTTP/1.1 404 Not Found");
  ASSERT_TRUE(dialin->endpoint->chain_without_sni.has_value());
  EXPECT_EQ(dialin->endpoint->chain_without_sni->at(0)->der(), pki().meet.der);

  std::string access;
  for (int i = 0; i < 40 && count(access, "\n") < 2; ++i) {
    access = read_text(dir / "access.log");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_NE(access.find("meet.contoso.com " + meet->endpoint->tls_version + " " + meet->endpoint->cipher + " 200"),
            std::string::npos)
      << access;
  EXPECT_NE(access.find("dialin.contoso.com " + dialin->endpoint->tls_version + " " + dialin->endpoint->cipher + " 404"),
            std::string::npos)
      << access;
}

}  // namespace
}  // namespace uccert::testing
