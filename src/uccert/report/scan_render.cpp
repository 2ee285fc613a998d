#include "uccert/report/scan_render.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <set>
#include <string_view>

#include "uccert/report/check_json.h"
#include "uccert/report/check_json_keys.h"
#include "uccert/report/json_line.h"
#include "uccert/report/nagios.h"
#include "uccert/report/printable.h"
#include "uccert/report/prometheus.h"
#include "uccert/report/verdict_line.h"

namespace uccert::report {

namespace k = check_keys;

namespace {

constexpr pki::UnixTime kDay = 86400;

std::string verdict_word(const ScanItem& item) {
  if (!item.check) return "unknown";
  return std::string(rules::to_string(item.check->judgement.worst()));
}

// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// The chain's first-expiring certificate: its notAfter and whole days left.
std::optional<std::pair<pki::UnixTime, long>> first_expiry(const CheckReport& r) {
  std::optional<pki::UnixTime> first;
  for (const auto& c : r.evidence.chain)
    if (c && (!first || c->not_after < *first)) first = c->not_after;
  if (!first) return std::nullopt;
  const auto left = *first - r.options.at;
  return std::pair{*first, static_cast<long>(left >= 0 ? left / kDay : -((-left + kDay - 1) / kDay))};
}

class JsonLinesWriter : public ScanWriter {
 public:
  std::string render(const ScanItem& item) const override { return render_scan_json_line(item); }
  std::string footer(const ScanSummary&) override { return {}; }
  bool for_programs() const override { return true; }
};

class CsvWriter : public ScanWriter {
 public:
  std::string header() const override {
    return "line,target,name,verdict,exit_code,verdicts,findings,first_expiry,days_remaining,seconds,error\r\n";
  }
  std::string render(const ScanItem& item) const override {
    std::string verdicts;
    std::string findings;
    std::string expiry;
    std::string days;
    if (item.check) {
      for (const auto& pj : item.check->judgement.profiles)
        verdicts += fmt::format("{}{}={}", verdicts.empty() ? "" : " ", pj.profile_id, rules::to_string(pj.verdict));
      std::set<std::string_view> ids;  // each id once, in the report's order
      for (const auto& f : item.check->judgement.findings)
        if (ids.insert(f.id).second) findings += (findings.empty() ? "" : " ") + f.id;
      if (auto e = first_expiry(*item.check)) {
        expiry = pki::format_time(e->first);
        days = std::to_string(e->second);
      }
    }
    return fmt::format("{},{},{},{},{},{},{},{},{},{:.3f},{}\r\n", item.line, csv_field(item.target),
                       csv_field(item.name), verdict_word(item), exit_code(item), csv_field(verdicts),
                       csv_field(findings), expiry, days, item.seconds, csv_field(item.error));
  }
  std::string footer(const ScanSummary&) override { return {}; }
  bool for_programs() const override { return true; }
};

class TextWriter : public ScanWriter {
 public:
  explicit TextWriter(bool color) : color_(color) {}
  std::string render(const ScanItem& item) const override {
    const int code = exit_code(item);
    std::string word = code == 2 ? "FAIL" : code == 1 ? "WARN" : code == 0 ? "PASS" : "UNKNOWN";
    if (color_) {
      const char* c = code == 0 ? "\x1b[32m" : code == 1 ? "\x1b[33m" : code == 2 ? "\x1b[31m" : "\x1b[35m";
      word = fmt::format("{}{:<7}\x1b[0m", c, word);
    } else {
      word = fmt::format("{:<7}", word);
    }
    const std::string what = item.check ? verdict_line(*item.check) : item.error;
    return fmt::format("{} {} as {}: {} (line {})\n", word, printable(item.target), printable(item.name),
                       printable(what), item.line);
  }
  std::string footer(const ScanSummary& summary) override { return "\n" + render_scan_summary_text(summary); }
  bool for_programs() const override { return false; }

