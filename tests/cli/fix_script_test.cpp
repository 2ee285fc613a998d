// `check --fix-script`: for every check of the field-mistakes lab scenario, the script is read back
// and each of its commands is found in the fix of the finding whose block holds it.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/inspect_helpers.h"
#include "pki/load_fixtures.h"
#include "uccert/lab/scenario.h"
#include "uccert/lab/scenario_mint.h"
#include "uccert/lab/session.h"
#include "uccert/report/fix_script.h"

namespace uccert::cli {
namespace {

using testing::CommandResult;
using testing::run_uccert;
using testing::TempDir;
namespace fs = std::filesystem;

struct Block {
  std::string id;
  std::vector<std::string> commands;  // live commands and FILL IN ones, as the fix wrote them
  std::size_t checks = 0;
  std::size_t role_lines = 0;  // the -Role guard, each section's if and its closing brace
  std::size_t held = 0;        // commands waiting for a step above (kAfterMarker)
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string without_whatif(std::string line) {
  const std::string w(report::kWhatIf);
  if (auto at = line.find(w); at != std::string::npos) line.erase(at, w.size());
  return line;
}

std::vector<Block> blocks_of(const std::string& script) {
  std::vector<Block> out;
  for (const auto& line : lines_of(script)) {
    if (line.starts_with("# ---- ")) {
      out.push_back({line.substr(7, line.find(' ', 7) - 7), {}, 0, 0, 0});
      continue;
    }
    if (out.empty()) continue;
    std::string l = line;
    while (!l.empty() && l.front() == ' ') l.erase(0, 1);  // inside a role's section
    if (l.starts_with("if (") || l == "}") {
      ++out.back().role_lines;
    } else if (l.starts_with(report::kFillInMarker)) {
      out.back().commands.push_back(l.substr(report::kFillInMarker.size()));
    } else if (l.starts_with(report::kAfterMarker)) {
      out.back().commands.push_back(l.substr(report::kAfterMarker.size()));
      ++out.back().held;
    } else if (l.starts_with("# check: ")) {
      ++out.back().checks;
    } else if (!l.empty() && !l.starts_with("#")) {
      out.back().commands.push_back(without_whatif(l));
    }
  }
  return out;
}

std::vector<std::string> fix_commands(const std::string& fix) {
  std::vector<std::string> out;
  for (auto line : lines_of(fix)) {
    while (!line.empty() && line.front() == ' ') line.erase(0, 1);
    if (report::classify_fix_line(line) != report::FixLineKind::kComment) out.push_back(line);
  }
  return out;
}

TEST(FixScript, EverySeedScenarioScriptHoldsExactlyTheFixesOfItsFindings) {
  TempDir dir;
  auto scenario = lab::load_scenario("field-mistakes");
  ASSERT_TRUE(scenario) << scenario.error().message;
  std::filesystem::create_directories(dir.path() / "demo");
  auto minted = lab::mint_scenario(*scenario, dir.path() / "demo", 1780272000, 1, lab::LabKeys::kCached);
  ASSERT_TRUE(minted) << minted.error().message;
  std::size_t scripts_with_commands = 0;
  for (const auto& s : lab::file_checks(*scenario, *minted)) {
    const std::string script_path = dir.file(s.id + ".ps1");
    std::vector<std::string> args = {"check", "--format", "json", "--at", "2026-06-01T00:00:00Z", "--fix-script",
                                     script_path};
    for (const auto& a : s.command_args()) args.push_back(a);
    CommandResult r = run_uccert(args);
    ASSERT_NE(r.exit, kExitUnknown) << s.id << ": " << r.err;
    const auto report = nlohmann::json::parse(r.out);
    std::ifstream in(script_path);
    const std::string script((std::istreambuf_iterator<char>(in)), {});
    ASSERT_FALSE(script.empty()) << s.id;
    EXPECT_NE(script.find("$ErrorActionPreference = 'Stop'"), std::string::npos);
    std::vector<nlohmann::json> fixed;
    for (const auto& f : report["findings"])
      if (f["severity"] != "info" && !f["fix"].get<std::string>().empty()) fixed.push_back(f);
    const auto blocks = blocks_of(script);
    ASSERT_EQ(blocks.size(), fixed.size()) << s.id << "\n" << script;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      EXPECT_EQ(blocks[i].id, fixed[i]["id"].get<std::string>()) << s.id;
      EXPECT_GE(blocks[i].checks, 1U) << s.id << " " << blocks[i].id;
      // Each command of the block is a command of that finding's fix, and none is left out.
      EXPECT_EQ(blocks[i].commands, fix_commands(fixed[i]["fix"].get<std::string>())) << s.id << " " << blocks[i].id;
      if (!blocks[i].commands.empty()) ++scripts_with_commands;
      // A fix with a section per role: the script stops without -Role and runs one section.
      const std::string fix = fixed[i]["fix"].get<std::string>();
      std::size_t sections = 0;
      for (const auto& l : lines_of(fix)) sections += l.starts_with("# On ") && l.ends_with(":") ? 1 : 0;
      EXPECT_EQ(blocks[i].role_lines, sections == 0 ? 0 : 1 + 2 * sections) << s.id << " " << blocks[i].id;
    }
  }
  EXPECT_GT(scripts_with_commands, 3U);  // the seed scenarios do carry commands
}

TEST(FixScript, WhatIfGoesOnCmdletsThatHaveItAndPlaceholdersStayComments) {
  rules::Finding f;
  f.id = "name.mismatch";
  f.severity = rules::Severity::kFail;
  f.profiles = {"lync-desktop"};
  f.message = "pool.contoso.com\nis not on it";
  f.fix = "Re-issue with the dialled name, then assign it:\n"
          "Request-CsCertificate -New -Type Default -CA \"ca\\Contoso CA\" -DomainName \"pool.contoso.com\"\n"
          "Set-CsCertificate -Type Default -Thumbprint <thumbprint of the new certificate>\n"
          "Restart-Service RTCSRV   # the Front End loads the new Default certificate";
  const std::string script = report::fix_script({f}, {"uccert check x", "uccert check x"});
  // After a FILL IN line, the restart waits for it.
  EXPECT_NE(script.find(std::string("\n") + std::string(report::kAfterMarker) +
                        "Restart-Service RTCSRV   # the Front End"),
            std::string::npos)
      << script;
  EXPECT_NE(script.find(std::string(report::kFillInMarker) + "Set-CsCertificate -Type Default -Thumbprint <"),
            std::string::npos);
  EXPECT_NE(script.find("\n# Re-issue with the dialled name"), std::string::npos);
  EXPECT_NE(script.find("# problem: pool.contoso.com is not on it\n"), std::string::npos);  // one line
  EXPECT_NE(script.find("# check: Test-CsCertificateConfiguration"), std::string::npos);
  EXPECT_NE(script.find("# fixes: lync-desktop"), std::string::npos);
}

TEST(FixScript, WhatFollowsAnOfflineRequestWaitsForTheCertificate) {
  rules::Finding f;
  f.id = "name.cn-only-mismatch";
  f.severity = rules::Severity::kFail;
  f.fix = "Bind a UM-only certificate:\n"
          "New-ExchangeCertificate -GenerateRequest -SubjectName \"CN=exch01.contoso.com\" -RequestFile \"C:\\r.req\"\n"
          "Import-ExchangeCertificate -FileData ([System.IO.File]::ReadAllBytes(\"C:\\r.cer\"))\n"
          "Set-UMService -Identity exch01.contoso.com -UMStartupMode TLS";
  const std::string script = report::fix_script({f}, {});
  EXPECT_NE(script.find("\nNew-ExchangeCertificate -GenerateRequest -SubjectName \"CN=exch01.contoso.com\" "
                        "-RequestFile \"C:\\r.req\" -WhatIf:(-not $Apply)\n"),
            std::string::npos)
      << script;
  EXPECT_NE(script.find(std::string(report::kAfterMarker) + "Import-ExchangeCertificate"), std::string::npos);
  EXPECT_NE(script.find(std::string(report::kAfterMarker) + "Set-UMService"), std::string::npos);
}

TEST(FixScript, CommandsForSeveralRolesRunOnlyForTheRoleGiven) {
  rules::Finding f;
  f.id = "chain.incomplete";
  f.severity = rules::Severity::kFail;
  f.fix = "Send the intermediate:\n# On a Front End pool or Director (Default and web services certificate):\n"
          "Restart-Service RTCSRV\n# On Exchange Client Access (OWA, EWS, Autodiscover):\niisreset /noforce";
  const std::string script = report::fix_script({f}, {});
  EXPECT_NE(script.find("if (-not $Role) { throw 'chain.incomplete: the commands differ by role: run with -Role' }\n"
                        "# On a Front End pool or Director (Default and web services certificate):\n"
                        "if ($Role -eq 'FrontEnd') {\n  Restart-Service RTCSRV -WhatIf:(-not $Apply)\n}\n"
                        "# On Exchange Client Access (OWA, EWS, Autodiscover):\nif ($Role -eq 'Exchange') {\n"
                        "  iisreset /noforce\n}\n"),
            std::string::npos)
      << script;
}

TEST(FixScript, AnExistingFileOrMissingFolderIsRefusedAndNothingIsLeft) {
  TempDir dir;
  const auto& chain = testing::test_chain();
  const std::string file = testing::write_pem_chain(dir, "chain.pem", chain.leaf_first());
  dir.write("taken.ps1", "mine");
  CommandResult r = run_uccert({"check", "--name", "pool01.contoso.com", "--fix-script", dir.file("taken.ps1"), file});
  EXPECT_EQ(r.exit, kExitUnknown);
  EXPECT_EQ(testing::count_lines(r.err), 1U) << r.err;
  r = run_uccert({"check", "--name", "pool01.contoso.com", "--fix-script", dir.file("no/such.ps1"), file});
  EXPECT_EQ(r.exit, kExitUnknown);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 2);
}

}  // namespace
}  // namespace uccert::cli
