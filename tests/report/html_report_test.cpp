// `--format html` (report/html_report.h): one self-contained document whose verdict matrix says
// what the judgement says, whose certificate strings are text and never markup, which an HTML
// parser reads without error, and which stays small for a long chain.
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "fixtures/document_checks.h"
#include "fixtures/rules_fixtures.h"
#include "uccert/report/html_escape.h"
#include "uccert/report/html_report.h"
#include "uccert/report/renderers.h"
#include "uccert/run/check.h"

namespace uccert::testing {
namespace {

report::CheckReport judged(const std::vector<const lab::Minted*>& chain, const std::string& name,
                           const std::vector<std::string>& profile_ids, evidence::TrustInputs trust) {
  const auto& set = profiles::builtin_profiles();
  std::vector<const profiles::ClientProfile*> ps;
  for (const auto& id : profile_ids) ps.push_back(set.find(id));
  rules::JudgeOptions o;
  o.at = kAt;
  return run::judge_evidence(evidence(chain, name), ps, std::move(trust), o);
}

// Every verdict cell of the matrix, in document order: "client=verdict".
std::vector<std::string> matrix_cells(const std::string& html) {
  const auto table = html.substr(html.find("<table class=\"matrix\""));
  const auto end = table.find("</table>");
  std::vector<std::string> clients;
  std::vector<std::string> cells;
  static const std::regex th("<th scope=\"col\">([^<]*)</th>");
  static const std::regex td("data-verdict=\"([a-z]+)\"");
  const std::string body = table.substr(0, end);
  for (std::sregex_iterator it(body.begin(), body.end(), th), e; it != e; ++it) clients.push_back((*it)[1]);
  std::size_t i = 1;  // clients[0] is the corner
  for (std::sregex_iterator it(body.begin(), body.end(), td), e; it != e; ++it, ++i)
    cells.push_back(clients.at(1 + (i - 1) % (clients.size() - 1)) + "=" + std::string((*it)[1]));
  return cells;
}

void expect_parses_cleanly(const std::string& html) {
  auto c = check_html(html);
  if (!c.missing.empty()) GTEST_SKIP() << "no HTML parser to check with: apt-get install " << c.missing;
  EXPECT_TRUE(c.errors.empty()) << c.errors.front();
  EXPECT_EQ(c.count("script"), 1);  // the report's own (copy buttons); nothing from a certificate
  EXPECT_EQ(c.count("img"), 0);
  EXPECT_EQ(c.count("link"), 0);  // nothing fetched
  EXPECT_EQ(c.count("iframe"), 0);
}

TEST(HtmlEscape, WritesMarkupCharactersAsReferencesAndControlsAsText) {
  EXPECT_EQ(report::html_text("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  EXPECT_EQ(report::html_text("\"><img src=x onerror=alert(1)>"), "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  EXPECT_EQ(report::html_text("a&b"), "a&amp;b");
  EXPECT_EQ(report::html_text("line1\nline2"), "line1\\x0Aline2");
  EXPECT_EQ(report::html_lines("Set-X -A \"1\"\nRestart <now>"), "Set-X -A &quot;1&quot;\nRestart &lt;now&gt;");
  EXPECT_EQ(report::html_text("caf\xc3\xa9 \xff"), "caf\xc3\xa9 \\xFF");
}

TEST(HtmlReport, MatrixShowsEachClientsVerdictInWordsAndClass) {
  auto ca = make_ca("Public Trust", 2);
  auto leaf = issue(ca, server("pool.fabrikam.com", {"pool.fabrikam.com", "*.contoso.com"}));
  evidence::TrustInputs t;
  t.public_roots = {ca.root.cert};
  auto r = judged({&leaf, &ca.intermediate}, "sip.contoso.com",
                  {"lync-desktop", "phone-edition", "phone-edition-legacy"}, t);
  const std::string html = report::render_html(report::Report{r});
  std::vector<std::string> expected;
  for (const auto& pj : r.judgement.profiles)
    expected.push_back(pj.profile_id + "=" + std::string(rules::to_string(pj.verdict)));
  EXPECT_EQ(matrix_cells(html), expected);
  EXPECT_EQ(expected,
            (std::vector<std::string>{"lync-desktop=pass", "phone-edition=warn", "phone-edition-legacy=fail"}));
  // Text as well as colour.
  EXPECT_NE(html.find("<td class=\"v v-fail\" data-verdict=\"fail\">\u2717 FAIL</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"v v-warn\" data-verdict=\"warn\">! warn</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"v v-pass\" data-verdict=\"pass\">\u2713 pass</td>"), std::string::npos);
  // The finding with its fix, ready to copy; the footer with the time and version.
  EXPECT_NE(html.find("data-finding=\"name.wildcard-only\""), std::string::npos);
  EXPECT_NE(html.find("Restart-Service RTCSRV"), std::string::npos);
  EXPECT_NE(html.find("<button type=\"button\" class=\"copy\" data-for=\"fix-1\" hidden>Copy</button>"),
            std::string::npos);
  EXPECT_NE(html.find("id=\"fix-1\""), std::string::npos);
  EXPECT_NE(html.find("Judged at 2026-06-01T00:00:00Z"), std::string::npos);
  EXPECT_NE(html.find("Written by uccert "), std::string::npos);
  // Names carried against the name dialled.
  EXPECT_NE(html.find("SAN DNS <code>*.contoso.com</code>"), std::string::npos);
  EXPECT_NE(html.find("<code>sip.contoso.com</code></td>"), std::string::npos);
  expect_parses_cleanly(html);
}

TEST(HtmlReport, HostileSubjectAndSanRenderAsText) {
  auto ca = make_ca("Public Trust", 2);
  auto spec = server("<script>alert(document.domain)</script>",
                     {"\"><img src=x onerror=alert(1)>.contoso.com", "sip.contoso.com"});
  spec.subject.push_back({"O", "</style><script>alert(2)</script>"});
  auto leaf = issue(ca, spec);
  evidence::TrustInputs t;
  t.public_roots = {ca.root.cert};
  auto r = judged({&leaf, &ca.intermediate}, "sip.contoso.com", {"browser", "lync-desktop"}, t);
  r.evidence.target = "<b>target</b>.pem";
  const std::string html = report::render_html(report::Report{r});
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>target"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(document.domain)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.contoso.com"), std::string::npos);
  expect_parses_cleanly(html);
}

TEST(HtmlReport, ChainDrawsSentFoundElsewhereAndMissingDifferently) {
  auto ca = make_ca("Public Trust", 2);
  auto leaf = issue(ca, server("sip.contoso.com", {"sip.contoso.com"}));
  evidence::TrustInputs t;
  t.public_roots = {ca.root.cert};
  // Sent without its intermediate: the phone (no AIA) is missing it.
  auto alone = judged({&leaf}, "sip.contoso.com", {"phone-edition"}, t);
  const std::string missing = report::render_html(report::Report{alone});
  EXPECT_NE(missing.find("<li class=\"cert sent\"><span class=\"origin\">Sent by the server (#0)</span>"),
            std::string::npos);
  EXPECT_NE(missing.find("<li class=\"cert missing\"><span class=\"origin\">Missing: neither sent nor found</span>"
                         "<span class=\"subject\">" +
                         report::html_text(ca.intermediate.cert->subject.text)),
            std::string::npos)
      << missing;
  // Sent with it: the root comes from the client's trust store.
  auto full = judged({&leaf, &ca.intermediate}, "sip.contoso.com", {"browser"}, t);
  const std::string whole = report::render_html(report::Report{full});
  EXPECT_EQ(whole.find("cert missing"), std::string::npos);
  EXPECT_NE(whole.find("<li class=\"cert elsewhere\"><span class=\"origin\">Found elsewhere: trust store"),
            std::string::npos)
      << whole;
  EXPECT_NE(whole.find("Sent by the server (#1)"), std::string::npos);
  expect_parses_cleanly(whole);
}

TEST(HtmlReport, TenCertificateChainStaysUnder300KB) {
  auto root = lab::mint(lab::root_ca_spec("Deep Root CA"), lab::KeyPair::cached(lab::KeySpec::rsa(2048), 40));
  std::vector<lab::Minted> cas{root};
  for (int i = 0; i < 8; ++i) {
    auto spec = lab::intermediate_ca_spec("Deep Intermediate " + std::to_string(i), "Deep", std::nullopt);
    cas.push_back(lab::mint(spec, lab::KeyPair::cached(lab::KeySpec::rsa(2048), 41 + i), &cas.back()));
  }
  auto spec = server("sip.contoso.com", {"sip.contoso.com"});
  auto leaf = lab::mint(spec, lab::KeyPair::cached(lab::KeySpec::rsa(2048), 0), &cas.back());
  std::vector<const lab::Minted*> chain{&leaf};
  for (auto it = cas.rbegin(); it != cas.rend(); ++it) chain.push_back(&*it);
  ASSERT_EQ(chain.size(), 10U);
  evidence::TrustInputs t;
  t.public_roots = {root.cert};
  std::vector<std::string> every;
  for (const auto& p : profiles::builtin_profiles().profiles) every.push_back(p.id);
  auto r = judged(chain, "sip.contoso.com", every, t);
  const std::string html = report::render_html(report::Report{r});
  EXPECT_LT(html.size(), 300U * 1024U) << html.size();
  EXPECT_GE(static_cast<int>(every.size()), 9);
  expect_parses_cleanly(html);
}

TEST(HtmlReport, DiscoverMatrixHasTheDnsRowAndOneRowPerTarget) {
  auto ca = make_ca("Public Trust", 2);
  auto leaf = issue(ca, server("sip.contoso.com", {"sip.contoso.com"}));
  evidence::TrustInputs t;
  t.public_roots = {ca.root.cert};
  report::DiscoverReport d;
  d.facts.domain = "contoso.com";
  d.facts.probed = true;
  d.facts.any_record = true;
  evidence::DiscoveredRecord rec;
  rec.spec.prefix = "_sipinternaltls._tcp.";
  rec.spec.kind = evidence::RecordKind::kSrv;
  rec.spec.profiles = {"lync-desktop", "phone-edition"};
  rec.name = "_sipinternaltls._tcp.contoso.com";
  rec.status = evidence::DnsStatus::kOk;
  evidence::ProbedTarget judged_target;
  judged_target.name = "sip.contoso.com";
  judged_target.port = 5061;
  judged_target.profiles = {"lync-desktop"};
  evidence::ProbedTarget unreachable;
  unreachable.name = "<b>pool2</b>.contoso.com";
  unreachable.port = 5061;
  unreachable.profiles = {"phone-edition"};
  unreachable.error = "connection refused";
  rec.targets = {judged_target, unreachable};
  d.facts.records = {rec};
  d.checks = {{judged({&leaf, &ca.intermediate}, "sip.contoso.com", {"lync-desktop"}, t), std::nullopt}};
  rules::Finding f;
  f.id = "dns.lookup-failed";
  f.severity = rules::Severity::kWarn;
  f.profiles = {"phone-edition"};
  d.findings = {f};
  const std::string html = report::render_html(report::Report{d});
  // Rows: the DNS records (phone-edition warned), the judged target, the unreachable one.
  EXPECT_EQ(matrix_cells(html), (std::vector<std::string>{"lync-desktop=pass", "phone-edition=warn",
                                                          "lync-desktop=pass", "phone-edition=none",
                                                          "lync-desktop=none", "phone-edition=none"}));
  EXPECT_NE(html.find("\u2014 not used</td>"), std::string::npos);
  EXPECT_NE(html.find("\u2014 unreachable</td>"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"#target-1\">_sipinternaltls._tcp.contoso.com \u2192 sip.contoso.com:5061</a>"),
            std::string::npos);
  EXPECT_EQ(html.find("<b>pool2"), std::string::npos);
  EXPECT_NE(html.find("connection refused"), std::string::npos);
  expect_parses_cleanly(html);
}

TEST(HtmlReport, DiscoverAndInspectRenderToo) {
  report::DiscoverReport d;
  d.facts.domain = "contoso.com";
  auto page = report::render(report::Report{d}, "html");
  ASSERT_TRUE(page.has_value());
  EXPECT_NE(page->find("uccert discover contoso.com"), std::string::npos);
  expect_parses_cleanly(*page);
  auto inspect = report::render(report::Report{report::InspectReport{}}, "html");
  ASSERT_TRUE(inspect.has_value());
  expect_parses_cleanly(*inspect);
}

}  // namespace
}  // namespace uccert::testing
