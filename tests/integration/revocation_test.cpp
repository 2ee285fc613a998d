// `uccert check` fetching what the certificates point to, end to end, against servers this test
// starts on 127.0.0.1: CRLs over HTTP (current, listing the leaf, expired, signed by another key,
// 50 MB), an OCSP responder (`openssl ocsp`, from an index file) answering good and revoked, an
// AIA URL serving the missing intermediate, a URL that never answers, a CDP host DNS does not
// know; the verdict of each client and the words of each finding asserted, and the cache shown
// to answer a second run without a request.
#include <gtest/gtest.h>

#include <chrono>

#include <nlohmann/json.hpp>

#include "cli/inspect_helpers.h"
#include "fixtures/http_test_server.h"
#include "integration/net_daemons.h"
#include "net/test_servers.h"
#include "uccert/lab/mint.h"

namespace uccert::testing {
namespace {

using Clock = std::chrono::steady_clock;

struct Pki {
  lab::Minted root = lab::mint(lab::root_ca_spec("Revocation Lab Root", "Contoso"),
                               lab::KeyPair::cached(lab::KeySpec::ec(), 70));
  lab::Minted ca = lab::mint(lab::intermediate_ca_spec("Revocation Lab Issuing CA", "Contoso"),
                             lab::KeyPair::cached(lab::KeySpec::ec(), 71), &root);
};

const Pki& pki() {
  static const Pki p;
  return p;
}

std::string text(const pki::Bytes& b) { return std::string(b.begin(), b.end()); }

// The serial as `openssl ocsp` looks it up in its index (BN_bn2hex: no leading zero bytes).
std::string index_serial(const pki::Certificate& c) {
  std::string s = c.serial_hex;
  while (s.size() > 2 && s.rfind("00", 0) == 0) s.erase(0, 2);
  return s;
}

// The finding `id` concerning `profile` (findings are merged across clients of one severity).
const nlohmann::json* finding(const nlohmann::json& j, const std::string& id, const std::string& profile) {
  for (const auto& f : j.at("findings")) {
    if (f.at("id") != id) continue;
    for (const auto& p : f.at("profiles"))
      if (p == profile) return &f;
  }
  return nullptr;
}

std::string severity_for(const nlohmann::json& j, const std::string& id, const std::string& profile) {
  const auto* f = finding(j, id, profile);
  return f != nullptr ? f->at("severity").get<std::string>() : "";
}

class Revocation : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = scratch_dir("revocation");
    root_ = (dir_ / "root.pem").string();
    ASSERT_TRUE(lab::write_pem_chain(root_, {pki().root}).ok());
    cache_ = (dir_ / "cache").string();
  }

  lab::Minted leaf(std::vector<std::string> crl_urls, std::vector<std::string> ocsp_urls = {},
                   std::vector<std::string> aia = {}, int key = 72) {
    auto spec = lab::server_spec("sip.contoso.com", {"sip.contoso.com"});
    spec.crl_urls = std::move(crl_urls);
    spec.ocsp_urls = std::move(ocsp_urls);
    spec.ca_issuers_urls = std::move(aia);
    return lab::mint(spec, lab::KeyPair::cached(lab::KeySpec::ec(), key), &pki().ca);
  }

  std::string write(const std::string& name, const std::vector<lab::Minted>& chain) {
    const auto p = (dir_ / name).string();
    EXPECT_TRUE(lab::write_pem_chain(p, chain).ok());
    return p;
  }

  CommandResult check(const std::string& file, std::vector<std::string> extra = {},
                      const std::string& timeout = "3") {
    std::vector<std::string> args{"check",          file,    "--name",          "sip.contoso.com", "--public-roots",
                                  root_,            "--enterprise-root", root_, "--profile",       "lync-desktop",
                                  "--profile",      "mobile-ios", "--profile",  "browser",         "--format=json",
                                  "--cache-dir",    cache_,  "--timeout",       timeout};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_uccert(args);
  }

  static nlohmann::json json(const CommandResult& r) { return nlohmann::json::parse(r.out); }

  std::filesystem::path dir_;
  std::string root_;
  std::string cache_;
};

const std::vector<std::string> kPrivate{"--allow-private-fetch"};

lab::CrlSpec current() { return lab::CrlSpec{}; }

