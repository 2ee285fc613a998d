// The seed scenarios end to end: certificates minted into a temporary folder, then `uccert check`
// run in-process (cli::run with a string-stream Console) and as the real binary for exit codes.
// Times are fixed with --at so verdicts never depend on the clock.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "fixtures/document_checks.h"
#include "uccert/cli/app.h"
#include "uccert/cli/console.h"
#include "uccert/lab/mint.h"

namespace uccert::seed_test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr pki::UnixTime kAt = 1780272000;  // 2026-06-01T00:00:00Z
constexpr const char* kAtText = "2026-06-01T00:00:00Z";
constexpr pki::UnixTime kDay = 86400;

struct Ca {
  lab::Minted root;
  lab::Minted intermediate;
};

Ca make_ca(const std::string& name, int key_index) {
  auto rs = lab::root_ca_spec(name + " Root CA", name);
  rs.not_before = kAt - 3650 * kDay;
  rs.not_after = kAt + 3650 * kDay;
  auto root = lab::mint(rs, lab::KeyPair::cached(lab::KeySpec::rsa(2048), 200 + key_index * 2));
  auto is = lab::intermediate_ca_spec(name + " Issuing CA", name);
  is.not_before = kAt - 1000 * kDay;
  is.not_after = kAt + 2000 * kDay;
  is.crl_urls = {std::string(lab::kLabCrlUrl)};
  is.ca_issuers_urls = {std::string(lab::kLabAiaUrl)};
  auto inter = lab::mint(is, lab::KeyPair::cached(lab::KeySpec::rsa(2048), 201 + key_index * 2), &root);
  return Ca{std::move(root), std::move(inter)};
}

lab::CertSpec server(const std::string& cn, std::vector<std::string> dns) {
  auto s = lab::server_spec(cn, std::move(dns));
  s.not_before = kAt - 30 * kDay;
  s.not_after = kAt + 365 * kDay;
  s.crl_urls = {std::string(lab::kLabCrlUrl)};
  s.ca_issuers_urls = {std::string(lab::kLabAiaUrl)};
  return s;
}

struct Outcome {
  int exit = -1;
  std::string out;
  std::string err;
  json j() const { return json::parse(out); }
};

class SeedScenarios : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("uccert-seed-" + std::to_string(::getpid())));
    fs::create_directories(*dir_);
    ent_ = new Ca(make_ca("Contoso Enterprise", 0));
    pub_ = new Ca(make_ca("Public Trust", 1));
    write("ent-root.pem", {ent_->root});
    write("pub-root.pem", {pub_->root});
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(*dir_, ec);
    delete dir_;
    delete ent_;
    delete pub_;
  }

  static std::string path(const std::string& name) { return (*dir_ / name).string(); }
  static std::string write(const std::string& name, const std::vector<lab::Minted>& chain) {
    auto s = lab::write_pem_chain(*dir_ / name, chain);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    return path(name);
  }
  static lab::Minted issue(const Ca& ca, const lab::CertSpec& spec, int key = 0) {
    return lab::mint(spec, lab::KeyPair::cached(lab::KeySpec::rsa(2048), key), &ca.intermediate);
  }

  // The common options: fixed time, our own public store, the enterprise root for Windows.
  static std::vector<std::string> base(const std::string& target, const std::string& name) {
    return {"check", target, "--name", name, "--at", kAtText, "--public-roots", path("pub-root.pem"),
            "--enterprise-root", path("ent-root.pem"), "--format", "json"};
  }
  static std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
    args.insert(args.end(), more.begin(), more.end());
    return args;
  }

  static Outcome in_process(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    cli::Console console;
    console.out = &out;
    console.err = &err;
    console.getenv = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
    console.read_secret = [](const std::string&) -> std::optional<pki::Secret> { return std::nullopt; };
    Outcome r;
    r.exit = cli::run(args, console);
    r.out = out.str();
    r.err = err.str();
    return r;
  }

  // The real binary, for exit codes as a monitoring system sees them.
  static int run_binary(const std::vector<std::string>& args) {
    EXPECT_TRUE(fs::exists(UCCERT_EXE)) << UCCERT_EXE << " not built: ninja uccert";
    std::string cmd = std::string("'") + UCCERT_EXE + "'";
    for (const auto& a : args) cmd += " '" + a + "'";
    cmd += " >/dev/null 2>&1";
    int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  static const json* finding(const json& j, const std::string& id, const std::string& profile) {
    for (const auto& f : j.at("findings"))
      if (f.at("id") == id)
        for (const auto& p : f.at("profiles"))
          if (p == profile) return &f;
    return nullptr;
  }

  static fs::path* dir_;
  static Ca* ent_;
  static Ca* pub_;
};
fs::path* SeedScenarios::dir_ = nullptr;
Ca* SeedScenarios::ent_ = nullptr;
Ca* SeedScenarios::pub_ = nullptr;

