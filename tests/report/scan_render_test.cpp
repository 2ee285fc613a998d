// The scan's per-target formats and its summary, and check's monitoring formats, from reports
// judged in-process: JSON Lines keeps check's object, CSV quotes per RFC 4180, the summary counts
// what it was given, nagios and prometheus say the verdicts the report holds.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <regex>

#include "fixtures/rules_fixtures.h"
#include "uccert/report/nagios.h"
#include "uccert/report/prometheus.h"
#include "uccert/report/renderers.h"
#include "uccert/report/scan_render.h"
#include "uccert/run/check.h"

namespace uccert::testing {
namespace {

// lync-desktop passes, phone-edition warns, phone-edition-legacy fails (check_json_test.cpp).
report::CheckReport sample() {
  auto ca = make_ca("Public Trust", 2);
  auto leaf = issue(ca, server("pool.fabrikam.com", {"pool.fabrikam.com", "*.contoso.com"}));
  evidence::TrustInputs t;
  t.public_roots = {ca.root.cert};
  const auto& set = profiles::builtin_profiles();
  std::vector<const profiles::ClientProfile*> ps{set.find("lync-desktop"), set.find("phone-edition"),
                                                 set.find("phone-edition-legacy")};
  rules::JudgeOptions o;
  o.at = kAt;
  return run::judge_evidence(evidence({&leaf, &ca.intermediate}, "sip.contoso.com"), ps, t, o);
}

report::ScanItem judged(std::size_t line) {
  report::ScanItem item;
  item.line = line;
  item.target = "test.pem";
  item.name = "sip.contoso.com";
  item.check = sample();
  return item;
}

report::ScanItem unevaluated(std::size_t line, std::string target, std::string error) {
  report::ScanItem item;
  item.line = line;
  item.target = std::move(target);
  item.name = "sip.contoso.com";
  item.error = std::move(error);
  item.attempts = 3;
  return item;
}

TEST(ScanJsonLine, IsCheckObjectPlusScanOnOneLine) {
  const auto text = report::render_scan_json_line(judged(7));
  ASSERT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
  auto j = nlohmann::json::parse(text);
  EXPECT_EQ(j.at("command"), "check");
  EXPECT_EQ(j.at("exit_code"), 2);
  EXPECT_EQ(j.at("verdicts").at("phone-edition"), "warn");
  EXPECT_EQ(j.at("scan").at("line"), 7);
  EXPECT_TRUE(j.at("scan").at("probe_seconds").is_null());

  auto e = nlohmann::json::parse(report::render_scan_json_line(unevaluated(9, "a:1", "a:1: connect: refused")));
  EXPECT_EQ(e.at("schema"), 1);
  EXPECT_EQ(e.at("verdict"), "unknown");
  EXPECT_EQ(e.at("exit_code"), 3);
  EXPECT_EQ(e.at("error"), "a:1: connect: refused");
  EXPECT_EQ(e.at("scan").at("attempts"), 3);
}

TEST(ScanCsv, QuotesFieldsPerRfc4180) {
  auto w = report::make_scan_writer("csv", {});
  ASSERT_TRUE(w);
  EXPECT_EQ(w->header().rfind("line,target,name,verdict,exit_code,", 0), 0U);
  const auto row = w->render(unevaluated(3, "odd,\"name\".pem", "line one\nline two"));
  EXPECT_EQ(row.rfind("3,\"odd,\"\"name\"\".pem\",sip.contoso.com,unknown,3,,,,,0.000,\"line one\nline two\"\r\n", 0),
            0U)
      << row;
  const auto judged_row = w->render(judged(4));
  EXPECT_NE(judged_row.find(",fail,2,lync-desktop=pass phone-edition=warn phone-edition-legacy=fail,"),
            std::string::npos)
      << judged_row;
}

TEST(ScanSummary, CountsVerdictsFindingsAndExpiry) {
  report::ScanSummary s;
  s.add(judged(1));
  s.add(judged(2));
  s.add(unevaluated(3, "a:1", "refused"));
  s.add_bad_line();
  EXPECT_EQ(s.targets(), 3U);
  EXPECT_EQ(s.by_exit()[2], 2U);
  EXPECT_EQ(s.by_exit()[3], 1U);
  EXPECT_EQ(s.verdicts().at("phone-edition")[1], 2U);
  EXPECT_EQ(s.verdicts().at("lync-desktop")[0], 2U);
  const auto top = s.top_findings(100);
  ASSERT_FALSE(top.empty());
  EXPECT_EQ(top.front().second, 2U);
  EXPECT_EQ(s.exit_code(), 2);
  const auto text = report::render_scan_summary_text(s);
  EXPECT_NE(text.find("scan: 3 targets: 0 pass, 0 warn, 2 fail, 1 could not be evaluated"), std::string::npos) << text;
  EXPECT_NE(text.find("1 targets lines refused"), std::string::npos);

  report::ScanSummary unknown_only;
  unknown_only.add(unevaluated(1, "a:1", "refused"));
  EXPECT_EQ(unknown_only.exit_code(), 3);
  EXPECT_EQ(report::ScanSummary{}.exit_code(), 3);  // nothing scanned never passes
}

TEST(ScanSummary, KeepsOnlyTheSoonestExpiries) {
  report::ScanSummary s;
  auto item = judged(1);
  const auto first = item.check->evidence.chain[0]->not_after;
  item.check->options.at = first - 5 * 86400;  // five days before the leaf expires
  for (std::size_t i = 0; i < 3 * report::ScanSummary::kSoonestListed; ++i) {
    item.line = i + 1;
    s.add(item);
  }
  EXPECT_EQ(s.expiring()[0], 3 * report::ScanSummary::kSoonestListed);
  EXPECT_EQ(s.soonest().size(), report::ScanSummary::kSoonestListed);
}

TEST(Nagios, StatusLineWithPerfdata) {
  auto r = sample();
  r.probe_seconds = 0.25;
  const auto line = report::render_check_nagios(r);
  std::smatch m;
  ASSERT_TRUE(std::regex_match(line, m,
                               std::regex(R"(UCCERT CRITICAL - test\.pem as sip\.contoso\.com: fail: )"
                                          R"(phone-edition-legacy; warn: phone-edition \([^|]+\) \| 'cert0_days'=-?\d+;30:;14: )"
                                          R"('cert1_days'=-?\d+;30:;14: 'probe_time'=0\.250s\n)")))
      << line;
  EXPECT_EQ(report::nagios_unknown_line("a|b\nc"), "UCCERT UNKNOWN - a/b\\x0Ac\n");
}

TEST(Prometheus, SamplesPerFamilyWithEscapedLabels) {
  auto item = unevaluated(1, "we\"ird\\name:1", "no");
  const auto text = report::prometheus_text(report::prometheus_samples(item));
  EXPECT_NE(text.find("uccert_up{target=\"we\\\"ird\\\\name:1\",name=\"sip.contoso.com\"} 0\n"), std::string::npos)
      << text;
  const auto rendered = report::render(report::Report{sample()}, "prometheus");
  ASSERT_TRUE(rendered);
  EXPECT_NE(rendered->find("uccert_client_verdict{target=\"test.pem\",name=\"sip.contoso.com\",client=\"phone-edition\"} 1"),
            std::string::npos)
      << *rendered;
  EXPECT_NE(rendered->find("# TYPE uccert_certificate_expiry_timestamp_seconds gauge"), std::string::npos);
}

}  // namespace
}  // namespace uccert::testing
