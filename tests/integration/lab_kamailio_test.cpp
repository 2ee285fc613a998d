// Kamailio, a SIP server nobody here wrote, as the MTLS peer of the lab's SIP endpoints, compared
// with uccert's SIP verdicts (docs/conformance.md, "Kamailio against the lab"):
//
// - Kamailio as the TLS client: it relays an OPTIONS to each SIP endpoint of both scenarios,
//   presenting a peer's certificate (each accepted peer's where the endpoint names its peers),
//   with verify_certificate, require_certificate, the scenario's roots and the endpoint's name
//   as SNI. Its accept / refuse of the server's certificate is compared with
//   uccert's `ocs-interop` verdict (the profile of a server peer dialling this deployment over
//   MTLS), and the lab's answer (200, or 504 CERT_E_CN_NO_MATCH as Lync answers) with uccert's
//   `exchange-um-peer` verdict of the certificate Kamailio presented.
// - Kamailio as the MTLS server (require_certificate, verify_certificate, the scenario's roots):
//   `uccert check --client-cert` presents each SIP certificate of the scenario; Kamailio's accept /
//   refuse is compared with uccert's `exchange-um-peer` verdict of that certificate.
//
// Every disagreement is listed below with its reason; a new one fails, and so does a listed one
// that no longer happens.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "integration/live_lab.h"
#include "integration/net_daemons.h"

namespace uccert::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr const char* kKamailioBinary = "/usr/sbin/kamailio";
constexpr const char* kKamailioModuleDir = "/usr/lib/x86_64-linux-gnu/kamailio/modules";

// One Kamailio on 127.0.0.1, its configuration generated into `dir` (never the system's): one
// child per transport, its run-time files in `dir`, stopped by its pid when the object goes.
class Kamailio {
 public:
  Kamailio(fs::path dir, const std::string& tls_cfg, const std::string& routes, bool with_udp)
      : dir_(std::move(dir)) {
    fs::create_directories(dir_);
    tls_port_ = free_port();
    if (with_udp) udp_port_ = free_port(SOCK_DGRAM);
    std::ofstream(dir_ / "tls.cfg") << tls_cfg;
    std::ofstream cfg(dir_ / "kamailio.cfg");
    cfg << "#!KAMAILIO\n"
           "debug=2\nlog_stderror=yes\nchildren=1\ntcp_children=1\nauto_aliases=no\nenable_tls=yes\n"
           "tcp_connect_timeout=5\ntls_max_connections=64\n"
        << "listen=tls:127.0.0.1:" << tls_port_ << "\n";
    if (with_udp) cfg << "listen=udp:127.0.0.1:" << udp_port_ << "\n";
    cfg << "mpath=\"" << kKamailioModuleDir << "/\"\n"
        << "loadmodule \"tm.so\"\nloadmodule \"tls.so\"\nloadmodule \"sl.so\"\nloadmodule \"pv.so\"\n"
           "loadmodule \"xlog.so\"\nloadmodule \"textops.so\"\n"
        << "modparam(\"tls\", \"config\", \"" << (dir_ / "tls.cfg").string() << "\")\n"
        // The client domain is chosen by the server name the script puts in $xavp(tls=>server_name),
        // which is also the SNI sent.
        << "modparam(\"tls\", \"xavp_cfg\", \"tls\")\n"
        << "modparam(\"tm\", \"fr_timer\", 3000)\n"
        << routes;
    cfg.close();
    started_ = kam_.start({kKamailioBinary, "-f", (dir_ / "kamailio.cfg").string(), "-DD", "-E", "-m", "64", "-M",
                           "8", "-w", dir_.string(), "-Y", dir_.string(), "-P", (dir_ / "kamailio.pid").string()},
                          dir_ / "kamailio.log");
    if (started_) started_ = kam_.wait_until([&] { return port_open(tls_port_); });
  }
  ~Kamailio() { kam_.stop(); }
  bool started() const { return started_; }
  std::string log() const { return kam_.log(); }
  std::uint16_t tls_port() const { return tls_port_; }
  std::uint16_t udp_port() const { return udp_port_; }

