#include "uccert/report/fix_script.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace uccert::report {

namespace {

// Cmdlets in fix text that take -WhatIf (the common parameters of a cmdlet that changes state).
constexpr std::array<std::string_view, 12> kWhatIfCmdlets = {
    "Set-CsCertificate",      "Import-CsCertificate",          "Set-CsWebServiceConfiguration",
    "Enable-ExchangeCertificate", "Import-ExchangeCertificate", "New-ExchangeCertificate",
    "Set-UMService",          "Set-UMCallRouterSettings",      "Set-UMServer",
    "Move-Item",              "Restart-Service",               "Remove-Item"};

// Programs (not cmdlets) that fix text runs.
constexpr std::array<std::string_view, 6> kPrograms = {"certutil ", "tzutil ", "w32tm ", "iisreset", "openssl ",
                                                       "Stop-CsWindowsService"};

bool is_verb_noun(std::string_view s) {
  // "Verb-Noun" at the start (PowerShell's cmdlet form), optionally after "$x = ".
  if (s.starts_with("$")) {
    const auto eq = s.find(" = ");
    if (eq == std::string_view::npos) return false;
    s.remove_prefix(eq + 3);
  }
  // PowerShell's approved verbs that fix text uses ("Re-issue the ..." is prose, not a cmdlet).
  static constexpr std::array<std::string_view, 17> kVerbs = {
      "Get", "Set", "New", "Remove", "Import", "Export", "Enable", "Disable", "Restart",
      "Request", "Move", "Test", "Start", "Stop", "Approve", "Add", "Update"};
  const auto dash = s.find('-');
  if (dash == std::string_view::npos || std::find(kVerbs.begin(), kVerbs.end(), s.substr(0, dash)) == kVerbs.end())
    return false;
  std::size_t i = dash + 1;
  if (i >= s.size() || std::isupper(static_cast<unsigned char>(s[i])) == 0) return false;
  while (i < s.size() && std::isalnum(static_cast<unsigned char>(s[i])) != 0) ++i;
  return i == s.size() || s[i] == ' ' || s[i] == ';';
}

// The command part of a line (before a trailing "   # comment").
std::string_view command_part(std::string_view line) {
  const auto hash = line.find("   #");
  return hash == std::string_view::npos ? line : line.substr(0, hash);
}

bool has_placeholder(std::string_view command) {
  const auto lt = command.find('<');
  return lt != std::string_view::npos && command.find('>', lt) != std::string_view::npos;
}

std::string with_whatif(std::string_view line) {
  const std::string_view command = command_part(line);
  const std::string_view rest = line.substr(command.size());
  std::string_view verb = command;
  if (verb.starts_with("$")) verb.remove_prefix(verb.find(" = ") + 3);
  const bool takes = std::any_of(kWhatIfCmdlets.begin(), kWhatIfCmdlets.end(), [&](std::string_view c) {
    return verb.starts_with(c) && (verb.size() == c.size() || verb[c.size()] == ' ');
  });
  // A pipeline or several commands on one line: left as written.
  if (!takes || command.find(';') != std::string_view::npos || command.find('|') != std::string_view::npos)
    return std::string(line);
  std::string out(command);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out + std::string(kWhatIf) + std::string(rest);
}

// Text after a "#": one line whatever it holds (a certificate's name may hold a line break).
std::string comment(std::string_view text) {
  std::string out;
  for (char c : text) out += (c == '\n' || c == '\r') ? ' ' : c;
  return out;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// The `# check:` lines for a block, from the commands it runs.
std::vector<std::string> checks_for(std::string_view fix, std::string_view recheck) {
  std::vector<std::string> out;
  auto has = [&](std::string_view s) { return fix.find(s) != std::string_view::npos; };
  if (has("Set-CsCertificate") || has("Request-CsCertificate")) {
    out.emplace_back("Get-CsCertificate | Format-List Use, Thumbprint, Subject, AlternativeNames, NotAfter");
    out.emplace_back("Test-CsCertificateConfiguration");
  }
  if (has("ExchangeCertificate"))
    out.emplace_back(
        "Get-ExchangeCertificate | Format-List Thumbprint, Services, Subject, CertificateDomains, NotAfter");
  if (has("TrustedCACerts")) out.emplace_back("(Get-CsWebServiceConfiguration).TrustedCACerts");
  if (has("Cert:\\LocalMachine\\Root") || has("-delstore Root"))
    out.emplace_back("Get-ChildItem Cert:\\LocalMachine\\Root | Where-Object { $_.Issuer -ne $_.Subject }");
  if (!recheck.empty()) out.emplace_back(recheck);
  if (out.empty()) out.emplace_back("run the command of the finding's fix that shows the result, then check again");
  return out;
}

// A fix for a certificate whose role `check` could not tell gives the commands of each role under
// "# On <role>:" (rules/fix_text.h); the script runs only the section of the -Role it is given.
std::string_view role_key(std::string_view label) {
  if (label.find("Front End") != std::string_view::npos) return "FrontEnd";
  if (label.find("Edge Server, internal") != std::string_view::npos) return "EdgeInternal";
  if (label.find("Edge Server, external") != std::string_view::npos) return "EdgeExternal";
  if (label.find("Exchange") != std::string_view::npos) return "Exchange";
  if (label.find("reverse proxy") != std::string_view::npos) return "ReverseProxy";
  return "Other";
}

bool is_role_label(std::string_view line) { return line.starts_with("# On ") && line.ends_with(":"); }

// A request whose certificate the CA issues later: what follows it waits for that certificate.
bool is_offline_request(std::string_view line) {
  const std::string_view command = command_part(line);
  const auto has = [&](std::string_view s) { return command.find(s) != std::string_view::npos; };
  return (command.starts_with("Request-CsCertificate") && has(" -Output ")) ||
         (command.starts_with("New-ExchangeCertificate") && has(" -GenerateRequest"));
}

}  // namespace

FixLineKind classify_fix_line(std::string_view line) {
  if (line.starts_with("#")) return FixLineKind::kComment;
  const std::string_view command = command_part(line);
  const bool program = std::any_of(kPrograms.begin(), kPrograms.end(), [&](std::string_view p) {
    return command.starts_with(p);
  });
  if (!program && !is_verb_noun(command)) return FixLineKind::kComment;
  // openssl is not on a Windows server as a rule: a check to run elsewhere, kept as a comment.
  if (command.starts_with("openssl ")) return FixLineKind::kComment;
  return has_placeholder(command) ? FixLineKind::kFillIn : FixLineKind::kCommand;
}

std::string fix_script(const rules::Findings& findings, const FixScriptContext& context) {
  std::string out;
  out += "# uccert fix script: one block per finding, in the order of the report.\n";
  if (!context.generated_by.empty()) out += "# From: " + comment(context.generated_by) + "\n";
  out += "# Read every block before running it. Without -Apply it is a dry run (-WhatIf); lines marked FILL IN\n";
  out += "# need a value only you have (a new certificate's thumbprint, a password) and stay comments until then.\n";
  out += "# A fix that differs by the server's role runs only the section of -Role (FrontEnd, EdgeInternal,\n";
  out += "# EdgeExternal, Exchange, ReverseProxy); without -Role such a block stops the script.\n";
  out += "param([switch]$Apply, [string]$Role)\n$ErrorActionPreference = 'Stop'\n";
  std::size_t blocks = 0;
  for (const auto& f : findings) {
    if (f.fix.empty() || f.severity == rules::Severity::kInfo) continue;
    ++blocks;
    out += fmt::format("\n# ---- {} ({}) ----\n", f.id, rules::to_string(f.severity));
    out += "# fixes: " + comment(f.profiles.empty() ? std::string("every client") : joined(f.profiles)) + "\n";
    out += "# problem: " + comment(f.message) + "\n";
    if (!f.source.empty()) out += "# source: " + comment(f.source) + "\n";
    std::string_view role;  // the role section open ("" none)
    std::string indent;
    bool held = false;  // a step above needs doing first (kAfterMarker)
    std::size_t start = 0;
    while (start <= f.fix.size()) {
      const std::size_t end = std::min(f.fix.find('\n', start), f.fix.size());
      std::string_view line = std::string_view(f.fix).substr(start, end - start);
      start = end + 1;
      while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
      if (line.empty()) continue;
      if (is_role_label(line)) {
        if (role.empty())
          out += fmt::format("if (-not $Role) {{ throw '{}: the commands differ by role: run with -Role' }}\n", f.id);
        else
          out += "}\n";
        role = role_key(line);
        out += std::string(line) + "\n" + fmt::format("if ($Role -eq '{}') {{\n", role);
        indent = "  ";
        held = false;
        continue;
      }
      switch (classify_fix_line(line)) {
        case FixLineKind::kCommand:
          out += indent + (held ? std::string(kAfterMarker) + std::string(line) : with_whatif(line)) + "\n";
          held = held || is_offline_request(line);
          break;
        case FixLineKind::kFillIn:
          out += indent + std::string(kFillInMarker) + std::string(line) + "\n";
          held = true;
          break;
        case FixLineKind::kComment:
          out += indent + (line.starts_with("#") ? std::string() : std::string("# ")) + std::string(line) + "\n";
          break;
      }
    }
    if (!role.empty()) out += "}\n";
    for (const auto& c : checks_for(f.fix, context.recheck)) out += "# check: " + comment(c) + "\n";
  }
  if (blocks == 0) out += "\n# Nothing to fix: no finding is a warning or a failure.\n";
  return out;
}

}  // namespace uccert::report