TEST_F(Revocation, CrlsOverHttp) {
  lab::CrlSpec expired = current();
  expired.this_update = lab::now() - 20 * lab::kDay;
  expired.next_update = lab::now() - 3 * lab::kDay;
  lab::CrlSpec forged = current();
  forged.signer = lab::KeyPair::cached(lab::KeySpec::ec(), 79);
  HttpReply huge;
  huge.kind = HttpReply::Kind::kEndless;
  huge.bytes = "HTTP/1.1 200 OK\r\nContent-Type: application/pkix-crl\r\nContent-Length: 52428800\r\n\r\n";
  HttpReply silent;
  silent.kind = HttpReply::Kind::kSilent;
  HttpTestServer server({{"/good.crl", HttpReply::ok(text(*lab::mint_crl(current(), pki().ca)))},
                         {"/expired.crl", HttpReply::ok(text(*lab::mint_crl(expired, pki().ca)))},
                         {"/forged.crl", HttpReply::ok(text(*lab::mint_crl(forged, pki().ca)))},
                         {"/big.crl", huge},
                         {"/silent.crl", silent}});

  {  // a current CRL not listing the leaf: good, every client passes; the second run uses the cache
    auto file = write("good.pem", {leaf({server.url("/good.crl")}), pki().ca});
    auto r = check(file, kPrivate);
    ASSERT_EQ(r.exit, 0) << r.out << r.err;
    auto j = json(r);
    EXPECT_EQ(j["verdicts"]["lync-desktop"], "pass");
    EXPECT_EQ(j["profiles"][0]["path"]["revocation"][0]["status"], "good");
    EXPECT_EQ(j["profiles"][0]["path"]["revocation"][0]["source"], "CRL");
    EXPECT_EQ(j["fetches"][0]["outcome"], "fetched");
    EXPECT_EQ(j["fetches"][0]["from_cache"], false);
    auto again = json(check(file, kPrivate));
    EXPECT_EQ(again["fetches"][0]["from_cache"], true);
    EXPECT_EQ(again["verdicts"]["lync-desktop"], "pass");
    EXPECT_EQ(server.count("/good.crl"), 1U);  // the second run sent no request
  }
  {  // the CRL lists the leaf: revoked, with its date and reason, for every client
    auto listed = leaf({server.url("/revoked.crl")}, {}, {}, 73);
    lab::CrlSpec revoked = current();
    revoked.revoked.push_back({listed, lab::now() - 2 * lab::kDay, 1});
    server.set("/revoked.crl", HttpReply::ok(text(*lab::mint_crl(revoked, pki().ca))));
    auto file = write("revoked.pem", {listed, pki().ca});
    auto r = check(file, kPrivate);
    EXPECT_EQ(r.exit, 2) << r.out;
    auto j = json(r);
    for (const char* p : {"lync-desktop", "mobile-ios", "browser"}) EXPECT_EQ(j["verdicts"][p], "fail") << p;
    const auto* f = finding(j, "revocation.revoked", "browser");
    ASSERT_NE(f, nullptr) << r.out;
    EXPECT_NE(f->at("message").get<std::string>().find("(reason: keyCompromise), according to its issuer's CRL"),
              std::string::npos)
        << f->at("message");
    EXPECT_EQ(j["profiles"][0]["path"]["revocation"][0]["status"], "revoked");
    EXPECT_EQ(j["profiles"][0]["path"]["revocation"][0]["reason"], "keyCompromise");
  }
  {  // an expired CRL: unknown; Windows fails, iOS warns, a browser notes it
    auto j = json(check(write("expired.pem", {leaf({server.url("/expired.crl")}), pki().ca}), kPrivate));
    EXPECT_EQ(j["verdicts"]["lync-desktop"], "fail");
    EXPECT_EQ(j["verdicts"]["mobile-ios"], "warn");
    EXPECT_EQ(j["verdicts"]["browser"], "pass");
    const auto* f = finding(j, "revocation.unknown", "lync-desktop");
    ASSERT_NE(f, nullptr);
    EXPECT_NE(f->at("message").get<std::string>().find("(CRL expired)"), std::string::npos) << f->at("message");
    EXPECT_EQ(severity_for(j, "revocation.unknown", "browser"), "info");
  }
  {  // a CRL signed by another key
    auto j = json(check(write("forged.pem", {leaf({server.url("/forged.crl")}), pki().ca}), kPrivate));
    EXPECT_EQ(j["verdicts"]["lync-desktop"], "fail");
    const auto* f = finding(j, "revocation.unknown", "lync-desktop");
    ASSERT_NE(f, nullptr);
    EXPECT_NE(f->at("message").get<std::string>().find("CRL signature invalid"), std::string::npos)
        << f->at("message");
  }
  {  // 50 MB: refused from its announced length, at once
    const auto t0 = Clock::now();
    auto j = json(check(write("big.pem", {leaf({server.url("/big.crl")}), pki().ca}), kPrivate));
    EXPECT_LT(Clock::now() - t0, std::chrono::seconds(3));
    EXPECT_EQ(j["verdicts"]["lync-desktop"], "fail");
    const auto* f = finding(j, "revocation.unknown", "lync-desktop");
    ASSERT_NE(f, nullptr);
    EXPECT_NE(f->at("message").get<std::string>().find("the response announces 52428800 bytes, more than the "
                                                       "20971520 accepted"),
              std::string::npos)
        << f->at("message");
  }
  {  // a URL that never answers ends at the deadline (--timeout 1)
    const auto t0 = Clock::now();
    auto r = check(write("silent.pem", {leaf({server.url("/silent.crl")}), pki().ca}), kPrivate, "1");
    EXPECT_LT(Clock::now() - t0, std::chrono::seconds(4));
    auto j = json(r);
    const auto* f = finding(j, "revocation.unknown", "lync-desktop");
    ASSERT_NE(f, nullptr) << r.out;
    EXPECT_NE(f->at("message").get<std::string>().find("no complete answer within 1 s"), std::string::npos)
        << f->at("message");
  }
  {  // over 1 MiB: more than Lync Phone Edition is taken to handle (a current CRL, padded as a
     // CA with many revocations would make it large)
    HttpTestServer big({{"/large.crl", HttpReply::ok(text(*lab::mint_crl(current(), pki().ca)) +
                                                     std::string(1100 * 1024, '\0'))}});
    auto r = check(write("large.pem", {leaf({big.url("/large.crl")}), pki().ca}),
                   {"--allow-private-fetch", "--profile", "phone-edition"});
    auto j = json(r);
    const auto* f = finding(j, "revocation.crl-too-large", "phone-edition");
    ASSERT_NE(f, nullptr) << r.out;
    EXPECT_NE(f->at("message").get<std::string>().find("more than the 1024 KiB this client is taken to handle (a "
                                                       "conservative reading"),
              std::string::npos)
        << f->at("message");
    EXPECT_EQ(finding(j, "revocation.crl-too-large", "lync-desktop"), nullptr);
  }
  {  // without --allow-private-fetch nothing on 127.0.0.1 is fetched: unverified, never a failure
    auto before = server.count("/expired.crl");
    auto j = json(check(write("expired2.pem", {leaf({server.url("/expired.crl")}), pki().ca})));
    EXPECT_EQ(server.count("/expired.crl"), before);
    EXPECT_EQ(j["verdicts"]["lync-desktop"], "pass");
    EXPECT_EQ(j["fetches"][0]["outcome"], "not-fetched");
  }
}