 private:
  fs::path dir_;
  Daemon kam_;
  std::uint16_t tls_port_ = 0;
  std::uint16_t udp_port_ = 0;
  bool started_ = false;
};

// Sends one OPTIONS over UDP to Kamailio, to be relayed to `relay_to` (a SIP URI with
// transport=tls) with `server_name` as SNI and client domain, and returns the final status code
// received (0: none within 15 s).
int relay_options(std::uint16_t kamailio_udp, const std::string& request_uri, const std::string& relay_to,
                  const std::string& server_name, int seq) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in me{};
  me.sin_family = AF_INET;
  me.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&me), sizeof me);
  socklen_t len = sizeof me;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&me), &len);
  const std::string request = fmt::format(
      "OPTIONS {0} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{1};branch=z9hG4bK-uccert-{2};rport\r\n"
      "Max-Forwards: 70\r\nFrom: <sip:peer@contoso.com>;tag=uccert{2}\r\nTo: <{0}>\r\n"
      "Call-ID: uccert-kamailio-{2}@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nX-Relay-To: {3}\r\nX-Server-Name: {4}\r\n"
      "Content-Length: 0\r\n\r\n",
      request_uri, ntohs(me.sin_port), seq, relay_to, server_name);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  to.sin_port = htons(kamailio_udp);
  ::sendto(fd, request.data(), request.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (status < 200 && std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 500) <= 0) continue;
    char buf[4096];
    const auto n = ::recv(fd, buf, sizeof buf, 0);
    const std::string_view answer(buf, n > 0 ? static_cast<std::size_t>(n) : 0U);
    if (answer.rfind("SIP/2.0 ", 0) == 0) status = std::atoi(std::string(answer.substr(8, 3)).c_str());
  }
  ::close(fd);
  return status;
}

// Relays OPTIONS received over UDP to the X-Relay-To URI over TLS, with the X-Server-Name as
// SNI (and the [client:any] domain of that server_name); logs what came back.
const char* const kRelayRoutes =
    "request_route {\n"
    "  if (!is_method(\"OPTIONS\")) { sl_send_reply(\"405\", \"Method Not Allowed\"); exit; }\n"
    "  $du = $hdr(X-Relay-To);\n"
    "  $xavp(tls=>server_name) = $hdr(X-Server-Name);\n"
    "  if (!t_relay()) { sl_reply_error(); }\n"
    "  exit;\n"
    "}\n"
    "onreply_route {\n"
    "  xlog(\"L_NOTICE\", \"uccert-test: $rs from $si:$sp cn=$tls_peer_subject_cn verified=$tls_peer_verified\\n\");\n"
    "}\n";

// Answers OPTIONS from any peer whose certificate it verified with 200 and logs the peer.
const char* const kServerRoutes =
    "request_route {\n"
    "  xlog(\"L_NOTICE\", \"uccert-test: $rm peer-cn=$tls_peer_subject_cn verified=$tls_peer_verified\\n\");\n"
    "  if (is_method(\"OPTIONS\")) { sl_send_reply(\"200\", \"OK\"); exit; }\n"
    "  sl_send_reply(\"405\", \"Method Not Allowed\");\n"
    "}\n";

// uccert's verdict for `profile`, with the ids of the findings that gave it ("fail: name.mismatch").
std::string verdict_of(const CommandResult& r, const std::string& profile) {
  if (r.exit < 0 || r.exit > 2) return "error: " + r.err;
  const Json doc = Json::parse(r.out);
  std::string out = doc["verdicts"].value(profile, "missing");
  std::string ids;
  for (const auto& f : doc["findings"]) {
    if (f["severity"] == "info") continue;
    for (const auto& p : f["profiles"])
      if (p == profile) ids += (ids.empty() ? "" : ", ") + f["id"].get<std::string>();
  }
  return ids.empty() ? out : out + ": " + ids;
}

