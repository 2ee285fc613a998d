#include "uccert/run/discover.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "uccert/acquire/discovery_walk.h"
#include "uccert/judge/judge_dns.h"
#include "uccert/run/check.h"
#include "uccert/run/judge_setup.h"

namespace uccert::run {

namespace {

Status check_request(const DiscoverRequest& r) {
  if (auto s = acquire::validate_sip_domain(r.domain); !s) return s.error();
  if (r.concurrency < 1 || r.concurrency > 64) return Error{"--concurrency: give 1 to 64"};
  if (r.deadline_seconds && (!(*r.deadline_seconds > 0) || *r.deadline_seconds > 10800)) {
    return Error{fmt::format("--deadline {}: give a number of seconds above 0, at most 10800", *r.deadline_seconds)};
  }
  return Ok{};
}

}  // namespace

Result<report::Report> run_discover(const DiscoverRequest& request) {
  const auto started = request.started.value_or(std::chrono::steady_clock::now());
  if (auto s = check_request(request); !s) return s.error();
  auto conn = acquire::make_connection_options(request.connection);
  if (!conn) return conn.error();
  auto setup = make_judge_setup(request.at, request.profiles_file, request.profile_ids);
  if (!setup) return setup.error();
  rules::JudgeOptions judge_options;
  judge_options.at = setup->at;
  acquire::AcquireLimits limits;
  // One deadline for the whole run rather than a formula over phases and waves: a person (or a
  // script's own timeout) needs one number for "how long can this take". The default leaves one
  // --timeout for DNS and two for probes.
  limits.deadline = request.deadline_seconds
                        ? std::max(std::chrono::milliseconds(1),
                                   std::chrono::milliseconds(std::llround(*request.deadline_seconds * 1000)))
                        : acquire::default_deadline(conn->timeout);
  limits.started = started;
  limits.concurrency = request.concurrency;
  acquire::AcquireContext context(limits);
  judge_options.pool = &context.pool();
  // Read now, decoded while DNS and the probes wait, so decoding the roots takes nothing from
  // --deadline.
  auto trust_loading = acquire::start_loading_trust(request.trust, &context.pool());
  if (!trust_loading) return trust_loading.error();
  acquire::DiscoverOptions walk;
  walk.domain = request.domain;
  walk.dns = conn->dns;
  walk.probe = *conn;
  walk.probe_targets = !request.no_probe;
  auto facts = acquire::walk_discovery(context, walk);

  auto trust = trust_loading->get();
  if (!trust) return trust.error();
  if (!facts.any_record) {
    bool all_failed = std::all_of(facts.records.begin(), facts.records.end(), [](const evidence::DiscoveredRecord& r) {
      return r.status == evidence::DnsStatus::kTimeout || r.status == evidence::DnsStatus::kError;
    });
    if (all_failed && !facts.records.empty()) {
      const auto& first = facts.records.front();
      return Error{fmt::format("no DNS answer for {}: all {} lookups failed ({}: {})", facts.domain,
                               facts.records.size(), first.name, first.error)};
    }
  }

  report::DiscoverReport out;
  out.findings = judge::judge_dns(facts);
  // Each target against the name dialled there, for its record's clients (within --profile).
  out.checks.resize(facts.records.size());
  for (std::size_t i = 0; i < facts.records.size(); ++i) {
    const auto& rec = facts.records[i];
    out.checks[i].resize(rec.targets.size());
    for (std::size_t j = 0; j < rec.targets.size(); ++j) {
      const auto& t = rec.targets[j];
      if (!t.evidence || t.profiles.empty()) continue;
      std::vector<const profiles::ClientProfile*> chosen;
      for (const auto* p : setup->requested)
        if (std::find(t.profiles.begin(), t.profiles.end(), p->id) != t.profiles.end()) chosen.push_back(p);
      out.checks[i][j] = judge_evidence(*t.evidence, chosen, trust->inputs, judge_options);
    }
  }
  out.facts = std::move(facts);
  out.dns_servers = request.connection.dns_servers;
  out.notes = std::move(trust->notes);
  return report::Report{std::move(out)};
}

}  // namespace uccert::run