// S-01 (seed:PE-WILD): the Front End certificate covers the SRV target sip.contoso.com only
// through *.contoso.com.
TEST_F(SeedScenarios, WildcardOnlyFrontEnd) {
  auto leaf = issue(*ent_, server("pool.fabrikam.com", {"pool.fabrikam.com", "*.contoso.com"}));
  auto file = write("fe-wildcard.pem", {leaf, ent_->intermediate});
  auto args = with(base(file, "sip.contoso.com"),
                   {"--profile", "lync-desktop", "--profile", "phone-edition-legacy", "--profile", "phone-edition"});
  auto r = in_process(args);
  ASSERT_EQ(r.err, "");
  auto j = r.j();
  EXPECT_EQ(j.at("verdicts").at("lync-desktop"), "pass") << r.out;
  EXPECT_EQ(j.at("verdicts").at("phone-edition-legacy"), "fail");
  EXPECT_EQ(j.at("verdicts").at("phone-edition"), "warn");  // C-09 / W-13: accepted, but warn
  EXPECT_EQ(r.exit, 2);
  const auto* f = finding(j, "name.wildcard-only", "phone-edition-legacy");
  ASSERT_NE(f, nullptr) << r.out;
  EXPECT_NE(f->at("fix").get<std::string>().find("Restart-Service RTCSRV"), std::string::npos);
  EXPECT_NE(f->at("source").get<std::string>().find("W-12"), std::string::npos);

  EXPECT_EQ(run_binary(with(base(file, "sip.contoso.com"), {"--profile", "lync-desktop"})), 0);
  EXPECT_EQ(run_binary(with(base(file, "sip.contoso.com"), {"--profile", "phone-edition"})), 1);
  EXPECT_EQ(run_binary(with(base(file, "sip.contoso.com"), {"--profile", "phone-edition-legacy"})), 2);

  // The fix: the SRV target listed explicitly.
  auto fixed = issue(*ent_, server("pool.fabrikam.com", {"pool.fabrikam.com", "sip.contoso.com", "*.contoso.com"}));
  auto good = write("fe-fixed.pem", {fixed, ent_->intermediate});
  auto ok = in_process(with(base(good, "sip.contoso.com"), {"--profile", "phone-edition-legacy"}));
  EXPECT_EQ(ok.exit, 0) << ok.out;
}