bool accepts(const std::string& verdict) { return verdict.rfind("pass", 0) == 0 || verdict.rfind("warn", 0) == 0; }

struct LabFiles {
  fs::path dir;
  fs::path roots;
  fs::path cert(const std::string& id) const { return dir / "certs" / (id + ".pem"); }
  fs::path key(const std::string& id) const { return dir / "keys" / (id + ".key"); }
  std::vector<std::string> trust() const {
    return {"--enterprise-root", (dir / "ca" / "contoso-root.pem").string(), "--public-roots",
            (dir / "ca" / "public-root.pem").string()};
  }
};

// uccert's verdict of a certificate file for `profile`, the certificate named `name`.
std::string file_verdict(const LabFiles& files, const std::string& cert, const std::string& name,
                         const std::string& profile) {
  std::vector<std::string> a = {"check", files.cert(cert).string(), "--format", "json", "--name", name};
  for (const auto& t : files.trust()) a.push_back(t);
  return verdict_of(run_uccert(a), profile);
}

// The certificates the peers of an MTLS endpoint present: the certificate of every SIP endpoint
// whose host is an accepted peer; when any peer is accepted, those of the SIP endpoints that
// ask for a client certificate themselves (the pool's servers talking to each other).
std::vector<std::pair<std::string, std::string>> peers_of(const lab::Scenario& s, const lab::ScenarioEndpoint& e) {
  std::vector<std::pair<std::string, std::string>> out;  // certificate id, the peer's host
  std::set<std::string> seen;
  for (const auto& p : s.endpoints) {
    if (p.protocol != lab::EndpointProtocol::kSip) continue;
    const auto& accepted = e.accepted_peers;
    const bool peer = accepted.empty() ? p.client_certificate != lab::ClientCertMode::kNone
                                       : std::find(accepted.begin(), accepted.end(), p.host) != accepted.end();
    if (peer && seen.insert(p.certificate).second) out.emplace_back(p.certificate, p.host);
  }
  return out;
}

using Where = std::tuple<std::string, std::string, std::string>;  // scenario, endpoint or certificate, comparison

// Where Kamailio and uccert differ, and why (docs/conformance.md, "Kamailio against the lab").
const std::map<Where, std::string>& documented_differences() {
  const std::string server_cn =
      "OCS 2007 R2 / LCS 2005 servers and federated Edges name a peer by its Subject CN, which must be the FQDN "
      "they dial (OCS-01, OCS-02); Kamailio checks no name (RFC 6125 would take the SAN entry)";
  const std::string server_wildcard =
      "the name is covered only by a wildcard, which OCS / LCS interop never takes (W-14, OCS-03); Kamailio checks "
      "no name (RFC 6125 would take the wildcard)";
  const std::string peer_cn =
      "Lync names an MTLS peer (Exchange UM, a trusted server) by its Subject CN only (UM-02, seed article 002); "
      "Kamailio verifies the peer's chain and dates but names no peer";
  static const std::map<Where, std::string> kDifferences = {
      {{"healthy", "fe-sip-contoso", "server certificate, ocs-interop"}, server_cn},
      {{"healthy", "fe-sip-fabrikam", "server certificate, ocs-interop"}, server_cn},
      {{"healthy", "edge-access-fabrikam", "server certificate, ocs-interop"}, server_cn},
      {{"field-mistakes", "fe-sip", "server certificate, ocs-interop"}, server_wildcard},
      {{"field-mistakes", "um-exch01", "server certificate, ocs-interop"}, server_wildcard},
      {{"field-mistakes", "um-exch02", "server certificate, ocs-interop"}, server_cn},
      {{"field-mistakes", "edge-forwarded-to-fe", "server certificate, ocs-interop"}, server_wildcard},
      {{"healthy", "fe-default", "client certificate, exchange-um-peer"}, peer_cn},
      {{"field-mistakes", "fe-default-wildcard", "client certificate, exchange-um-peer"}, peer_cn},
      {{"field-mistakes", "um-cn-mail", "client certificate, exchange-um-peer"}, peer_cn},
      {{"field-mistakes", "um-wildcard-cn", "client certificate, exchange-um-peer"}, peer_cn},
  };
  return kDifferences;
}

