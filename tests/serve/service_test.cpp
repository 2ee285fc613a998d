// The page's logic without a socket (serve/service.h): who may ask, what a state-changing request
// must carry, the checks (pasted, uploaded, probed) and the reports kept for the page.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "fixtures/rules_fixtures.h"
#include "uccert/lab/mint.h"
#include "uccert/serve/service.h"

namespace uccert::serve {
namespace {

namespace fs = std::filesystem;
using testing::kAt;

constexpr const char* kAtText = "2026-06-01T00:00:00Z";

class ServeService : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("uccert-serve-" + std::to_string(::getpid())));
    fs::create_directories(*dir_);
    ca_ = new testing::Ca(testing::make_ca("Public Trust", 2));
    leaf_ = new lab::Minted(testing::issue(*ca_, testing::server("sip.contoso.com", {"sip.contoso.com"})));
    ASSERT_TRUE(lab::write_pem_chain(*dir_ / "root.pem", {ca_->root}).ok());
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(*dir_, ec);
    delete dir_;
    delete leaf_;
    delete ca_;
  }

  static ServiceOptions options(std::string token = "") {
    ServiceOptions o;
    o.listen_host = "127.0.0.1";
    o.port = 8443;
    o.token = std::move(token);
    o.trust.public_roots = (*dir_ / "root.pem").string();
    o.at = kAtText;
    o.resolve = [](const std::string& host) -> Result<std::vector<std::string>> {
      if (host == "intranet.contoso.com") return std::vector<std::string>{"10.1.2.3"};
      if (host == "lab.contoso.com") return std::vector<std::string>{"127.0.0.1"};
      return Error{host + ": cannot be resolved"};
    };
    return o;
  }
  static HttpRequest get(const std::string& path) {
    HttpRequest r;
    r.method = "GET";
    r.path = path;
    r.headers["host"] = "127.0.0.1:8443";
    return r;
  }
  static HttpRequest post(const Service& s, std::map<std::string, std::string> fields) {
    HttpRequest r = get("/api/check");
    r.method = "POST";
    r.headers["x-uccert-csrf"] = s.csrf_token();
    r.headers["origin"] = "http://127.0.0.1:8443";
    r.fields = std::move(fields);
    return r;
  }
  static std::string header(const HttpResponse& r, const std::string& name) {
    for (const auto& [k, v] : r.headers)
      if (k == name) return v;
    return "";
  }

  static fs::path* dir_;
  static testing::Ca* ca_;
  static lab::Minted* leaf_;
};
fs::path* ServeService::dir_ = nullptr;
testing::Ca* ServeService::ca_ = nullptr;
lab::Minted* ServeService::leaf_ = nullptr;

TEST_F(ServeService, PageCarriesItsCsrfTokenAndAStrictPolicy) {
  Service s(options());
  auto r = s.handle(get("/"));
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<meta name=\"uccert-csrf\" content=\"" + s.csrf_token() + "\">"), std::string::npos);
  EXPECT_NE(r.body.find("value=\"phone-edition-legacy\""), std::string::npos);
  EXPECT_EQ(r.body.find("{{"), std::string::npos);
  const std::string csp = header(r, "Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
  EXPECT_EQ(header(r, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(s.handle(get("/static/page.js")).status, 200);
  EXPECT_EQ(s.handle(get("/nothing")).status, 404);
}

TEST_F(ServeService, OnLoopbackOnlyItsOwnHostNamesAreAnswered) {
  Service s(options());
  auto rebinding = get("/");
  rebinding.headers["host"] = "attacker.example:8443";
  EXPECT_EQ(s.handle(rebinding).status, 403);
  auto localhost = get("/");
  localhost.headers["host"] = "localhost:8443";
  EXPECT_EQ(s.handle(localhost).status, 200);
}

TEST_F(ServeService, StateChangingRequestsNeedTheCsrfTokenAndTheSameOrigin) {
  Service s(options());
  const std::string pem = lab::pem_chain({*leaf_, ca_->intermediate});
  auto no_token = post(s, {{"mode", "paste"}, {"pem", pem}, {"name", "sip.contoso.com"}});
  no_token.headers.erase("x-uccert-csrf");
  EXPECT_EQ(s.handle(no_token).status, 403);
  auto wrong = post(s, {{"mode", "paste"}, {"pem", pem}, {"name", "sip.contoso.com"}});
  wrong.headers["x-uccert-csrf"] = std::string(s.csrf_token().size(), '0');
  EXPECT_EQ(s.handle(wrong).status, 403);
  auto cross = post(s, {{"mode", "paste"}, {"pem", pem}, {"name", "sip.contoso.com"}});
  cross.headers["origin"] = "http://attacker.example";
  EXPECT_EQ(s.handle(cross).status, 403);
  auto as_get = post(s, {});
  as_get.method = "GET";
  EXPECT_EQ(s.handle(as_get).status, 405);
}

TEST_F(ServeService, PastedChainIsJudgedAndItsReportsCanBeFetched) {
  Service s(options());
  auto r = s.handle(post(s, {{"mode", "paste"},
                             {"pem", lab::pem_chain({*leaf_})},
                             {"name", "sip.contoso.com"},
                             {"clients", "mobile-ios,lync-desktop"}}));
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j.at("verdicts").at("mobile-ios"), "fail") << r.body;  // sent without its intermediate
  EXPECT_EQ(j.at("verdicts").size(), 2U);
  EXPECT_EQ(j.at("target"), "pasted PEM");
  const std::string id = j.at("id");
  auto view = s.handle(get("/r/" + id + "/view"));
  ASSERT_EQ(view.status, 200);
  EXPECT_NE(view.body.find("data-verdict=\"fail\""), std::string::npos);
  EXPECT_EQ(header(view, "Content-Security-Policy"), Service::report_csp());
  EXPECT_NE(Service::report_csp().find("script-src 'sha256-"), std::string::npos);
  auto json = s.handle(get("/r/" + id + "/report.json"));
  EXPECT_EQ(json.status, 200);
  EXPECT_EQ(nlohmann::json::parse(json.body).at("command"), "check");
  EXPECT_EQ(header(json, "Content-Disposition"), "attachment; filename=\"uccert-report.json\"");
  EXPECT_EQ(s.handle(get("/r/" + std::string(id.size(), 'a') + "/view")).status, 404);
}

TEST_F(ServeService, UploadedPfxOpensWithItsPasswordWhichNoAnswerRepeats) {
  lab::Pkcs12Options o;
  o.password = "Upl0ad-s3cret";
  auto pfx = lab::encode_pkcs12({*leaf_, ca_->intermediate}, o);
  ASSERT_TRUE(pfx.ok());
  Service s(options());
  auto upload = post(s, {{"mode", "upload"}, {"password", "Upl0ad-s3cret"}, {"name", "sip.contoso.com"}});
  upload.files["file"] = Upload{"edge.pfx", std::string(pfx->begin(), pfx->end())};
  auto r = s.handle(upload);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(nlohmann::json::parse(r.body).at("target"), "edge.pfx");
  upload.fields["password"] = "wrong-password";
  auto bad = s.handle(upload);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body.find("wrong-password"), std::string::npos) << bad.body;
  EXPECT_NE(nlohmann::json::parse(bad.body).at("error").get<std::string>().find("edge.pfx"), std::string::npos);
}

