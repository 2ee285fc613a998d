// The one exit-code function (report/report.h) for every kind of report, and the renderer registry.
#include "uccert/report/report.h"

#include <gtest/gtest.h>

#include "uccert/report/renderers.h"

namespace uccert::report {
namespace {

rules::Finding finding(rules::Severity s) {
  rules::Finding f;
  f.id = "dns.test";
  f.severity = s;
  return f;
}

TEST(ReportExitCode, DiscoverFollowsTheWorstVerdictAndNeverPassesUnfinished) {
  DiscoverReport r;
  r.facts.probed = true;
  r.facts.any_record = true;
  r.checks = {{CheckReport{}}};  // one target judged, passing
  EXPECT_TRUE(r.any_judged());
  EXPECT_EQ(exit_code(r), kExitPass);
  r.facts.deadline_reached = true;  // targets left unprobed: never "pass"
  EXPECT_EQ(exit_code(r), kExitUnknown);
  r.findings = {finding(rules::Severity::kWarn)};
  EXPECT_EQ(exit_code(r), kExitWarn);
  r.findings.push_back(finding(rules::Severity::kFail));
  EXPECT_EQ(exit_code(r), kExitFail);
}

TEST(ReportExitCode, DiscoverWithNothingJudged) {
  DiscoverReport r;
  r.facts.probed = true;
  EXPECT_EQ(exit_code(r), kExitUnknown);  // nothing found, nothing judged
  r.findings = {finding(rules::Severity::kFail)};
  EXPECT_EQ(exit_code(r), kExitFail);  // the records themselves are wrong
  r.findings = {finding(rules::Severity::kWarn)};
  EXPECT_EQ(exit_code(r), kExitUnknown);
  r.facts.any_record = true;
  EXPECT_EQ(exit_code(r), kExitWarn);
  r.facts.probed = false;  // --no-probe: the records alone decide
  r.findings.clear();
  EXPECT_EQ(exit_code(r), kExitPass);
}

TEST(ReportExitCode, InspectIsUnknownWhenAFileCouldNotBeRead) {
  InspectReport r;
  EXPECT_EQ(exit_code(Report{r}), kExitPass);
  r.files.push_back(inspection_failed("missing.pem", "missing.pem: no such file"));
  EXPECT_EQ(exit_code(Report{r}), kExitUnknown);
  EXPECT_EQ(Report{r}.command(), "inspect");
}

TEST(Renderers, EveryReportHasTextAndJson) {
  ASSERT_NE(find_renderer("text"), nullptr);
  ASSERT_NE(find_renderer("json"), nullptr);
  ASSERT_NE(find_renderer("html"), nullptr);
  ASSERT_NE(find_renderer("sarif"), nullptr);
  EXPECT_FALSE(render(Report{InspectReport{}}, "yaml").has_value());
  // A file that could not be read is said on standard error by the command; its text report shows
  // the files that were read (none here), its JSON report the error in place.
  InspectReport inspect;
  inspect.files.push_back(inspection_failed("missing.pem", "missing.pem: no such file"));
  EXPECT_NE(render(Report{inspect}, "json")->find("missing.pem: no such file"), std::string::npos);
  for (const Report& r : {Report{CheckReport{}}, Report{DiscoverReport{}}, Report{inspect}}) {
    for (const auto& renderer : renderers()) {
      const std::string out = renderer.render(r, RenderStyle{});
      if (r.as<InspectReport>() == nullptr || renderer.format != "text") {
        EXPECT_FALSE(out.empty()) << r.command() << " as " << renderer.format;
      }
    }
    auto json = render(r, "json");
    ASSERT_TRUE(json.has_value());
    EXPECT_NE(json->find("\"command\": \"" + std::string(r.command()) + "\""), std::string::npos) << *json;
  }
}

}  // namespace
}  // namespace uccert::report