struct Tally {
  std::set<Where> differing;
  void compare(const Where& where, bool kamailio, bool uccert, const std::string& detail) {
    if (kamailio == uccert) return;
    differing.insert(where);
    EXPECT_NE(documented_differences().find(where), documented_differences().end())
        << std::get<0>(where) << " " << std::get<1>(where) << " (" << std::get<2>(where) << "): Kamailio "
        << (kamailio ? "accepts" : "refuses") << ", uccert " << detail
        << " (a uccert defect, or a difference to explain in docs/conformance.md)";
  }
};

class LabKamailio : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kKamailioBinary)) GTEST_SKIP() << kKamailioBinary << " is missing (scripts/install-deps.sh)";
    if (!fs::exists(fs::path(kKamailioModuleDir) / "tls.so"))
      GTEST_SKIP() << "kamailio-tls-modules is missing (scripts/install-deps.sh)";
  }
  static LabFiles files_of(const LiveLab& lab) {
    LabFiles f{lab.dir(), lab.dir() / "roots.pem"};
    std::ofstream(f.roots) << read_all(lab.dir() / "ca" / "contoso-root.pem")
                           << read_all(lab.dir() / "ca" / "public-root.pem");
    return f;
  }
};

TEST_F(LabKamailio, AsTheMtlsClientOfEverySipEndpointItAgreesWithUccertOrTheDifferenceIsDocumented) {
  Tally tally;
  int seq = 0;
  int compared = 0;
  for (const char* name : {"healthy", "field-mistakes"}) {
    const auto scenario = lab::load_scenario(name);
    ASSERT_TRUE(scenario.ok()) << scenario.error().message;
    LiveLab lab(name);
    ASSERT_TRUE(lab.up()) << lab.why();
    const LabFiles files = files_of(lab);
    for (const auto& served : lab.state().endpoints) {
      const auto* e = scenario->find_endpoint(served.id);
      ASSERT_NE(e, nullptr);
      if (e->protocol != lab::EndpointProtocol::kSip) continue;
      // uccert's verdict of the server's certificate for a server peer dialling it over MTLS.
      std::vector<std::string> check = {"check", "--format", "json", "--proto", "sip", "--name", e->host,
                                        "--connect-to",
                                        fmt::format("{}:{}:127.0.0.1:{}", e->host, e->port, served.lab_port)};
      for (const auto& t : files.trust()) check.push_back(t);
      check.push_back(fmt::format("{}:{}", e->host, e->port));
      const std::string server_verdict = verdict_of(run_uccert(check), "ocs-interop");
      ASSERT_TRUE(accepts(server_verdict) || server_verdict.rfind("fail", 0) == 0) << server_verdict;

      auto peers = peers_of(*scenario, *e);
      ASSERT_FALSE(peers.empty()) << name << " " << served.id;
      // Each accepted peer's certificate where the endpoint names its peers; else one suffices
      // (Kamailio's view of the server's certificate is the same whatever it presents).
      if (e->accepted_peers.empty()) peers.resize(1);
      for (const auto& [cert, peer_host] : peers) {
        const fs::path kdir = lab.dir() / ("kamailio-" + served.id + "-" + cert);
        const std::string tls_cfg = fmt::format(
            "[server:default]\nmethod = TLSv1.2+\nverify_certificate = no\nrequire_certificate = no\n"
            "certificate = {0}\nprivate_key = {1}\n\n"
            "[client:any]\nserver_name = {2}\nmethod = TLSv1.2+\nverify_certificate = yes\nrequire_certificate = yes\n"
            "certificate = {0}\nprivate_key = {1}\nca_list = {3}\n",
            files.cert(cert).string(), files.key(cert).string(), e->host, files.roots.string());
        Kamailio kam(kdir, tls_cfg, kRelayRoutes, true);
        ASSERT_TRUE(kam.started()) << kam.log();
        const int status = relay_options(kam.udp_port(), fmt::format("sip:{}:{};transport=tls", e->host, e->port),
                                         fmt::format("sip:127.0.0.1:{};transport=tls", served.lab_port), e->host,
                                         ++seq);
        ASSERT_NE(status, 0) << "no answer through Kamailio: " << kam.log();
        // 200 or 504 come from the lab (the TLS connection was made); anything else Kamailio
        // generated itself when it could not reach the lab over TLS (477, 408, 503).
        const bool kamailio_accepts_server = status == 200 || status == 504;
        ++compared;
        tally.compare({name, served.id, "server certificate, ocs-interop"}, kamailio_accepts_server,
                      accepts(server_verdict), server_verdict);
        if (!kamailio_accepts_server || e->accepted_peers.empty()) continue;
        // The lab answers as Lync does, naming the peer by its CN; uccert's exchange-um-peer
        // profile says the same of the certificate Kamailio presented.
        const std::string peer_verdict = file_verdict(files, cert, peer_host, "exchange-um-peer");
        tally.compare({name, served.id + " <- " + cert, "lab answer, exchange-um-peer"}, status == 200,
                      accepts(peer_verdict), peer_verdict);
        EXPECT_EQ(status == 200, accepts(peer_verdict))
            << name << " " << served.id << " <- " << cert << ": the lab answered " << status
            << ", uccert's exchange-um-peer verdict is " << peer_verdict;
      }
    }
  }
  EXPECT_GE(compared, 15);  // every SIP endpoint of both scenarios, each accepted peer once
  for (const auto& [where, why] : documented_differences()) {
    if (std::get<2>(where).rfind("server certificate", 0) != 0 && std::get<2>(where).rfind("lab answer", 0) != 0)
      continue;
    EXPECT_TRUE(tally.differing.count(where) != 0)
        << std::get<0>(where) << " " << std::get<1>(where) << ": documented but Kamailio agrees now: " << why;
  }
}

