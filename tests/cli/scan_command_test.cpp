// `uccert scan` arguments and input: targets on standard input, the scan's own options refused
// in one line before anything is scanned, a line's options replacing the command line's.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sstream>

#include "cli/inspect_helpers.h"
#include "pki/load_fixtures.h"
#include "uccert/cli/app.h"

namespace uccert::cli {
namespace {

using testing::TempDir;
using testing::test_chain;

struct Run {
  int exit = -1;
  std::string out;
  std::string err;
};

Run scan_with_stdin(const std::vector<std::string>& args, const std::string& input, bool stdin_is_tty = false,
                    bool err_is_tty = false) {
  std::istringstream in(input);
  std::ostringstream out;
  std::ostringstream err;
  Console console;
  console.out = &out;
  console.err = &err;
  console.in = &in;
  console.stdin_is_tty = stdin_is_tty;
  console.err_is_tty = err_is_tty;
  console.getenv = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  Run r;
  r.exit = cli::run(args, console);
  r.out = out.str();
  r.err = err.str();
  return r;
}

class ScanCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    pem_ = testing::write_pem_chain(dir_, "chain.pem", {test_chain().leaf, test_chain().intermediate});
    root_ = testing::write_pem_chain(dir_, "root.pem", {test_chain().root});
  }
  TempDir dir_;
  std::string pem_;
  std::string root_;
};

TEST_F(ScanCommand, ReadsTargetsFromStandardInputAndLinesOverrideDefaults) {
  const std::string input = pem_ + " --name a.contoso.com --warn-days 10 --fail-days 5\n# comment\n" + pem_ + "\n";
  auto r = scan_with_stdin({"scan", "--format", "json", "--public-roots", root_, "--profile", "browser", "--name",
                            "b.contoso.com"},
                           input);
  std::istringstream lines(r.out);
  std::map<int, nlohmann::json> by_line;
  for (std::string l; std::getline(lines, l);) {
    auto j = nlohmann::json::parse(l);
    by_line[j["scan"]["line"].get<int>()] = j;
  }
  ASSERT_EQ(by_line.size(), 2U) << r.out << r.err;
  EXPECT_EQ(by_line[1]["name"], "a.contoso.com");
  EXPECT_EQ(by_line[1]["thresholds"]["warn_days"], 10);
  EXPECT_EQ(by_line[3]["name"], "b.contoso.com");  // the command line's default
  EXPECT_EQ(by_line[3]["thresholds"]["warn_days"], 30);
  EXPECT_EQ(by_line[3]["verdicts"].size(), 1U);
}

TEST_F(ScanCommand, ProgressOnlyWhenStderrIsATerminal) {
  const std::vector<std::string> args = {"scan", "--format", "json", "--public-roots", root_, "--name", "a.contoso.com"};
  auto quiet = scan_with_stdin(args, pem_ + "\n");
  EXPECT_EQ(quiet.err.find("\x1b[K"), std::string::npos) << quiet.err;
  auto shown = scan_with_stdin(args, pem_ + "\n", false, true);
  EXPECT_NE(shown.err.find("\r\x1b[Kscan: 1 done, "), std::string::npos) << shown.err;
  EXPECT_EQ(std::count(shown.out.begin(), shown.out.end(), '\n'), 1);
}

TEST_F(ScanCommand, AValueALineGetsWrongIsThatTargetsUnknownResult) {
  auto r = scan_with_stdin({"scan", "--format", "csv", "--public-roots", root_},
                           pem_ + " --name https://pool.contoso.com/x\n");
  EXPECT_EQ(r.exit, 3) << r.err;
  EXPECT_NE(r.out.find(",unknown,3,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--name https://pool.contoso.com/x: a URL; give the host name alone (pool.contoso.com)"),
            std::string::npos)
      << r.out;
}

TEST_F(ScanCommand, ScanWideOptionsAreRefusedOnALine) {
  auto r = scan_with_stdin({"scan", "--format", "json", "--public-roots", root_},
                           pem_ + " --name a.contoso.com --public-roots /etc/passwd\n");
  EXPECT_EQ(r.exit, 3);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("uccert: scan: targets line 1: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the scan's others go on the command line"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("scan: 0 targets"), std::string::npos) << r.err;
}

TEST_F(ScanCommand, BadScanArgumentsAreOneLineAndExit3) {
  struct Case {
    std::vector<std::string> args;
    std::string said;
  };
  const std::vector<Case> cases = {
      {{"scan", "--concurrency", "0"}, "--concurrency 0: give a number from 1 to 100000"},
      {{"scan", "--retries", "11"}, "--retries 11: give a number from 0 to 10"},
      {{"scan", "--rate", "-1"}, "--rate -1: give connection attempts per second"},
      {{"scan", "--shard", "4/4"}, "--shard 4/4: give K/N"},
      {{"scan", "--format", "yaml"}, "--format: yaml not in"},
      {{"scan", "/no/such/targets.txt"}, "/no/such/targets.txt: cannot read the targets file"},
  };
  for (const auto& c : cases) {
    auto r = scan_with_stdin(c.args, "");
    EXPECT_EQ(r.exit, 3) << c.said;
    EXPECT_EQ(r.out, "") << c.said;
    EXPECT_EQ(testing::count_lines(r.err), 1U) << r.err;
    EXPECT_NE(r.err.find(c.said), std::string::npos) << r.err;
  }
  // Nothing piped in and nothing named: said, not a wait on the terminal.
  auto tty = scan_with_stdin({"scan"}, "", true);
  EXPECT_EQ(tty.exit, 3);
  EXPECT_NE(tty.err.find("give a targets file, or the targets on standard input"), std::string::npos) << tty.err;
}

}  // namespace
}  // namespace uccert::cli
