#include "uccert/report/prometheus.h"

#include <fmt/format.h>

#include "uccert/report/printable.h"
#include "uccert/report/report.h"

namespace uccert::report {

namespace {

struct Family {
  const char* name;
  const char* help;
};

// The index of each family in PrometheusSamples.
enum FamilyIndex : std::size_t { kExpiry, kVerdict, kExit, kUp, kProbe };

constexpr Family kFamilies[kPrometheusFamilies] = {
    {"uccert_certificate_expiry_timestamp_seconds",
     "notAfter of each certificate of the chain as the target presents it (Unix time)"},
    {"uccert_client_verdict", "Verdict for each client profile: 0 pass, 1 warn, 2 fail"},
    {"uccert_exit_code", "The target's exit code: 0 pass, 1 warn, 2 fail, 3 could not be evaluated"},
    {"uccert_up", "1 when the target could be evaluated, else 0"},
    {"uccert_probe_duration_seconds", "How long the probe of a live endpoint took (connect, handshake, protocol)"},
};

// Label values: printable (one line, valid UTF-8), then the exposition format's escapes.
std::string label_value(std::string_view text) {
  std::string out;
  for (char c : printable(text)) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out;
}


}  // namespace

PrometheusSamples prometheus_samples(const ScanItem& item) {
  PrometheusSamples s;
  const std::string base = fmt::format("target=\"{}\",name=\"{}\"", label_value(item.target), label_value(item.name));
  s[kExit] = fmt::format("{}{{{}}} {}\n", kFamilies[kExit].name, base, exit_code(item));
  s[kUp] = fmt::format("{}{{{}}} {}\n", kFamilies[kUp].name, base, item.check ? 1 : 0);
  if (item.probe_seconds)
    s[kProbe] = fmt::format("{}{{{}}} {:.6f}\n", kFamilies[kProbe].name, base, *item.probe_seconds);
  if (!item.check) return s;
  const CheckReport& r = *item.check;
  for (std::size_t i = 0; i < r.evidence.chain.size(); ++i) {
    const auto& c = r.evidence.chain[i];
    if (!c) continue;
    s[kExpiry] += fmt::format("{}{{{},index=\"{}\",subject=\"{}\"}} {}\n", kFamilies[kExpiry].name, base, i,
                              label_value(c->subject.text), c->not_after);
  }
  for (const auto& pj : r.judgement.profiles)
    s[kVerdict] += fmt::format("{}{{{},client=\"{}\"}} {}\n", kFamilies[kVerdict].name, base,
                               label_value(pj.profile_id), exit_code(pj.verdict));
  return s;
}

std::string prometheus_text(const PrometheusSamples& samples) {
  std::string out;
  for (std::size_t i = 0; i < kPrometheusFamilies; ++i) {
    if (samples[i].empty()) continue;
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n", kFamilies[i].name, kFamilies[i].help, kFamilies[i].name);
    out += samples[i];
  }
  return out;
}

std::string render_prometheus(const Report& report) {
  const auto* c = report.as<CheckReport>();
  if (c == nullptr)
    return fmt::format("# uccert {}: no metrics (prometheus output is for check and scan)\n", report.command());
  ScanItem item;
  item.target = c->evidence.target;
  item.name = c->evidence.dialled_name;
  item.probe_seconds = c->probe_seconds;
  item.check = *c;
  return prometheus_text(prometheus_samples(item));
}

}  // namespace uccert::report