TEST_F(LabKamailio, AsTheMtlsServerItAgreesWithUccertOnEveryPeerCertificateOrTheDifferenceIsDocumented) {
  Tally tally;
  int compared = 0;
  for (const char* name : {"healthy", "field-mistakes"}) {
    const auto scenario = lab::load_scenario(name);
    ASSERT_TRUE(scenario.ok()) << scenario.error().message;
    LiveLab lab(name);  // writes the scenario's certificates, keys and roots
    ASSERT_TRUE(lab.up()) << lab.why();
    const LabFiles files = files_of(lab);
    std::map<std::string, std::string> sip_certificates;  // certificate id -> the host it serves
    for (const auto& e : scenario->endpoints)
      if (e.protocol == lab::EndpointProtocol::kSip) sip_certificates.emplace(e.certificate, e.host);
    ASSERT_FALSE(sip_certificates.empty());
    const std::string server_cert = sip_certificates.begin()->first;
    const std::string tls_cfg = fmt::format(
        "[server:default]\nmethod = TLSv1.2+\nverify_certificate = yes\nrequire_certificate = yes\n"
        "certificate = {}\nprivate_key = {}\nca_list = {}\n\n[client:default]\nverify_certificate = no\n",
        files.cert(server_cert).string(), files.key(server_cert).string(), files.roots.string());
    Kamailio kam(lab.dir() / "kamailio-server", tls_cfg, kServerRoutes, false);
    ASSERT_TRUE(kam.started()) << kam.log();
    for (const auto& [cert, host] : sip_certificates) {
      std::vector<std::string> a = {"check", "--format", "json", "--proto", "sip", "--name", "peer.contoso.com",
                                    "--connect-to", fmt::format("peer.contoso.com:5061:127.0.0.1:{}", kam.tls_port()),
                                    "--client-cert", files.cert(cert).string(), "--client-key",
                                    files.key(cert).string(), "peer.contoso.com:5061"};
      const CommandResult r = run_uccert(a);
      ASSERT_TRUE(r.exit >= 0 && r.exit <= 2) << r.out << r.err;
      const Json endpoint = Json::parse(r.out)["endpoint"];
      const std::string outcome = endpoint["details"].value("client-cert.outcome", "");
      const bool kamailio_accepts =
          outcome == "accepted" && endpoint.value("application_status", "") == "SIP/2.0 200 OK";
      ASSERT_TRUE(kamailio_accepts || outcome.rfind("refused", 0) == 0) << outcome << " " << r.out;
      const std::string verdict = file_verdict(files, cert, host, "exchange-um-peer");
      ++compared;
      tally.compare({name, cert, "client certificate, exchange-um-peer"}, kamailio_accepts, accepts(verdict), verdict);
    }
  }
  EXPECT_GE(compared, 8);
  for (const auto& [where, why] : documented_differences()) {
    if (std::get<2>(where).rfind("client certificate", 0) != 0) continue;
    EXPECT_TRUE(tally.differing.count(where) != 0)
        << std::get<0>(where) << " " << std::get<1>(where) << ": documented but Kamailio agrees now: " << why;
  }
}