TEST_F(Revocation, AdministratorsCrlFileOffline) {
  auto l = leaf({"http://crl.contoso.com/ca.crl"}, {}, {}, 74);
  lab::CrlSpec revoked = current();
  revoked.revoked.push_back({l, lab::now() - lab::kDay, std::nullopt});
  const auto crl = (dir_ / "ca.crl").string();
  ASSERT_TRUE(lab::write_file_atomic(crl, *lab::mint_crl(revoked, pki().ca)).ok());
  auto r = check(write("leaf.pem", {l, pki().ca}), {"--offline", "--crl", crl});
  EXPECT_EQ(r.exit, 2) << r.out << r.err;
  auto j = json(r);
  EXPECT_EQ(j["fetch_mode"], "offline");
  EXPECT_EQ(j["verdicts"]["lync-desktop"], "fail");
  EXPECT_NE(finding(j, "revocation.revoked", "lync-desktop"), nullptr) << r.out;

  auto bad = check(write("leaf2.pem", {l, pki().ca}), {"--offline", "--crl", root_});
  EXPECT_EQ(bad.exit, 3);
  EXPECT_EQ(bad.err.rfind("uccert: check: --crl " + root_ + ": not a DER X.509 CRL", 0), 0U) << bad.err;
}

TEST_F(Revocation, OcspResponderGoodAndRevoked) {
  const std::uint16_t port = free_port();
  const std::string url = "http://127.0.0.1:" + std::to_string(port);
  auto good = leaf({}, {url}, {}, 75);
  auto revoked = leaf({}, {url}, {}, 76);
  const auto ca_pem = (dir_ / "ca.pem").string();
  const auto ca_key = (dir_ / "ca.key").string();
  ASSERT_TRUE(lab::write_pem_chain(ca_pem, {pki().ca}).ok());
  ASSERT_TRUE(lab::write_private_key(ca_key, pki().ca.key).ok());
  std::ofstream index(dir_ / "index.txt");
  // Subjects in the index must differ (openssl keeps unique_subject by default).
  index << "V\t491231235959Z\t\t" << index_serial(*good.cert) << "\tunknown\t/CN=good\n";
  index << "R\t491231235959Z\t260101000000Z,keyCompromise\t" << index_serial(*revoked.cert)
        << "\tunknown\t/CN=revoked\n";
  index.close();
  Daemon ocsp;
  ASSERT_TRUE(ocsp.start({"/usr/bin/openssl", "ocsp", "-index", (dir_ / "index.txt").string(), "-port",
                          std::to_string(port), "-rsigner", ca_pem, "-rkey", ca_key, "-CA", ca_pem, "-nmin", "60",
                          "-ignore_err"},
                         dir_ / "ocsp.log"));
  // Not port_open(): the responder serves one connection at a time and would wait on that one.
  ASSERT_TRUE(ocsp.wait_until([&] { return ocsp.log().find("waiting for OCSP client") != std::string::npos; }))
      << ocsp.log();

  auto g = json(check(write("good.pem", {good, pki().ca}), kPrivate));
  EXPECT_EQ(g["profiles"][0]["path"]["revocation"][0]["status"], "good") << g.dump(1);
  EXPECT_EQ(g["profiles"][0]["path"]["revocation"][0]["source"], "OCSP");

  auto r = json(check(write("revoked.pem", {revoked, pki().ca}), kPrivate));
  EXPECT_EQ(r["verdicts"]["lync-desktop"], "fail");
  EXPECT_EQ(r["verdicts"]["browser"], "fail");
  const auto* f = finding(r, "revocation.revoked", "lync-desktop");
  ASSERT_NE(f, nullptr) << r.dump(1);
  EXPECT_NE(f->at("message").get<std::string>().find("was revoked on 2026-01-01T00:00:00Z (reason: keyCompromise), "
                                                     "according to its issuer's OCSP responder"),
            std::string::npos)
      << f->at("message");
}