// S-05 / S-06 (seed:UM-WILD): Lync names the UM peer by its Subject CN only.
TEST_F(SeedScenarios, UmCertificateWithWildcardCnOrFqdnOnlyInSan) {
  auto wild = issue(*ent_, server("*.contoso.com", {"*.contoso.com", "exch01.contoso.com"}));
  auto f1 = write("um-wildcard.pem", {wild, ent_->intermediate});
  auto r1 = in_process(with(base(f1, "exch01.contoso.com"), {"--profile", "exchange-um-peer"}));
  EXPECT_EQ(r1.exit, 2) << r1.out << r1.err;
  EXPECT_EQ(r1.j().at("verdicts").at("exchange-um-peer"), "fail");
  const auto j1 = r1.j();
  const auto* f = finding(j1, "name.cn-only-mismatch", "exchange-um-peer");
  ASSERT_NE(f, nullptr) << r1.out;
  EXPECT_NE(f->at("fix").get<std::string>().find("Enable-ExchangeCertificate"), std::string::npos);

  auto san_only = issue(*ent_, server("mail.contoso.com", {"mail.contoso.com", "exch01.contoso.com"}));
  auto f2 = write("um-san-only.pem", {san_only, ent_->intermediate});
  auto r2 = in_process(with(base(f2, "exch01.contoso.com"), {"--profile", "exchange-um-peer", "--profile", "browser"}));
  EXPECT_EQ(r2.j().at("verdicts").at("exchange-um-peer"), "fail") << r2.out;
  EXPECT_EQ(r2.j().at("verdicts").at("browser"), "pass") << r2.out;  // a browser reads the SAN
  EXPECT_EQ(run_binary(with(base(f2, "exch01.contoso.com"), {"--profile", "exchange-um-peer"})), 2);

  auto um_only = issue(*ent_, server("exch01.contoso.com", {}));
  auto f3 = write("um-good.pem", {um_only, ent_->intermediate});
  auto r3 = in_process(with(base(f3, "exch01.contoso.com"), {"--profile", "exchange-um-peer"}));
  EXPECT_EQ(r3.exit, 0) << r3.out;
}

// S-09 (seed:IOS cause 1): the Edge certificate from the internal CA.
TEST_F(SeedScenarios, InternalCaEdgeCertificate) {
  auto edge = issue(*ent_, server("sip.contoso.com", {"sip.contoso.com", "webconf.contoso.com",
                                                      "lyncdiscover.contoso.com"}));
  auto file = write("edge-internal.pem", {edge, ent_->intermediate});
  auto r = in_process(with(base(file, "sip.contoso.com"), {"--profile", "lync-desktop", "--profile", "mobile-ios"}));
  auto j = r.j();
  EXPECT_EQ(j.at("verdicts").at("lync-desktop"), "pass") << r.out;
  EXPECT_EQ(j.at("verdicts").at("mobile-ios"), "fail");
  const auto* f = finding(j, "trust.mobile-root-missing", "mobile-ios");
  ASSERT_NE(f, nullptr) << r.out;
  EXPECT_NE(f->at("fix").get<std::string>().find(ent_->root.cert->sha1_thumbprint), std::string::npos);

  auto installed = in_process(with(base(file, "sip.contoso.com"),
                            {"--profile", "lync-desktop", "--profile", "mobile-ios", "--mobile-root",
                             path("ent-root.pem")}));
  EXPECT_EQ(installed.j().at("verdicts").at("mobile-ios"), "pass") << installed.out;
  EXPECT_EQ(installed.exit, 0);
  // Without the enterprise root even Windows fails.
  std::vector<std::string> no_root{"check", file, "--name", "sip.contoso.com", "--at", kAtText, "--public-roots",
                                   path("pub-root.pem"), "--profile", "lync-desktop"};
  EXPECT_EQ(run_binary(no_root), 2);
}

