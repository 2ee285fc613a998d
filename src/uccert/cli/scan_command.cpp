// `uccert scan [options] [TARGETS_FILE]`: every target of a file (or standard input) judged as
// `check` judges it, many at once (run::run_scan), each result written as it completes, then a
// summary. The exit code is the worst over the targets.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <string>

#include "uccert/cli/app.h"
#include "uccert/cli/error_line.h"
#include "uccert/cli/password.h"
#include "uccert/cli/scan_line.h"
#include "uccert/cli/target_options.h"
#include "uccert/cli/trust_options.h"
#include "uccert/report/renderers.h"
#include "uccert/report/scan_render.h"
#include "uccert/run/scan.h"
#include "uccert/run/scan_targets.h"

namespace uccert::cli {

namespace {

struct ScanOptions {
  std::string targets_file = "-";
  TargetOptions defaults;  // every line's, unless the line gives its own
  std::string profiles_file;
  std::string at;
  acquire::TrustFiles trust;
  std::string format = "text";
  PasswordOptions password;
  int concurrency = 64;
  int jobs = 0;
  double rate = 0;
  int retries = 0;
  std::string shard;
};

using Clock = std::chrono::steady_clock;

// "done / total, rate, failures, time left" on stderr, redrawn at most ten times a second, only
// when stderr is a terminal. Targets on standard input have no total known in advance (0).
class Progress {
 public:
  Progress(Console& console, std::size_t total) : console_(console), total_(total), started_(Clock::now()) {}
  void clear() {
    if (shown_) *console_.err << "\r\x1b[K" << std::flush;
    shown_ = false;
  }
  void update(std::size_t done, std::size_t failures, bool force = false) {
    const auto now = Clock::now();
    if (!force && shown_ && now - drawn_ < std::chrono::milliseconds(100)) return;
    drawn_ = now;
    const double seconds = std::chrono::duration<double>(now - started_).count();
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    std::string line = fmt::format("\r\x1b[Kscan: {} done", done);
    if (total_ > 0) line = fmt::format("\r\x1b[Kscan: {}/{} done", done, total_);
    line += fmt::format(", {:.1f}/s, {} could not be evaluated", rate, failures);
    if (total_ > 0 && rate > 0 && total_ >= done)
      line += fmt::format(", {:.0f} s left", static_cast<double>(total_ - done) / rate);
    *console_.err << line << std::flush;
    shown_ = true;
  }

 private:
  Console& console_;
  std::size_t total_;
  Clock::time_point started_;
  Clock::time_point drawn_{};
  bool shown_ = false;
};

int run_scan(ScanOptions& opt, Console& console) {
  std::optional<run::Shard> shard;
  if (!opt.shard.empty()) {
    auto s = run::parse_shard(opt.shard);
    if (!s) return fail(console, "scan", s.error().message);
    shard = *s;
  }
  auto writer = report::make_scan_writer(opt.format, report::RenderStyle{console.color, console.width});
  if (!writer) return fail(console, "scan", "--format " + opt.format + ": no such output format");

  // The targets: a file, read twice when a progress line wants its total; or standard input.
  std::ifstream file;
  std::istream* in = console.in;
  std::size_t total = 0;
  const bool progress_wanted = console.err_is_tty;
  if (opt.targets_file != "-") {
    file.open(opt.targets_file);
    if (!file) return fail(console, "scan", opt.targets_file + ": cannot read the targets file");
    if (progress_wanted) {
      total = run::count_targets(file, shard);
      file.clear();
      file.seekg(0);
    }
    in = &file;
  } else if (in == nullptr || console.stdin_is_tty) {
    return fail(console, "scan", "give a targets file, or the targets on standard input (one a line)");
  }

  auto source = make_password_source(opt.password, console);
  if (!source) return fail(console, "scan", source.error().message);
  run::ScanRequest request;
  request.profiles_file = opt.profiles_file;
  request.at = opt.at;
  request.trust = opt.trust;
  request.password = std::move(source.value());
  request.missing_password_hint = missing_password_hint(console.stdin_is_tty);
  request.concurrency = opt.concurrency;
  request.jobs = opt.jobs;
  request.rate = opt.rate;
  request.retries = opt.retries;

  run::TargetsReader reader(*in, shard);
  report::ScanSummary summary;
  std::optional<Progress> progress;
  if (progress_wanted) progress.emplace(console, total);
  std::size_t done = 0;
  bool header_written = false;
  auto write = [&](const std::string& text) {
    if (!header_written) {
      *console.out << writer->header();
      header_written = true;
    }
    if (text.empty()) return;
    if (progress) progress->clear();
    *console.out << text << std::flush;
  };

  run::ScanCallbacks callbacks;
  callbacks.next = [&]() -> std::optional<Result<run::ScanTarget>> {
    auto line = reader.next();
    if (!line) return std::nullopt;
    return parse_targets_line(*line, opt.defaults);
  };
  callbacks.render = [&](const report::ScanItem& item) { return writer->render(item); };
  callbacks.done = [&](const report::ScanItem& item, std::string rendered) {
    summary.add(item);
    write(writer->take(std::move(rendered)));
    ++done;
    if (progress) progress->update(done, summary.by_exit()[report::kExitUnknown]);
  };
  callbacks.refused = [&](const Error& e) {
    summary.add_bad_line();
    if (progress) progress->clear();
    *console.err << "uccert: scan: " << e.message << " (skipped)\n";
  };
  auto status = run::run_scan(request, callbacks);
  if (progress) progress->clear();
  if (!status) return fail(console, "scan", status.error().message);
  write(writer->footer(summary));
  if (writer->for_programs() && opt.format != "nagios") *console.err << report::render_scan_summary_text(summary);
  return summary.exit_code();
}

}  // namespace

void add_scan_command(CLI::App& app, CommandContext& ctx) {
  auto opt = std::make_shared<ScanOptions>();
  CLI::App* sub = app.add_subcommand(
      "scan", "Judge many targets as check does, many at once: one result per target as it completes, then a summary");
  sub->add_option("TARGETS_FILE", opt->targets_file,
                  "One target a line: a certificate file or HOST:PORT, then check's options for it (--name, --proto, "
                  "--sni, --profile, --connect-to, ...); '#' comments. Default or '-': standard input");
  add_target_options(*sub, opt->defaults);
  sub->add_option("--profiles", opt->profiles_file, "Extra or overriding client profiles (TOML)");
  sub->add_option("--at", opt->at, "Validate at this RFC 3339 time instead of now");
  add_trust_options(*sub, opt->trust);
  sub->add_option("--format", opt->format,
                  "Output format: text, json (JSON Lines: one check object per target), csv, nagios, prometheus")
      ->check(CLI::IsMember({"text", "json", "jsonl", "csv", "nagios", "prometheus"}));
  sub->add_option("--concurrency", opt->concurrency, "Targets in flight at once (default 64)");
  sub->add_option("--jobs", opt->jobs, "Threads judging chains (default: one per core)");
  sub->add_option("--rate", opt->rate, "Connection attempts per second at most (default: no limit)");
  sub->add_option("--retries", opt->retries,
                  "Attempts again after a refused connection, pausing 0.25 s, then twice as long each time, within "
                  "the target's --timeout (default 0)");
  sub->add_option("--shard", opt->shard,
                  "K/N: scan only the lines whose stable hash falls in shard K of N (0 <= K < N), so N machines or "
                  "jobs split a fleet with no coordinator");
  add_password_options(*sub, opt->password);
  sub->callback([opt, &ctx] { ctx.exit = run_scan(*opt, ctx.console); });
}

}  // namespace uccert::cli
