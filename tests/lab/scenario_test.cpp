// Lab scenarios as data: the built-in ones parse and hang together; every mistake in a scenario
// file is one line naming the file, the line and the key; the lab's protocol answers.
#include "uccert/lab/scenario.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "uccert/lab/answers.h"
#include "uccert/lab/scenario_mint.h"
#include "uccert/lab/session.h"

namespace uccert::lab {
namespace {

// A small valid scenario; tests break one thing at a time.
// It is 19 lines long: what `extra` adds starts on line 20.
std::string base_scenario(const std::string& extra = "") {
  return R"(name = "t"
sip_domains = ["contoso.com"]

[[ca]]
id = "root"
cn = "Root"

[[certificate]]
id = "leaf"
issuer = "root"
cn = "sip.contoso.com"
san = ["sip.contoso.com"]

[[endpoint]]
id = "fe"
host = "sip.contoso.com"
port = 5061
protocol = "sip"
certificate = "leaf"
)" + extra;
}

std::string error_of(const std::string& text) {
  auto s = parse_scenario(text, "lab.toml");
  EXPECT_FALSE(s) << "parsed although broken:\n" << text;
  return s ? std::string() : s.error().message;
}

TEST(Scenario, BuiltInScenariosParseAndEveryCheckNamesItsEndpoint) {
  ASSERT_GE(builtin_scenarios().size(), 2U);
  std::set<std::string> names;
  for (const auto& [name, text] : builtin_scenarios()) {
    auto s = parse_scenario(text, name);
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->name, name);
    names.insert(s->name);
    EXPECT_FALSE(s->checks.empty()) << name;
    for (const auto& c : s->checks) EXPECT_NE(s->find_endpoint(c.endpoint), nullptr) << c.id;
  }
  EXPECT_TRUE(names.count("healthy") != 0 && names.count("field-mistakes") != 0);
}

TEST(Scenario, FieldMistakesCoversTheSeedScenariosTheIssueNames) {
  auto s = load_scenario("field-mistakes");
  ASSERT_TRUE(s) << s.error().message;
  std::set<std::string> stories;
  for (const auto& c : s->checks) stories.insert(c.story.substr(0, c.story.find(':')));
  for (const char* id : {"S-01", "S-05", "S-06", "S-07", "S-08", "S-09", "S-10", "S-12", "S-13", "S-14"})
    EXPECT_TRUE(stories.count(id) != 0) << id;
}

TEST(Scenario, HealthyExpectsNoFailure) {
  auto s = load_scenario("healthy");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_GE(s->sip_domains.size(), 2U);
  for (const auto& c : s->checks)
    for (const auto& [profile, verdict] : c.expect) EXPECT_NE(verdict, "fail") << c.id << " " << profile;
}

TEST(Scenario, UnknownNameListsTheBuiltInOnes) {
  auto s = load_scenario("heathly");
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("healthy"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("field-mistakes"), std::string::npos);
}

TEST(Scenario, MissingFileIsOneLineNamingIt) {
  auto s = load_scenario("/nonexistent/lab.toml");
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("/nonexistent/lab.toml"), std::string::npos) << s.error().message;
  EXPECT_EQ(s.error().message.find('\n'), std::string::npos);
}

struct BrokenCase {
  const char* what;
  std::string text;
  const char* expected;  // a piece of the message, after "lab.toml:LINE: "
  int line;
};