TEST_F(Revocation, AiaCompletesTheChainForWindowsOnly) {
  HttpTestServer server({{"/issuing.crt", HttpReply::ok(text(pki().ca.der), "application/pkix-cert")}});
  {
    auto file = write("leaf-only.pem", {leaf({}, {}, {server.url("/issuing.crt")})});
    auto r = check(file, kPrivate);
    auto j = json(r);
    EXPECT_EQ(j["verdicts"]["lync-desktop"], "warn") << r.out;
    EXPECT_EQ(j["verdicts"]["mobile-ios"], "fail");
    const auto* f = finding(j, "chain.incomplete", "lync-desktop");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(severity_for(j, "chain.incomplete", "lync-desktop"), "warn");
    EXPECT_EQ(severity_for(j, "chain.incomplete", "mobile-ios"), "fail");
    EXPECT_NE(f->at("message").get<std::string>().find("from " + server.url("/issuing.crt") + " (fetched)"),
              std::string::npos)
        << r.out;
  }
  {  // a dead AIA URL: no client completes the chain
    auto j = json(check(write("dead-aia.pem", {leaf({}, {}, {server.url("/gone.crt")})}), kPrivate));
    EXPECT_EQ(j["verdicts"]["lync-desktop"], "fail");
    const auto* f = finding(j, "chain.incomplete", "lync-desktop");
    ASSERT_NE(f, nullptr);
    EXPECT_NE(f->at("message").get<std::string>().find("cannot fetch it: " + server.url("/gone.crt") +
                                                       ": the server answered HTTP/1.1 404 X"),
              std::string::npos)
        << f->at("message");
  }
  {  // --offline: not fetched, unverified
    auto j = json(check(write("offline.pem", {leaf({}, {}, {server.url("/issuing.crt")}, 77)}),
                        {"--offline", "--no-cache"}));
    EXPECT_EQ(j["verdicts"]["lync-desktop"], "warn");
    const auto* f = finding(j, "chain.incomplete", "lync-desktop");
    ASSERT_NE(f, nullptr);
    EXPECT_NE(f->at("message").get<std::string>().find("(not fetched: unverified)"), std::string::npos);
  }
  EXPECT_EQ(server.count("/issuing.crt"), 1U);
}