// S-10 (seed:IOS cause 2): a public certificate sent without its intermediate.
TEST_F(SeedScenarios, ChainSentWithoutItsIntermediate) {
  auto leaf = issue(*pub_, server("sip.contoso.com", {"sip.contoso.com"}), 1);
  auto file = write("leaf-only.pem", {leaf});
  auto r = in_process(with(base(file, "sip.contoso.com"),
                    {"--profile", "lync-desktop", "--profile", "mobile-ios", "--profile", "phone-edition"}));
  auto j = r.j();
  EXPECT_EQ(j.at("verdicts").at("mobile-ios"), "fail") << r.out;
  EXPECT_EQ(j.at("verdicts").at("phone-edition"), "fail");
  EXPECT_EQ(j.at("verdicts").at("lync-desktop"), "warn");  // Windows fetches it by AIA
  const auto* f = finding(j, "chain.incomplete", "mobile-ios");
  ASSERT_NE(f, nullptr) << r.out;
  EXPECT_EQ(f->at("details").at("missing_issuer"), pub_->intermediate.cert->subject.text);
  EXPECT_EQ(f->at("details").at("aia_url"), std::string(lab::kLabAiaUrl));
  EXPECT_EQ(run_binary(with(base(file, "sip.contoso.com"), {"--profile", "lync-desktop"})), 1);

  auto full = write("full-chain.pem", {leaf, pub_->intermediate});
  auto ok = in_process(with(base(full, "sip.contoso.com"), {"--profile", "mobile-ios", "--profile", "lync-desktop"}));
  EXPECT_EQ(ok.exit, 0) << ok.out;
}