// Kamailio 5.6's TLS client sends the server name (SNI) and picks its client domain by it, but
// checks no name in the server's certificate: a certificate that does not carry the name dialled
// is accepted when its chain verifies. uccert fails it for every SIP client (name.mismatch).
TEST_F(LabKamailio, ChecksNoServerNameWhereUccertFailsTheName) {
  LiveLab lab("healthy");
  ASSERT_TRUE(lab.up()) << lab.why();
  const LabFiles files = files_of(lab);
  const lab::ServedEndpoint* pool = nullptr;
  for (const auto& e : lab.state().endpoints)
    if (e.id == "fe-pool") pool = &e;
  ASSERT_NE(pool, nullptr);
  const std::string wrong = "not-in-the-certificate.contoso.com";
  const std::string tls_cfg = fmt::format(
      "[server:default]\nmethod = TLSv1.2+\nverify_certificate = no\nrequire_certificate = no\n"
      "certificate = {0}\nprivate_key = {1}\n\n"
      "[client:any]\nserver_name = {2}\nmethod = TLSv1.2+\nverify_certificate = yes\nrequire_certificate = yes\n"
      "certificate = {0}\nprivate_key = {1}\nca_list = {3}\n",
      files.cert("exchange-um").string(), files.key("exchange-um").string(), wrong, files.roots.string());
  Kamailio kam(lab.dir() / "kamailio-wrong-name", tls_cfg, kRelayRoutes, true);
  ASSERT_TRUE(kam.started()) << kam.log();
  const int status = relay_options(kam.udp_port(), fmt::format("sip:{}:5061;transport=tls", wrong),
                                   fmt::format("sip:127.0.0.1:{};transport=tls", pool->lab_port), wrong, 1);
  EXPECT_EQ(status, 200) << kam.log();
  std::vector<std::string> check = {"check", "--format", "json", "--proto", "sip", "--name", wrong, "--connect-to",
                                    fmt::format("{}:5061:127.0.0.1:{}", wrong, pool->lab_port)};
  for (const auto& t : files.trust()) check.push_back(t);
  check.push_back(wrong + ":5061");
  const std::string verdict = verdict_of(run_uccert(check), "ocs-interop");
  EXPECT_EQ(verdict.rfind("fail", 0), 0U) << verdict;
  EXPECT_NE(verdict.find("name.mismatch"), std::string::npos) << verdict;
}

}  // namespace
}  // namespace uccert::testing