 private:
  bool color_;
};

class NagiosWriter : public ScanWriter {
 public:
  std::string render(const ScanItem&) const override { return {}; }
  std::string footer(const ScanSummary& summary) override { return render_scan_nagios(summary); }
  bool for_programs() const override { return true; }
};

// The exposition format wants each family's samples together: they are kept per family until
// the end (a few hundred bytes per target).
class PrometheusWriter : public ScanWriter {
 public:
  std::string render(const ScanItem& item) const override {
    std::string packed;
    for (const auto& family : prometheus_samples(item)) packed += family + '\0';
    return packed;
  }
  std::string take(std::string rendered) override {
    std::size_t from = 0;
    for (auto& family : samples_) {
      const auto end = rendered.find('\0', from);
      if (end == std::string::npos) break;
      family.append(rendered, from, end - from);
      from = end + 1;
    }
    return {};
  }
  std::string footer(const ScanSummary&) override { return prometheus_text(samples_); }
  bool for_programs() const override { return true; }

 private:
  PrometheusSamples samples_;
};

constexpr std::string_view kFormats[] = {"text", "json", "jsonl", "csv", "nagios", "prometheus"};

}  // namespace

std::span<const std::string_view> scan_formats() { return kFormats; }

std::unique_ptr<ScanWriter> make_scan_writer(std::string_view format, const RenderStyle& style) {
  if (format == "text") return std::make_unique<TextWriter>(style.color);
  if (format == "json" || format == "jsonl") return std::make_unique<JsonLinesWriter>();
  if (format == "csv") return std::make_unique<CsvWriter>();
  if (format == "nagios") return std::make_unique<NagiosWriter>();
  if (format == "prometheus") return std::make_unique<PrometheusWriter>();
  return nullptr;
}

std::string render_scan_json_line(const ScanItem& item) {
  nlohmann::ordered_json j;
  if (item.check) {
    j = check_json(*item.check);
  } else {
    j[k::kSchema] = k::kSchemaVersion;
    j[k::kCommand] = "check";
    j[k::kTarget] = item.target;
    j[k::kName] = item.name;
    j[k::kVerdict] = "unknown";
    j[k::kExitCode] = exit_code(item);
    j[k::kError] = item.error;
  }
  nlohmann::ordered_json scan;
  scan[k::kLine] = item.line;
  scan[k::kSeconds] = item.seconds;
  scan[k::kAttempts] = item.attempts;
  scan[k::kProbeSeconds] = item.probe_seconds ? nlohmann::ordered_json(*item.probe_seconds) : nlohmann::ordered_json();
  j[k::kScan] = std::move(scan);
  std::string line;
  line.reserve(16384);
  append_json_line(line, j);
  line += '\n';
  return line;
}

std::string render_scan_summary_text(const ScanSummary& s) {
  const auto& n = s.by_exit();
  std::string out = fmt::format("scan: {} targets: {} pass, {} warn, {} fail, {} could not be evaluated\n", s.targets(),
                                n[0], n[1], n[2], n[3]);
  if (s.bad_lines() > 0) out += fmt::format("  {} targets lines refused (said above with their line numbers)\n", s.bad_lines());
  if (!s.verdicts().empty()) {
    out += "verdicts per client (pass / warn / fail):\n";
    for (const auto& [client, v] : s.verdicts())
      out += fmt::format("  {:<24} {:>6} {:>6} {:>6}\n", client, v[0], v[1], v[2]);
  }
  const auto top = s.top_findings(10);
  if (!top.empty()) {
    out += "most frequent findings (targets):\n";
    for (const auto& [id, count] : top) out += fmt::format("  {:<40} {:>6}\n", id, count);
  }
  out += fmt::format("expiry calendar (first certificate of each chain to expire): {} expired, {} within 7 days, "
                     "{} within 8-30 days, {} within 31-90 days\n",
                     s.expired(), s.expiring()[0], s.expiring()[1], s.expiring()[2]);
  for (const auto& e : s.soonest()) {
    const auto left = e.not_after - s.at();
    out += fmt::format("  {}  {:>5} days  {} (line {}): {}\n", pki::format_time(e.not_after),
                       left >= 0 ? left / kDay : -((-left + kDay - 1) / kDay), printable(e.target), e.line,
                       printable(e.subject));
  }
  return out;
}

}  // namespace uccert::report