// S-07 (seed:NEWTIPS): valid from tomorrow because the CA's time zone is wrong.
TEST_F(SeedScenarios, CertificateValidFromTomorrow) {
  auto spec = server("pool.contoso.com", {"pool.contoso.com"});
  spec.not_before = kAt + 8 * 3600;
  spec.not_after = kAt + 365 * kDay;
  auto leaf = issue(*ent_, spec);
  auto file = write("tomorrow.pem", {leaf, ent_->intermediate});
  auto r = in_process(with(base(file, "pool.contoso.com"), {"--profile", "lync-desktop"}));
  EXPECT_EQ(r.exit, 2);
  const auto j = r.j();
  const auto* f = finding(j, "time.not-yet-valid", "lync-desktop");
  ASSERT_NE(f, nullptr) << r.out;
  EXPECT_EQ(f->at("details").at("clock_hint"), "true");
  // The text report carries the clock / time-zone hint, fix first.
  auto args = with(base(file, "pool.contoso.com"), {"--profile", "lync-desktop"});
  args[11] = "text";  // --format text
  auto text = in_process(args);
  EXPECT_NE(text.out.find("time zone"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("  lync-desktop  FAIL  time.not-yet-valid"), std::string::npos) << text.out;
  EXPECT_LT(text.out.find("Fix:"), text.out.find("Problem:"));
  // A day later it is valid.
  auto later = args;
  later[5] = "2026-06-02T00:00:00Z";
  EXPECT_EQ(in_process(later).exit, 0) << in_process(later).out;
}

// S-14 (seed:PE-EXCH): the Exchange certificate from a public CA, judged by phones whose pool
// certificate comes from the enterprise CA.
TEST_F(SeedScenarios, ExchangeCertificateFromAPublicCaJudgedByPhones) {
  auto pool = issue(*ent_, server("lyncpool.contoso.com", {"lyncpool.contoso.com"}), 2);
  auto pool_file = write("pool.pem", {pool, ent_->intermediate});
  auto exch = issue(*pub_, server("mail.contoso.com", {"mail.contoso.com", "autodiscover.contoso.com"}), 3);
  auto exch_file = write("exchange.pem", {exch, pub_->intermediate});
  auto args = with(base(exch_file, "mail.contoso.com"),
                   {"--pool-cert", pool_file, "--profile", "phone-edition", "--profile", "phone-edition-legacy",
                    "--profile", "lync-desktop"});
  auto r = in_process(args);
  auto j = r.j();
  EXPECT_EQ(j.at("verdicts").at("phone-edition"), "fail") << r.out;
  EXPECT_EQ(j.at("verdicts").at("phone-edition-legacy"), "fail");
  EXPECT_EQ(j.at("verdicts").at("lync-desktop"), "pass");
  const auto* f = finding(j, "trust.phone-ca-not-trusted", "phone-edition");
  ASSERT_NE(f, nullptr) << r.out;
  const std::string fix = f->at("fix");
  EXPECT_NE(fix.find("$ca = New-CsWebTrustedCACertificate -Thumbprint " + pub_->root.cert->sha1_thumbprint +
                     " -CAStore TrustedRootCA"),
            std::string::npos)
      << fix;
  EXPECT_NE(fix.find("Set-CsWebServiceConfiguration -TrustedCACerts @{Add=$ca}"), std::string::npos);
  EXPECT_EQ(run_binary(args), 2);

  auto trusted = with(args, {"--trusted-ca-cert", path("pub-root.pem")});
  auto ok = in_process(trusted);
  EXPECT_EQ(ok.j().at("verdicts").at("phone-edition"), "pass") << ok.out;
  EXPECT_EQ(ok.j().at("verdicts").at("phone-edition-legacy"), "pass");
  EXPECT_EQ(ok.exit, 0);
  EXPECT_EQ(run_binary(trusted), 0);
}

// A PKCS#12 target (the full-chain PFX of S-10's fix), password from a file.
TEST_F(SeedScenarios, Pkcs12Target) {
  auto leaf = issue(*pub_, server("sip.contoso.com", {"sip.contoso.com"}), 1);
  lab::Pkcs12Options o;
  o.password = "s3cret";
  ASSERT_TRUE(lab::write_pkcs12(*dir_ / "edge.pfx", {leaf, pub_->intermediate}, o).ok());
  {
    std::ofstream pw(path("pw.txt"));
    pw << "s3cret\n";
  }
  auto r = in_process(with(base(path("edge.pfx"), "sip.contoso.com"),
                    {"--profile", "mobile-ios", "--password-file", path("pw.txt")}));
  EXPECT_EQ(r.exit, 0) << r.out << r.err;
  EXPECT_EQ(r.j().at("container"), "PKCS#12");
  EXPECT_EQ(r.j().at("chain").at(0).at("thumbprints").at("sha1"), leaf.cert->sha1_thumbprint);
}

// Each seed scenario as an HTML report: the matrix says, client by client, what the JSON report
// says; the document is valid HTML (html5lib) with the report's one script and no markup from a
// certificate.
TEST_F(SeedScenarios, HtmlReportMatrixMatchesEachScenario) {
  auto wildcard = issue(*ent_, server("pool.fabrikam.com", {"pool.fabrikam.com", "*.contoso.com"}));
  auto um = issue(*ent_, server("*.contoso.com", {"*.contoso.com", "exch01.contoso.com"}));
  auto edge = issue(*ent_, server("sip.contoso.com", {"sip.contoso.com", "lyncdiscover.contoso.com"}));
  auto alone = issue(*pub_, server("sip.contoso.com", {"sip.contoso.com"}), 1);
  auto tomorrow_spec = server("pool.contoso.com", {"pool.contoso.com"});
  tomorrow_spec.not_before = kAt + 8 * 3600;
  auto tomorrow = issue(*ent_, tomorrow_spec);
  auto hostile = issue(*pub_, server("<script>alert(1)</script>", {"\"><img src=x onerror=alert(1)>.contoso.com",
                                                                  "sip.contoso.com"}), 4);
  struct Scenario {
    std::string file, name;
    std::vector<std::string> profiles;
  };
  const std::vector<Scenario> scenarios{
      {write("h-wild.pem", {wildcard, ent_->intermediate}), "sip.contoso.com",
       {"lync-desktop", "phone-edition-legacy", "phone-edition"}},
      {write("h-um.pem", {um, ent_->intermediate}), "exch01.contoso.com", {"exchange-um-peer", "browser"}},
      {write("h-edge.pem", {edge, ent_->intermediate}), "sip.contoso.com", {"lync-desktop", "mobile-ios"}},
      {write("h-alone.pem", {alone}), "sip.contoso.com", {"lync-desktop", "mobile-ios", "phone-edition"}},
      {write("h-tomorrow.pem", {tomorrow, ent_->intermediate}), "pool.contoso.com", {"lync-desktop"}},
      {write("h-hostile.pem", {hostile, pub_->intermediate}), "sip.contoso.com", {"browser", "mobile-android"}},
  };
  for (const auto& s : scenarios) {
    std::vector<std::string> extra;
    for (const auto& p : s.profiles) extra.insert(extra.end(), {"--profile", p});
    auto json_run = in_process(with(base(s.file, s.name), extra));
    ASSERT_EQ(json_run.err, "") << s.file;
    auto args = with(base(s.file, s.name), extra);
    args[11] = "html";  // --format html
    auto html_run = in_process(args);
    ASSERT_EQ(html_run.err, "") << s.file;
    EXPECT_EQ(html_run.exit, json_run.exit) << s.file;
    const std::string& html = html_run.out;
    const auto verdicts = json_run.j().at("verdicts");
    ASSERT_EQ(verdicts.size(), s.profiles.size()) << s.file;
    // The matrix: one header per client, then one cell per client, in the order asked for.
    std::string expected_row;
    std::string row;
    const auto table = html.substr(html.find("<table class=\"matrix\""));
    for (const auto& p : s.profiles) {
      EXPECT_NE(table.find("<th scope=\"col\">" + p + "</th>"), std::string::npos) << p << " in " << s.file;
      expected_row += verdicts.at(p).get<std::string>() + " ";
    }
    for (std::size_t at = table.find("data-verdict=\""); at != std::string::npos && at < table.find("</table>");
         at = table.find("data-verdict=\"", at + 1))
      row += table.substr(at + 14, table.find('"', at + 14) - at - 14) + " ";
    EXPECT_EQ(row, expected_row) << s.file;
    EXPECT_EQ(html.find("<script>alert"), std::string::npos) << s.file;
    EXPECT_EQ(html.find("<img"), std::string::npos) << s.file;
    auto parsed = testing::check_html(html);
    if (!parsed.missing.empty()) GTEST_SKIP() << "no HTML parser: apt-get install " << parsed.missing;
    EXPECT_TRUE(parsed.errors.empty()) << s.file << ": " << parsed.errors.front();
    EXPECT_EQ(parsed.count("script"), 1) << s.file;
    EXPECT_EQ(parsed.count("img"), 0) << s.file;
  }
}

TEST_F(SeedScenarios, CouldNotEvaluateExitsThreeWithOneLine) {
  auto leaf = issue(*pub_, server("sip.contoso.com", {"sip.contoso.com"}), 1);
  auto file = write("any.pem", {leaf, pub_->intermediate});
  auto missing = in_process(base(path("no-such-file.pem"), "sip.contoso.com"));
  EXPECT_EQ(missing.exit, 3);
  EXPECT_EQ(std::count(missing.err.begin(), missing.err.end(), '\n'), 1) << missing.err;
  EXPECT_NE(missing.err.find("no-such-file.pem"), std::string::npos);
  auto unknown = in_process(with(base(file, "sip.contoso.com"), {"--profile", "no-such-client"}));
  EXPECT_EQ(unknown.exit, 3);
  EXPECT_NE(unknown.err.find("no-such-client"), std::string::npos) << unknown.err;
  EXPECT_EQ(in_process({"check", file, "--at", kAtText}).exit, 3);  // --name is required for a file
  auto bad_time = base(file, "sip.contoso.com");
  bad_time[5] = "yesterday";
  auto bad = in_process(bad_time);
  EXPECT_EQ(bad.exit, 3);
  EXPECT_NE(bad.err.find("RFC 3339"), std::string::npos) << bad.err;
  EXPECT_EQ(run_binary(base(path("no-such-file.pem"), "sip.contoso.com")), 3);
  EXPECT_EQ(run_binary(with(base(file, "sip.contoso.com"), {"--profile", "no-such-client"})), 3);
}

}  // namespace
}  // namespace uccert::seed_test