TEST(Scenario, EveryMistakeIsOneLineWithFileLineAndKey) {
  const std::vector<BrokenCase> cases = {
      {"malformed TOML", "name = \"t\"\n[[ca]\n", "lab.toml:2:", 2},
      {"a control character the parser quotes", "name = \"t\"\ndescription = \"a\nb\x1b[2J\"\n", "lab.toml:2:", 2},
      {"unknown key", base_scenario("colour = \"blue\"\n"), "[[endpoint]] #1: colour: unknown key", 20},
      {"wrong type", base_scenario("send_intermediates = \"yes\"\n"), "send_intermediates: must be true or false", 20},
      {"port out of range",
       base_scenario("[[endpoint]]\nid = \"x\"\nhost = \"a.contoso.com\"\nport = 70000\n"
                     "protocol = \"tls\"\ncertificate = \"leaf\"\n"),
       "port: 70000 is out of range", 23},
      {"unknown protocol",
       base_scenario("[[endpoint]]\nid = \"x\"\nhost = \"a.contoso.com\"\nport = 1\n"
                     "protocol = \"ftp\"\ncertificate = \"leaf\"\n"),
       "protocol: \"ftp\": want sip, https, smtp or tls", 24},
      {"duplicate id", base_scenario("[[certificate]]\nid = \"leaf\"\nissuer = \"root\"\ncn = \"x\"\n"),
       "[[certificate]] id \"leaf\" is used twice", 20},
      {"missing certificate",
       base_scenario("[[endpoint]]\nid = \"x\"\nhost = \"a.contoso.com\"\nport = 1\n"
                     "protocol = \"tls\"\ncertificate = \"nope\"\n"),
       "certificate \"nope\" is not a [[certificate]]", 20},
      {"same host and port twice",
       base_scenario("[[endpoint]]\nid = \"x\"\nhost = \"sip.contoso.com\"\nport = 5061\n"
                     "protocol = \"tls\"\ncertificate = \"leaf\"\n"),
       "sip.contoso.com:5061 is served by another endpoint", 20},
      {"srv to nowhere", base_scenario("[[srv]]\nname = \"_sip._tls.contoso.com\"\nendpoint = \"edge\"\n"),
       "endpoint \"edge\" is not an [[endpoint]]", 20},
      {"check without expectations", base_scenario("[[check]]\nid = \"c\"\nstory = \"s\"\nendpoint = \"fe\"\n"),
       "expect: required", 20},
      {"bad verdict",
       base_scenario("[[check]]\nid = \"c\"\nstory = \"s\"\nendpoint = \"fe\"\nexpect = { browser = \"ok\" }\n"),
       "expect.browser: want", 24},
      {"placeholder to nothing",
       base_scenario(
           "[[check]]\nid = \"c\"\nstory = \"s\"\nendpoint = \"fe\"\noptions = [\"--enterprise-root\", \"{ca:x}\"]\n"
           "expect = { browser = \"pass\" }\n"),
       "names no such [[ca]]", 20},
      {"issuer after what it issues",
       "name = \"t\"\n[[ca]]\nid = \"a\"\nissuer = \"b\"\ncn = \"A\"\n[[ca]]\nid = \"b\"\ncn = \"B\"\n"
       "[[certificate]]\nid = \"l\"\nissuer = \"a\"\ncn = \"l\"\n[[endpoint]]\nid = \"e\"\nhost = \"h.x\"\n"
       "port = 1\nprotocol = \"tls\"\ncertificate = \"l\"\n",
       "issuer \"b\" is not a [[ca]] declared before it", 2},
      {"no endpoint", "name = \"t\"\n", "a scenario needs at least one [[endpoint]]", 1},
      {"keys nested past any use", "name = \"t\"\n" + std::string(100, 'a') + std::string(5000, '.') + "x = 1\n",
       "more than 64 dotted parts", 2},
      {"bad key spelling",
       base_scenario("[[certificate]]\nid = \"k\"\nissuer = \"root\"\ncn = \"x\"\nkey = \"rsa2048\"\n"),
       "key: \"rsa2048\": want rsa-BITS", 24},
  };
  for (const auto& c : cases) {
    const std::string message = error_of(c.text);
    EXPECT_EQ(message.rfind("lab.toml:" + std::to_string(c.line) + ":", 0), 0U) << c.what << ": " << message;
    EXPECT_NE(message.find(c.expected), std::string::npos) << c.what << ": " << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << c.what;
  }
}

ScenarioEndpoint sip_endpoint(std::vector<std::string> peers) {
  ScenarioEndpoint e;
  e.id = "fe";
  e.host = "pool01.contoso.com";
  e.protocol = EndpointProtocol::kSip;
  e.accepted_peers = std::move(peers);
  return e;
}

