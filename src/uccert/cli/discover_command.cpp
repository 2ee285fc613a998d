// `uccert discover SIPDOMAIN`: walk the DNS records Lync / Skype for Business clients and
// federation partners look up (net::discover), probe every target, judge each certificate against
// the name dialled there for the clients using that record, and print a table plus the findings.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "uccert/cli/app.h"
#include "uccert/cli/error_line.h"
#include "uccert/cli/judge_setup.h"
#include "uccert/cli/probe_options.h"
#include "uccert/cli/trust_options.h"
#include "uccert/net/discover.h"
#include "uccert/profiles/client_profile.h"
#include "uccert/report/check_json.h"
#include "uccert/report/check_report.h"
#include "uccert/report/endpoint_json.h"
#include "uccert/report/json_text.h"
#include "uccert/report/printable.h"

namespace uccert::cli {

namespace {

struct DiscoverCliOptions {
  std::string domain;
  std::vector<std::string> profile_ids;
  std::string profiles_file;
  std::string at;
  TrustOptions trust;
  ProbeCliOptions connection;
  std::string format = "text";
  int concurrency = 8;
  double deadline_seconds = 0;  // --deadline; when not given: 3 x --timeout
  bool deadline_given = false;
  bool no_probe = false;
};

std::string target_key(const std::string& name, std::uint16_t port, const std::vector<std::string>& profiles) {
  return fmt::format("{}:{}|{}", name, port, fmt::join(profiles, ","));
}

std::string leaf_summary(const net::ProbedTarget& t) {
  if (!t.evidence && t.not_probed != net::NotProbed::kNo) return "not probed";
  if (!t.evidence) return t.error.empty() ? "-" : "unreachable";
  if (t.evidence->chain.empty()) return "-";
  const auto& leaf = *t.evidence->chain.front();
  std::string cn = leaf.subject_common_names.empty() ? leaf.subject.text : "CN=" + leaf.subject_common_names.front();
  return fmt::format("{} ({} sent)", cn, t.evidence->chain.size());
}

std::string verdicts_summary(const net::ProbedTarget& t) {
  if (!t.judgement) return t.evidence ? "not judged" : t.error;
  std::vector<std::string> parts;
  for (const auto& pj : t.judgement->profiles) {
    parts.push_back(fmt::format("{} {}", pj.profile_id, rules::to_string(pj.verdict)));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string status_text(const net::DiscoveredRecord& rec) {
  switch (rec.status) {
    case net::DnsStatus::kOk: return "";
    case net::DnsStatus::kNxDomain: return "not found";
    case net::DnsStatus::kNoData: return "no record of this type";
    case net::DnsStatus::kTimeout: return "lookup timed out";
    case net::DnsStatus::kError: return "lookup failed: " + rec.error;
  }
  return "";
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string indent(const std::string& text, const std::string& pad) {
  std::string out;
  for (char c : text) {
    out.push_back(c);
    if (c == '\n') out += pad;
  }
  return out;
}

// One finding, with every record -> target it was seen at (the same certificate behind several
// records gives the same finding once).
void print_finding(std::ostream& out, const rules::Finding& f, const std::vector<std::string>& where) {
  out << fmt::format("{:<4}  {}  [{}]\n", f.severity == rules::Severity::kInfo ? "info" : upper(rules::to_string(f.severity)),
                     f.id, fmt::join(f.profiles, ", "));
  for (const auto& w : where) out << "  at " << w << "\n";
  out << "  " << indent(f.message, "  ") << "\n";
  if (!f.fix.empty()) out << "  Fix: " << indent(f.fix, "       ") << "\n";
  if (!f.source.empty()) out << "  Why: " << (f.title.empty() ? "" : f.title + " ") << "(" << f.source << ")\n";
}

void render_text(std::ostream& out, const net::DiscoverResult& r, const std::vector<std::string>& dns_servers) {
  out << fmt::format("uccert discover {} (DNS: {})\n\n", r.domain,
                     dns_servers.empty() ? std::string("system resolver") : fmt::format("{}", fmt::join(dns_servers, ", ")));
  struct Row {
    std::string record, type, target, port, cert, verdicts;
  };
  std::vector<Row> rows;
  for (const auto& rec : r.records) {
    std::string type = rec.spec.kind == net::RecordKind::kSrv ? "SRV" : "A";
    if (rec.status != net::DnsStatus::kOk) {
      rows.push_back({rec.name, type, status_text(rec), "", "", ""});
      continue;
    }
    if (rec.spec.kind == net::RecordKind::kSrv && !rec.spec.tls) {
      for (const auto& s : rec.srv) rows.push_back({rec.name, type, s.target, std::to_string(s.port), "TCP, no TLS", ""});
      continue;
    }
    for (const auto& t : rec.targets) {
      std::string target = t.name;
      if (rec.spec.kind == net::RecordKind::kHost && rec.host) {
        target = rec.host->cname_chain.empty() ? fmt::format("{}", fmt::join(rec.host->addresses, " "))
                                               : fmt::format("CNAME {} ({})", rec.host->canonical_name,
                                                             fmt::join(rec.host->addresses, " "));
      }
      rows.push_back({rec.name, type, target, std::to_string(t.port), leaf_summary(t), verdicts_summary(t)});
    }
  }
  std::size_t w0 = 6, w1 = 4, w2 = 6, w3 = 4, w4 = 11;
  for (const auto& row : rows) {
    w0 = std::max(w0, row.record.size());
    w1 = std::max(w1, row.type.size());
    w2 = std::max(w2, row.target.size());
    w3 = std::max(w3, row.port.size());
    w4 = std::max(w4, row.cert.size());
  }
  out << fmt::format("{:<{}}  {:<{}}  {:<{}}  {:<{}}  {:<{}}  {}\n", "RECORD", w0, "TYPE", w1, "TARGET", w2, "PORT",
                     w3, "CERTIFICATE", w4, "VERDICT PER CLIENT");
  for (const auto& row : rows) {
    std::string line = fmt::format("{:<{}}  {:<{}}  {:<{}}  {:<{}}  {:<{}}  {}", row.record, w0, row.type, w1,
                                   row.target, w2, row.port, w3, row.cert, w4, row.verdicts);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }

  // What each endpoint said (SIP status, ms-diagnostics, HTTP status), once per target.
  std::vector<std::string> said;
  for (const auto& rec : r.records) {
    for (const auto& t : rec.targets) {
      if (!t.evidence || !t.evidence->endpoint) continue;
      std::string line = fmt::format("{}:{} ({}): {}", t.name, t.port, t.evidence->endpoint->address,
                                     t.evidence->endpoint->application_status.empty()
                                         ? std::string("TLS handshake completed")
                                         : t.evidence->endpoint->application_status);
      const auto& d = t.evidence->endpoint->application_details;
      if (auto it = d.find(net::detail_key::kSipHresultName); it != d.end()) line += "; HRESULT " + it->second;
      if (std::find(said.begin(), said.end(), line) == said.end()) said.push_back(line);
    }
  }
  if (!said.empty()) {
    out << "\nEndpoints\n";
    for (const auto& s : said) out << "  " << s << "\n";
  }

  struct Grouped {
    rules::Finding finding;
    std::vector<std::string> where;
  };
  std::vector<Grouped> grouped;
  for (const auto& rec : r.records) {
    for (const auto& t : rec.targets) {
      if (!t.judgement) continue;
      std::string where = fmt::format("{} -> {}:{}", rec.name, t.name, t.port);
      for (const auto& f : t.judgement->findings) {
        auto it = std::find_if(grouped.begin(), grouped.end(), [&](const Grouped& g) {
          return g.finding.id == f.id && g.finding.message == f.message && g.finding.profiles == f.profiles;
        });
        if (it == grouped.end()) {
          grouped.push_back({f, {where}});
        } else {
          it->where.push_back(where);
        }
      }
    }
  }
  // Failures first, then warnings, then notes; DNS findings lead each group.
  std::stable_sort(grouped.begin(), grouped.end(), [](const Grouped& a, const Grouped& b) {
    return static_cast<int>(a.finding.severity) > static_cast<int>(b.finding.severity);
  });
  std::size_t count = r.findings.size() + grouped.size();
  out << fmt::format("\nFindings ({})\n", count);
  if (count == 0) out << "  none: every record found points at a certificate that works for its clients\n";
  for (const auto& f : r.findings) print_finding(out, f, {});
  for (const auto& g : grouped) print_finding(out, g.finding, g.where);
  if (!r.notes.empty()) out << "\n";
  for (const auto& n : r.notes) out << "note: " << n.message << " (" << n.id << ")\n";
  out << fmt::format("\nverdict: {} (exit {})\n", rules::to_string(r.worst), r.exit_code());
}

nlohmann::json finding_json(const rules::Finding& f) {
  return {{"id", f.id},           {"severity", rules::to_string(f.severity)},
          {"profiles", f.profiles}, {"message", f.message},
          {"fix", f.fix},         {"source", f.source},
          {"title", f.title}};
}

std::string render_json(const net::DiscoverResult& r, const std::map<std::string, report::CheckReport>& checks) {
  nlohmann::json records = nlohmann::json::array();
  for (const auto& rec : r.records) {
    nlohmann::json jr = {{"name", rec.name},
                         {"type", rec.spec.kind == net::RecordKind::kSrv ? "SRV" : "A"},
                         {"purpose", rec.spec.purpose},
                         {"rules", rec.spec.rules},
                         {"profiles", rec.spec.profiles},
                         {"status", net::to_string(rec.status)},
                         {"error", rec.error}};
    nlohmann::json answers = nlohmann::json::array();
    for (const auto& s : rec.srv) {
      answers.push_back({{"target", s.target}, {"port", s.port}, {"priority", s.priority}, {"weight", s.weight}});
    }
    jr["srv"] = answers;
    jr["srv_answered"] = rec.srv_answered;
    jr["addresses"] = rec.host ? rec.host->addresses : std::vector<std::string>{};
    jr["cname_chain"] = rec.host ? rec.host->cname_chain : std::vector<std::string>{};
    nlohmann::json targets = nlohmann::json::array();
    for (const auto& t : rec.targets) {
      nlohmann::json jt = {{"name", t.name}, {"port", t.port}, {"protocol", net::to_string(t.protocol)},
                           {"profiles", t.profiles}, {"error", t.error}};
      jt["addresses"] = t.addresses ? t.addresses->addresses : std::vector<std::string>{};
      jt["cname_chain"] = t.addresses ? t.addresses->cname_chain : std::vector<std::string>{};
      jt["endpoint"] = t.evidence && t.evidence->endpoint ? nlohmann::json(report::endpoint_json(*t.evidence->endpoint)) : nlohmann::json();
      nlohmann::json verdicts = nlohmann::json::object();
      jt["verdict"] = nullptr;
      jt["check"] = nullptr;
      if (t.judgement) {
        for (const auto& pj : t.judgement->profiles) verdicts[pj.profile_id] = rules::to_string(pj.verdict);
        jt["verdict"] = rules::to_string(t.judgement->worst());
        auto it = checks.find(target_key(t.name, t.port, t.profiles));
        if (it != checks.end()) jt["check"] = report::check_json(it->second);
      }
      jt["verdicts"] = verdicts;
      targets.push_back(std::move(jt));
    }
    jr["targets"] = targets;
    records.push_back(std::move(jr));
  }
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : r.findings) findings.push_back(finding_json(f));
  nlohmann::json notes = nlohmann::json::array();
  for (const auto& n : r.notes) notes.push_back({{"id", n.id}, {"message", n.message}});
  nlohmann::json j = {{"schema", 1},          {"command", "discover"}, {"domain", r.domain},
                      {"verdict", rules::to_string(r.worst)}, {"exit_code", r.exit_code()},
                      {"records", records},   {"findings", findings}, {"notes", notes},
                      {"deadline_ms", r.deadline.count()}};
  return report::json_text(j);
}


int run_discover(const DiscoverCliOptions& opt, Console& console) {
  const auto started = std::chrono::steady_clock::now();  // --deadline covers the whole command
  if (auto s = net::validate_sip_domain(opt.domain); !s) return fail(console, "discover", s.error().message);
  if (opt.concurrency < 1 || opt.concurrency > 64) return fail(console, "discover", "--concurrency: give 1 to 64");
  if (opt.deadline_given && (!(opt.deadline_seconds > 0) || opt.deadline_seconds > 10800)) {
    return fail(console, "discover",
                fmt::format("--deadline {}: give a number of seconds above 0, at most 10800", opt.deadline_seconds));
  }
  auto conn = make_connection_options(opt.connection);
  if (!conn) return fail(console, "discover", conn.error().message);

  auto setup = make_judge_setup(opt.at, opt.profiles_file, opt.profile_ids);
  if (!setup) return fail(console, "discover", setup.error().message);
  rules::JudgeOptions judge_options;
  judge_options.at = setup->at;
  const auto& requested = setup->requested;
  // Read now, decoded while DNS and the probes wait, so decoding the roots takes nothing from
  // --deadline; first needed when the first target is judged.
  auto trust_loading = start_loading_trust(opt.trust);
  if (!trust_loading) return fail(console, "discover", trust_loading.error().message);
  std::optional<Result<LoadedTrust>> trust_read;
  auto trust = [&]() -> Result<LoadedTrust>& {
    if (!trust_read) trust_read.emplace(trust_loading->get());
    return *trust_read;
  };

  net::DiscoverOptions d;
  d.domain = opt.domain;
  d.dns = conn->dns;
  d.probe = *conn;
  d.concurrency = opt.concurrency;
  d.probe_targets = !opt.no_probe;
  // One deadline for the whole run rather than a formula over phases and waves: a person (or a
  // script's own timeout) needs one number for "how long can this take". The default leaves one
  // --timeout for DNS and two for probes.
  d.deadline = opt.deadline_given
                   ? std::max(std::chrono::milliseconds(1),
                              std::chrono::milliseconds(std::llround(opt.deadline_seconds * 1000)))
                   : net::default_deadline(conn->timeout);
  d.started = started;

  std::map<std::string, report::CheckReport> checks;
  auto judge = [&](const pki::Evidence& ev, const std::vector<std::string>& ids) {
    // The record's clients, restricted to --profile when given.
    std::vector<const profiles::ClientProfile*> chosen;
    for (const auto* p : requested) {
      if (std::find(ids.begin(), ids.end(), p->id) != ids.end()) chosen.push_back(p);
    }
    // A trust file that does not decode ends the command once discover returns; nothing is judged
    // with it.
    if (!trust()) return rules::Judgement{};
    auto rep = report::check_evidence(ev, chosen, trust()->inputs, judge_options);
    auto j = rep.judgement;
    checks.emplace(target_key(ev.endpoint ? ev.endpoint->host : ev.dialled_name,
                              ev.endpoint ? ev.endpoint->port : 0, ids),
                   std::move(rep));
    return j;
  };
  auto result = net::discover(d, judge);
  if (!trust()) return fail(console, "discover", trust().error().message);
  if (!result.any_record) {
    bool all_failed = std::all_of(result.records.begin(), result.records.end(), [](const net::DiscoveredRecord& r) {
      return r.status == net::DnsStatus::kTimeout || r.status == net::DnsStatus::kError;
    });
    if (all_failed && !result.records.empty()) {
      const auto& first = result.records.front();
      return fail(console, "discover",
                  fmt::format("no DNS answer for {}: all {} lookups failed ({}: {})", result.domain,
                              result.records.size(), first.name, first.error));
    }
  }
  if (opt.format == "json") {
    *console.out << render_json(result, checks);
  } else {
    render_text(*console.out, result, opt.connection.dns_servers);
    for (const auto& n : trust()->notes) *console.out << "note: " << n << "\n";
  }
  // The report is complete as far as it goes; the one line on stderr says it stopped short.
  for (const auto& n : result.notes) {
    if (n.id == "discover.deadline") *console.err << "uccert: discover: " << report::printable(n.message) << "\n";
  }
  return result.exit_code();
}

}  // namespace

void add_discover_command(CLI::App& app, CommandContext& ctx) {
  auto opt = std::make_shared<DiscoverCliOptions>();
  CLI::App* sub = app.add_subcommand(
      "discover",
      "Find a SIP domain's sign-in, autodiscover and federation records as clients do, probe every target, and "
      "judge each certificate for the clients using that record");
  sub->add_option("SIPDOMAIN", opt->domain, "The SIP domain (contoso.com)")->required();
  sub->add_option("--profile", opt->profile_ids, "Only these client profiles (repeatable; default: all)")
      ->allow_extra_args(false);
  sub->add_option("--profiles", opt->profiles_file, "Extra or overriding client profiles (TOML)");
  sub->add_option("--at", opt->at, "Validate at this RFC 3339 time instead of now");
  add_trust_options(*sub, opt->trust);
  add_connection_options(*sub, opt->connection);
  sub->add_option("--concurrency", opt->concurrency, "Probes in flight at once (default 8)");
  auto* deadline = sub->add_option("--deadline", opt->deadline_seconds,
                  "The whole run ends within SECONDS (default 3 x --timeout): DNS gets at most one --timeout, "
                  "each probe min(--timeout, what is left); targets not probed by then are reported as \"not "
                  "probed: discover's deadline ran out\", and such a run never exits 0 (3 when nothing judged "
                  "is wrong)");
  sub->add_flag("--no-probe", opt->no_probe, "Look up the records only; connect to nothing");
  sub->add_option("--format", opt->format, "Output format: text or json")->check(CLI::IsMember({"text", "json"}));
  sub->callback([opt, deadline, &ctx] {
    opt->deadline_given = deadline->count() > 0;
    ctx.exit = run_discover(*opt, ctx.console);
  });
}

}  // namespace uccert::cli
