#include "uccert/report/check_text.h"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>

#include "uccert/profiles/roles.h"
#include "uccert/report/printable.h"
#include "uccert/report/wrap.h"

namespace uccert::report {

namespace {

constexpr std::string_view kRed = "\033[31m";
constexpr std::string_view kYellow = "\033[33m";
constexpr std::string_view kGreen = "\033[32m";
constexpr std::string_view kBold = "\033[1m";
constexpr std::string_view kDim = "\033[2m";
constexpr std::string_view kReset = "\033[0m";

class Painter {
 public:
  explicit Painter(bool color) : color_(color) {}
  std::string operator()(std::string_view text, std::string_view code) const {
    if (!color_) return std::string(text);
    return fmt::format("{}{}{}", code, text, kReset);
  }

 private:
  bool color_;
};

std::string_view verdict_word(rules::Verdict v) {
  switch (v) {
    case rules::Verdict::kPass: return "pass";
    case rules::Verdict::kWarn: return "WARN";
    case rules::Verdict::kFail: return "FAIL";
  }
  return "FAIL";
}

std::string_view severity_word(rules::Severity s) {
  switch (s) {
    case rules::Severity::kInfo: return "info";
    case rules::Severity::kWarn: return "WARN";
    case rules::Severity::kFail: return "FAIL";
  }
  return "FAIL";
}

std::string_view colour_of(rules::Verdict v) {
  switch (v) {
    case rules::Verdict::kPass: return kGreen;
    case rules::Verdict::kWarn: return kYellow;
    case rules::Verdict::kFail: return kRed;
  }
  return kRed;
}


std::string day_text(pki::UnixTime t) { return pki::format_time(t).substr(0, 10); }

}  // namespace

std::string render_check_text(const CheckReport& r, const CheckTextStyle& style) {
  const Painter paint(style.color);
  const auto& j = r.judgement;
  std::ostringstream out;

  out << paint(fmt::format("uccert check {}", printable(r.evidence.target)), kBold);
  if (!r.evidence.dialled_name.empty()) out << " as " << r.evidence.dialled_name;
  out << fmt::format(" ({}{} certificate{}) at {}\n\n", r.evidence.container.empty() ? "" : r.evidence.container + ", ",
                     r.evidence.chain.size(), r.evidence.chain.size() == 1 ? "" : "s", pki::format_time(r.options.at));
  if (r.options.role) {
    // The role judged and the names it must carry, the subject first (docs/roles.md).
    const auto& spec = profiles::role_spec(*r.options.role);
    std::string names;
    for (const auto& n : r.options.role_names) {
      names += (names.empty() ? "" : ", ") + n.name;
      if (n.subject) names += " (CN)";
      if (n.need != profiles::Need::kRequired) names += fmt::format(" ({})", profiles::to_string(n.need));
    }
    out << fmt::format("Role {}: {}\n", spec.id, spec.title);
    if (!names.empty()) out << "Names it must carry: " << printable(names) << "\n";
    out << "\n";
  }

  // Verdicts, aligned.
  std::size_t width = 0;
  for (const auto& pj : j.profiles) width = std::max(width, pj.profile_id.size());
  for (const auto& pj : j.profiles) {
    std::vector<std::string> why;
    for (const auto& f : j.findings) {
      if (rules::verdict_of(f.severity) != pj.verdict || pj.verdict == rules::Verdict::kPass) continue;
      if (std::find(f.profiles.begin(), f.profiles.end(), pj.profile_id) == f.profiles.end()) continue;
      if (std::find(why.begin(), why.end(), f.id) == why.end()) why.push_back(f.id);
    }
    std::string line = fmt::format("  {:<{}}  {}", pj.profile_id, width,
                                   paint(verdict_word(pj.verdict), colour_of(pj.verdict)));
    if (!why.empty()) {
      line += "  ";
      for (std::size_t i = 0; i < why.size(); ++i) line += (i == 0 ? "" : ", ") + why[i];
    }
    out << line << "\n";
  }

  // Findings: fix first, then what is wrong, then the theory.
  if (!j.findings.empty()) out << "\n" << paint(fmt::format("Findings ({})", j.findings.size()), kBold) << "\n";
  for (const auto& f : j.findings) {
    const auto v = rules::verdict_of(f.severity);
    std::string clients;
    for (std::size_t i = 0; i < f.profiles.size(); ++i) clients += (i == 0 ? "" : ", ") + f.profiles[i];
    out << "\n"
        << paint(severity_word(f.severity), f.severity == rules::Severity::kInfo ? kDim : colour_of(v)) << "  "
        << paint(f.id, kBold) << "  [" << clients << "]\n";
    out << "  Fix:\n";
    out << indented_lines(f.fix, "    ");
    out << "  Problem:\n";
    // One paragraph: a name's own newline is shown, not obeyed; wrapped at a terminal's width.
    out << wrap(printable(f.message), style.width, "    ", "    ");
    std::string why = wrap(fmt::format("Why: {} ({})", f.title, f.source), style.width, "  ", "       ");
    why.pop_back();
    out << paint(why, kDim) << "\n";
  }

  // The chain as presented.
  out << "\n" << paint("Chain as presented", kBold) << "\n";
  for (std::size_t i = 0; i < r.evidence.chain.size(); ++i) {
    const auto& c = r.evidence.chain[i];
    if (!c) continue;
    out << fmt::format("  {}  {}\n", i,
                       c->subject.text.empty() ? std::string("(empty subject)") : printable(c->subject.text));
    out << fmt::format("     issuer   {}\n", printable(c->issuer.text));
    out << fmt::format("     valid    {} to {}\n", day_text(c->not_before), day_text(c->not_after));
    std::string sans;
    for (const auto& n : c->subject_alt_names)
      if (n.type == pki::GeneralNameType::kDns || n.type == pki::GeneralNameType::kIp)
        sans += (sans.empty() ? "" : ", ") + n.value;
    if (!sans.empty()) out << fmt::format("     SAN      {}\n", printable(sans));
    out << fmt::format("     SHA-1    {}\n", c->sha1_thumbprint);
  }
  if (!r.evidence.fetches.empty()) {
    out << "\n" << paint("Fetched from the certificates' URLs", kBold) << "\n";
    for (const auto& f : r.evidence.fetches) {
      out << fmt::format("  {:<11} {} {}{}\n", evidence::to_string(f.outcome), f.purpose, printable(f.url),
                         f.from_cache ? " (from the cache)" : "");
      if (f.outcome != evidence::FetchOutcome::kFetched) out << fmt::format("              {}\n", printable(f.detail));
    }
  }
  for (const auto& n : r.notes) out << "\n" << paint("note: " + printable(n), kDim);
  if (!r.notes.empty()) out << "\n";
  return out.str();
}

}  // namespace uccert::report