const char* const kOptions =
    "OPTIONS sip:pool01.contoso.com SIP/2.0\r\nVia: SIP/2.0/TLS 127.0.0.1:5061;branch=z9hG4bK1\r\n"
    "From: <sip:uccert@contoso.com>;tag=1\r\nTo: <sip:pool01.contoso.com>\r\nCall-ID: abc\r\nCSeq: 1 OPTIONS\r\n"
    "Content-Length: 0\r\n\r\n";

TEST(LabAnswers, SipOptionsAnswered200WithTheDialogHeadersEchoed) {
  const std::string r = sip_answer(kOptions, sip_endpoint({}), std::nullopt);
  EXPECT_EQ(r.rfind("SIP/2.0 200 OK\r\n", 0), 0U) << r;
  EXPECT_NE(r.find("Via: SIP/2.0/TLS 127.0.0.1:5061;branch=z9hG4bK1\r\n"), std::string::npos) << r;
  EXPECT_NE(r.find("Call-ID: abc\r\n"), std::string::npos);
  EXPECT_NE(r.find("CSeq: 1 OPTIONS\r\n"), std::string::npos);
  EXPECT_NE(r.find("To: <sip:pool01.contoso.com>;tag="), std::string::npos) << r;
  EXPECT_EQ(r.substr(r.size() - 4), "\r\n\r\n");
}

TEST(LabAnswers, PeerWhoseCnIsNotConfiguredGets504CertCnNoMatch) {
  const auto e = sip_endpoint({"exch01.contoso.com"});
  const std::string refused = sip_answer(kOptions, e, std::string("*.contoso.com"));
  EXPECT_EQ(refused.rfind("SIP/2.0 504 Server time-out\r\n", 0), 0U) << refused;
  EXPECT_NE(
      refused.find("ms-diagnostics: 1010;reason=\"Certificate trust with another server could not be established\""),
      std::string::npos)
      << refused;
  EXPECT_NE(refused.find("0x800B010F(CERT_E_CN_NO_MATCH)"), std::string::npos);
  EXPECT_NE(refused.find("msexchPeerServer=\"*.contoso.com\""), std::string::npos);
  // By CN only, case-insensitively, as Lync names a peer.
  EXPECT_EQ(sip_answer(kOptions, e, std::string("EXCH01.contoso.com")).rfind("SIP/2.0 200 OK", 0), 0U);
  EXPECT_EQ(sip_answer(kOptions, e, std::nullopt).rfind("SIP/2.0 504", 0), 0U);
}

TEST(LabAnswers, AutodiscoverDocumentLinksTheWebServices) {
  ScenarioEndpoint e;
  e.host = "lyncdiscover.contoso.com";
  e.protocol = EndpointProtocol::kHttps;
  e.http = HttpRole::kAutodiscover;
  e.web_services = "webext.contoso.com";
  const std::string r = https_answer("GET / HTTP/1.1", e);
  EXPECT_EQ(r.rfind("HTTP/1.1 200 OK\r\n", 0), 0U) << r;
  EXPECT_NE(r.find("https://webext.contoso.com/Autodiscover/AutodiscoverService.svc/root/oauth/user"),
            std::string::npos)
      << r;
  const auto body = r.substr(r.find("\r\n\r\n") + 4);
  EXPECT_NE(r.find("Content-Length: " + std::to_string(body.size()) + "\r\n"), std::string::npos);

  e.http = HttpRole::kRedirect;
  e.redirect_to = "https://webext.contoso.com/x";
  EXPECT_NE(https_answer("GET / HTTP/1.1", e).find("Location: https://webext.contoso.com/x\r\n"), std::string::npos);
  EXPECT_EQ(https_answer("POST / HTTP/1.1", e).rfind("HTTP/1.1 405", 0), 0U);
}