TEST_F(Revocation, CdpHostsClientsCannotReach) {
  Daemon dns;
  const auto port = start_dnsmasq(dns, dir_, {"contoso.com"}, {});
  ASSERT_NE(port, 0) << dns.log();
  HttpTestServer server({{"/ca.crl", HttpReply::redirect("https://127.0.0.1:1/ca.crl")}});
  auto l = leaf({"ldap:///CN=Revocation%20Lab%20Issuing%20CA,CN=CDP", "http://crl.contoso.com/ca.crl",
                 server.url("/ca.crl")});
  auto r = check(write("cdps.pem", {l, pki().ca}),
                 {"--allow-private-fetch", "--dns-server", "127.0.0.1:" + std::to_string(port)});
  auto j = json(r);
  const auto* unresolvable = finding(j, "revocation.cdp-unresolvable", "lync-desktop");
  ASSERT_NE(unresolvable, nullptr) << r.out;
  EXPECT_NE(unresolvable->at("message").get<std::string>().find("http://crl.contoso.com/ca.crl"), std::string::npos);
  EXPECT_EQ(severity_for(j, "revocation.cdp-unresolvable", "lync-desktop"), "warn");
  const auto* https = finding(j, "revocation.cdp-redirects-to-https", "lync-desktop");
  ASSERT_NE(https, nullptr) << r.out;
  EXPECT_EQ(j["verdicts"]["lync-desktop"], "fail");  // no CDP answered

  auto ldap_only = leaf({"ldap:///CN=Revocation%20Lab%20Issuing%20CA,CN=CDP"}, {}, {}, 78);
  auto lj = json(check(write("ldap.pem", {ldap_only, pki().ca}), kPrivate));
  const auto* f = finding(lj, "revocation.cdp-ldap-only", "lync-desktop");
  ASSERT_NE(f, nullptr) << lj.dump(1);
  EXPECT_NE(f->at("message").get<std::string>().find("LDAP only"), std::string::npos);
}

// A live endpoint asked for OCSP stapling: a good staple decides the leaf's status; one about
// another certificate is reported; a must-staple leaf without a staple is reported.
TEST_F(Revocation, StapledOcspResponses) {
  auto l = leaf({}, {}, {}, 85);
  auto other = leaf({}, {}, {}, 86);
  auto endpoint = [&](const lab::Minted& served, const pki::Bytes& staple) {
    ServerConfig c;
    c.default_chain = ServedChain{{served, pki().ca}};
    c.ocsp_staple = staple;
    return c;
  };
  auto probe = [&](std::uint16_t port) {
    return check("sip.contoso.com:5061",
                 {"--connect-to", "sip.contoso.com:5061:127.0.0.1:" + std::to_string(port), "--proto", "tls"});
  };
  {
    TestServer s(endpoint(l, *lab::mint_ocsp_response({}, l, pki().ca)));
    auto r = probe(s.port());
    auto j = json(r);
    EXPECT_EQ(j["endpoint"]["ocsp_stapled"], true) << r.out << r.err;
    EXPECT_EQ(j["profiles"][0]["path"]["revocation"][0]["status"], "good") << r.out;
    EXPECT_EQ(j["profiles"][0]["path"]["revocation"][0]["source"], "OCSP");
    EXPECT_EQ(finding(j, "revocation.staple", "lync-desktop"), nullptr);
  }
  {
    TestServer s(endpoint(l, *lab::mint_ocsp_response({}, other, pki().ca)));
    auto j = json(probe(s.port()));
    const auto* f = finding(j, "revocation.staple", "browser");
    ASSERT_NE(f, nullptr) << j.dump(1);
    EXPECT_NE(f->at("message").get<std::string>().find("is not valid: it is not about this certificate"),
              std::string::npos)
        << f->at("message");
  }
  {
    auto spec = lab::server_spec("sip.contoso.com", {"sip.contoso.com"});
    spec.extra_extensions.push_back({"1.3.6.1.5.5.7.1.24", false, {0x30, 0x03, 0x02, 0x01, 0x05}});
    auto must = lab::mint(spec, lab::KeyPair::cached(lab::KeySpec::ec(), 87), &pki().ca);
    TestServer s(endpoint(must, {}));
    auto j = json(probe(s.port()));
    const auto* f = finding(j, "revocation.staple", "browser");
    ASSERT_NE(f, nullptr) << j.dump(1);
    EXPECT_NE(f->at("message").get<std::string>().find("\"must-staple\"), but sip.contoso.com:5061 sent none"),
              std::string::npos)
        << f->at("message");
  }
}

}  // namespace
}  // namespace uccert::testing