TEST_F(ServeService, ProbesOnlyAllowedTargetsJudgedAfterResolution) {
  Service s(options());
  auto off = s.handle(post(s, {{"mode", "endpoint"}, {"host", "192.0.2.10"}, {"port", "5061"}}));
  EXPECT_EQ(off.status, 403);
  EXPECT_NE(off.body.find("refused"), std::string::npos) << off.body;
  auto named = s.handle(post(s, {{"mode", "endpoint"}, {"host", "intranet.contoso.com"}, {"port", "443"}}));
  EXPECT_EQ(named.status, 403);
  EXPECT_NE(named.body.find("resolves to 10.1.2.3"), std::string::npos) << named.body;

  auto allowed = options();
  allowed.allow = *parse_allow("10.0.0.0/8");
  Service s2(allowed);
  TargetPolicy policy(allowed.allow, allowed.resolve);
  EXPECT_EQ(*policy.address_for("intranet.contoso.com"), "10.1.2.3");
  EXPECT_EQ(*policy.address_for("lab.contoso.com"), "127.0.0.1");
  EXPECT_FALSE(policy.address_for("192.0.2.10").ok());
}

TEST_F(ServeService, OffLoopbackEveryRequestNeedsTheToken) {
  const std::string token = "0123456789abcdef0123456789abcdef";
  Service s(options(token));
  auto bare = get("/");
  bare.headers["host"] = "uc-tools.contoso.com:8443";
  EXPECT_EQ(s.handle(bare).status, 401);
  auto wrong = bare;
  wrong.headers["authorization"] = "Bearer 0123456789abcdef0123456789abcdeX";
  EXPECT_EQ(s.handle(wrong).status, 401);
  auto bearer = bare;
  bearer.headers["authorization"] = "Bearer " + token;
  EXPECT_EQ(s.handle(bearer).status, 200);
  auto link = bare;
  link.query["token"] = token;
  auto redirect = s.handle(link);
  EXPECT_EQ(redirect.status, 303);
  EXPECT_EQ(header(redirect, "Set-Cookie"), "uccert_token=" + token + "; HttpOnly; SameSite=Strict; Path=/");
  auto cookie = bare;
  cookie.headers["cookie"] = "other=1; uccert_token=" + token;
  EXPECT_EQ(s.handle(cookie).status, 200);
  auto api = post(s, {{"mode", "paste"}});
  api.headers["host"] = "uc-tools.contoso.com:8443";
  EXPECT_EQ(s.handle(api).status, 401);
}

TEST(TargetPolicyRanges, CidrAndLoopback) {
  auto r = parse_allow("192.168.10.0/24");
  ASSERT_TRUE(r.ok());
  TargetPolicy p(*r);
  EXPECT_TRUE(p.allows(*parse_address("192.168.10.200")));
  EXPECT_FALSE(p.allows(*parse_address("192.168.11.1")));
  EXPECT_TRUE(p.allows(*parse_address("127.0.0.5")));
  EXPECT_TRUE(p.allows(*parse_address("::1")));
  EXPECT_FALSE(p.allows(*parse_address("::ffff:10.0.0.1")));
  auto v6 = parse_allow("2001:db8::/32");
  ASSERT_TRUE(v6.ok());
  EXPECT_TRUE(TargetPolicy(*v6).allows(*parse_address("2001:db8:1::5")));
  EXPECT_FALSE(parse_allow("10.0.0.0/33").ok());
  EXPECT_FALSE(parse_allow("").ok());
  EXPECT_EQ(address_text(*parse_address("10.1.2.3")), "10.1.2.3");
}

}  // namespace
}  // namespace uccert::serve