TEST(LabAnswers, RequestPathAndFiles) {
  EXPECT_EQ(request_path("GET /contoso-root.crl HTTP/1.1"), "/contoso-root.crl");
  EXPECT_EQ(request_path("garbage"), "");
  EXPECT_EQ(http_file_answer(std::nullopt, "x").rfind("HTTP/1.1 404", 0), 0U);
  EXPECT_NE(http_file_answer(std::string("abc"), "application/pkix-crl").find("Content-Length: 3\r\n"),
            std::string::npos);
}

TEST(LabMint, ScenarioMintsChainsKeysAndLiveUrls) {
  auto s = load_scenario("field-mistakes");
  ASSERT_TRUE(s) << s.error().message;
  const auto dir = std::filesystem::temp_directory_path() / ("uccert-lab-mint-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto m = mint_scenario(*s, dir, now(), 8123, LabKeys::kCached);
  ASSERT_TRUE(m) << m.error().message;
  // The reverse proxy's chain: leaf and intermediate, never the root.
  const auto chain = m->chain("reverse-proxy");
  ASSERT_EQ(chain.size(), 2U);
  EXPECT_EQ(chain[1].cert->subject_common_names, std::vector<std::string>{"Example Public TLS CA"});
  EXPECT_EQ(chain[0].cert->crl_distribution_points, std::vector<std::string>{"http://127.0.0.1:8123/public-tls.crl"});
  const auto perms = std::filesystem::status(m->key_file("reverse-proxy")).permissions();
  EXPECT_EQ(perms & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  EXPECT_TRUE(std::filesystem::exists(dir / "http" / "public-tls.crl"));
  EXPECT_TRUE(std::filesystem::exists(m->ca_file("contoso-root")));
  // Valid from tomorrow, as the scenario says.
  EXPECT_GT(m->certs.at("director-not-yet-valid").cert->not_before, now());
  std::filesystem::remove_all(dir);
}

// An HTTPS check follows the autodiscover walk to the lab's other hosts: it carries every
// endpoint's --connect-to and the lab's DNS; any other check only its own endpoint's.
TEST(LabChecks, HttpsChecksCarryTheWholeLabSipChecksTheirOwnEndpoint) {
  auto s = load_scenario("field-mistakes");
  ASSERT_TRUE(s) << s.error().message;
  const auto dir = std::filesystem::temp_directory_path() / ("uccert-lab-checks-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto m = mint_scenario(*s, dir, now(), 8123, LabKeys::kCached);
  ASSERT_TRUE(m) << m.error().message;
  LabState state;
  state.dns_port = 5353;
  std::uint16_t port = 20000;
  for (const auto& e : s->endpoints) state.endpoints.push_back({e.id, e.host, e.port, ++port, e.protocol});
  auto count = [](const LabCheck& c, const std::string& flag) {
    return std::count(c.options.begin(), c.options.end(), flag);
  };
  bool saw_https = false;
  bool saw_sip = false;
  for (const auto& c : live_checks(*s, *m, state)) {
    const bool https = std::find(c.options.begin(), c.options.end(), "https") != c.options.end();
    if (https) {
      saw_https = true;
      EXPECT_EQ(count(c, "--connect-to"), static_cast<long>(state.endpoints.size())) << c.id;
      EXPECT_EQ(count(c, "--dns-server"), 1) << c.id;
      const auto webext2 = std::find_if(state.endpoints.begin(), state.endpoints.end(),
                                        [](const ServedEndpoint& e) { return e.id == "rp-webext2"; });
      ASSERT_NE(webext2, state.endpoints.end());
      const std::string mapped = "webext2.contoso.com:443:127.0.0.1:" + std::to_string(webext2->lab_port);
      EXPECT_NE(std::find(c.options.begin(), c.options.end(), mapped), c.options.end()) << c.id;
    } else {
      saw_sip = saw_sip || std::find(c.options.begin(), c.options.end(), "sip") != c.options.end();
      EXPECT_EQ(count(c, "--connect-to"), 1) << c.id;
      EXPECT_EQ(count(c, "--dns-server"), 0) << c.id;
    }
  }
  EXPECT_TRUE(saw_https);
  EXPECT_TRUE(saw_sip);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace uccert::lab
