#include "uccert/run/audit.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "uccert/acquire/context.h"
#include "uccert/acquire/file.h"
#include "uccert/names/match.h"
#include "uccert/pki/read_file.h"
#include "uccert/profiles/select.h"
#include "uccert/report/endpoint_notes.h"
#include "uccert/rules/audit_rules.h"
#include "uccert/rules/fix_text.h"
#include "uccert/run/check.h"
#include "uccert/run/judge_setup.h"
#include "uccert/topology/fqdn.h"
#include "uccert/topology/load.h"
#include "uccert/topology/plan.h"

namespace uccert::run {

namespace {

using profiles::Role;
using report::AuditCertificate;
using report::AuditFinding;
using report::AuditReport;
using topology::Usage;

// The usages (Set-CsCertificate -Type, Exchange services, the rest by name) through which a
// certificate serves each role.
std::vector<Usage> role_usages(Role role) {
  switch (role) {
    case Role::kFeDefault:
    case Role::kMediation: return {Usage::kDefault};
    case Role::kFeWebInternal: return {Usage::kWebServicesInternal};
    case Role::kFeWebExternal: return {Usage::kWebServicesExternal};
    case Role::kDirector: return {Usage::kDefault, Usage::kWebServicesInternal, Usage::kWebServicesExternal};
    case Role::kEdgeInternal: return {Usage::kInternal};
    case Role::kEdgeExternal:
      return {Usage::kAccessEdgeExternal, Usage::kDataEdgeExternal, Usage::kAudioVideoAuthentication};
    case Role::kReverseProxy: return {Usage::kReverseProxy};
    case Role::kExchangeUm: return {Usage::kUm, Usage::kUmCallRouter};
    case Role::kExchangeWeb: return {Usage::kIis};
    case Role::kOfficeWebApps: return {Usage::kOfficeWebApps};
    case Role::kSbc: return {Usage::kSbc};
  }
  return {};
}

// Whether assignment `a` puts a certificate to use for the planned certificate `c`: a usage of
// its role, on its server or one of the machines that hold it. The reverse proxy, Exchange's web
// services and Office Web Apps are planned once for the deployment: any assignment of theirs.
bool serves(const topology::Assignment& a, const topology::CertificatePlan& c) {
  const auto usages = role_usages(c.role);
  const bool usage = std::any_of(a.usages.begin(), a.usages.end(), [&](Usage u) {
    return std::find(usages.begin(), usages.end(), u) != usages.end();
  });
  if (!usage) return false;
  if (topology::same_fqdn(a.server, c.server)) return true;
  if (std::any_of(c.installed_on.begin(), c.installed_on.end(),
                  [&](const std::string& m) { return topology::same_fqdn(m, a.server); }))
    return true;
  return c.role == Role::kReverseProxy || c.role == Role::kExchangeWeb || c.role == Role::kOfficeWebApps;
}

// A password file is one short line; its line break is not part of the password.
Result<pki::Secret> read_password(const std::string& path) {
  auto bytes = pki::read_file(path, 4096);
  if (!bytes) return Error{path + ": cannot read the password file: " + bytes.error().message};
  std::size_t size = bytes->size();
  while (size > 0 && ((*bytes)[size - 1] == '\n' || (*bytes)[size - 1] == '\r')) --size;
  pki::Secret secret(reinterpret_cast<const char*>(bytes->data()), size);
  pki::wipe(bytes->data(), bytes->size());
  return secret;
}

// Everything the certificates of one assignment are judged with.
struct Acquired {
  const topology::Assignment* assignment = nullptr;
  std::string source;
  std::optional<evidence::Evidence> evidence;
  std::string error;
};

class Auditor {
 public:
  Auditor(const AuditRequest& request, topology::Topology topology)
      : request_(request), topology_(std::move(topology)), plan_(topology::plan_topology(topology_)) {}

  Result<report::Report> run() {
    auto setup = make_judge_setup(request_.at, "", {});
    if (!setup) return setup.error();
    report_.at = setup->at;
    report_.files = topology_.files;
    report_.notes = topology_.notes;

    acquire::TrustFiles trust_files = request_.trust;
    for (const auto& f : topology_.trust.enterprise_roots) trust_files.enterprise_roots.push_back(f.path);
    for (const auto& f : topology_.trust.trusted_ca_certs) trust_files.trusted_ca_certs.push_back(f.path);
    for (const auto& f : topology_.trust.mobile_roots) trust_files.mobile_roots.push_back(f.path);
    if (!trust_files.pool_cert.empty())
      return Error{"--pool-cert: audit takes the pool's certificate from the topology's Default assignment"};
    auto trust_loading = acquire::start_loading_trust(trust_files, &context_.pool());
    if (!trust_loading) return trust_loading.error();

    if (auto s = acquire_all(); !s) return s.error();
    auto trust = trust_loading->get();
    if (!trust) return trust.error();
    report_.trust_notes = trust->notes;
    trust->inputs.pool_chain = pool_chain();
    judge_all(trust->inputs);
    coverage();
    consistency();
    order_findings();
    return report::Report{std::move(report_)};
  }

 private:
  std::chrono::milliseconds deadline() const {
    if (request_.deadline_seconds > 0)
      return std::chrono::milliseconds(std::llround(request_.deadline_seconds * 1000));
    return std::chrono::milliseconds(std::llround(request_.endpoint.timeout_seconds * 3000));
  }

  // Every assignment's certificate, read or probed once, in the overlay's order; a live one only
  // while the run's deadline lasts, each probe within what is left of it.
  Status acquire_all() {
    if (auto conn = acquire::make_connection_options(request_.endpoint); !conn) return conn.error();
    const auto started = std::chrono::steady_clock::now();
    for (const auto& a : topology_.assignments) {
      Acquired got;
      got.assignment = &a;
      const std::string name = dialled_name(a);
      if (!a.file.empty()) {
        got.source = topology::resolve_path(a.base_dir, a.file);
        pki::LoadOptions load;
        load.pool = &context_.pool();
        std::optional<pki::Secret> password;
        if (!a.password_file.empty()) {
          auto pw = read_password(topology::resolve_path(a.base_dir, a.password_file));
          if (!pw) return Error{topology::where(a.origin) + ": " + pw.error().message};
          password = std::move(pw.value());
        }
        auto shared = std::make_shared<std::optional<pki::Secret>>(std::move(password));
        load.password = [shared](const std::string&) -> std::optional<pki::Secret> {
          if (!*shared) return std::nullopt;
          return pki::Secret((*shared)->data(), (*shared)->size());
        };
        load.missing_password_hint = "give password_file in the assignment";
        auto ev = acquire::acquire_file(got.source, name, load, report_.at);
        if (ev) got.evidence = std::move(ev.value());
        else got.error = ev.error().message;
      } else {
        got.source = a.endpoint;
        auto hp = net::parse_host_port(a.endpoint);
        const auto left = deadline() - std::chrono::duration_cast<std::chrono::milliseconds>(
                                           std::chrono::steady_clock::now() - started);
        if (!hp) {
          got.error = topology::where(a.origin) + ": " + hp.error().message;
        } else if (left.count() <= 0) {
          got.error = "not probed: the run's deadline was reached (--deadline)";
          report_.deadline_reached = true;
        } else {
          acquire::EndpointOptions options = request_.endpoint;
          options.timeout_seconds = std::min(options.timeout_seconds, static_cast<double>(left.count()) / 1000.0);
          auto ev = acquire::acquire_endpoint(context_, *hp, name, options, {});
          if (ev) got.evidence = std::move(ev.value());
          else got.error = ev.error().message;
        }
      }
      acquired_.push_back(std::move(got));
    }
    return Ok{};
  }

  // The name its clients dial: the subject of the first planned certificate it serves.
  std::string dialled_name(const topology::Assignment& a) const {
    for (const auto& c : plan_.certificates)
      if (serves(a, c) && !c.subject_cn.empty()) return c.subject_cn;
    auto hp = net::parse_host_port(a.endpoint);
    return hp ? hp->host : a.server;
  }

  // LPE-01: phones trust the CA that issued the pool's Default certificate; the topology says
  // which certificate that is (the first Front End or Director Default assignment read).
  std::vector<pki::CertificatePtr> pool_chain() const {
    for (Role role : {Role::kFeDefault, Role::kDirector})
      for (const auto& c : plan_.certificates) {
        if (c.role != role) continue;
        for (const auto& got : acquired_)
          if (got.evidence && !got.evidence->chain.empty() && serves(*got.assignment, c)) return got.evidence->chain;
      }
    return {};
  }

  void judge_all(const evidence::TrustInputs& trust) {
    const auto& set = profiles::builtin_profiles();
    std::set<std::string> judged_clients;
    for (const auto& c : plan_.certificates) {
      bool assigned = false;
      for (const auto& got : acquired_) {
        if (!serves(*got.assignment, c)) continue;
        assigned = true;
        clients_of_[c.key] = c.clients;
        judged_clients.insert(c.clients.begin(), c.clients.end());
        AuditCertificate cert;
        cert.key = c.key;
        cert.role = c.role;
        cert.server = c.server;
        cert.assigned_server = got.assignment->server;
        for (Usage u : got.assignment->usages) cert.usages.emplace_back(topology::usage_name(u));
        cert.source = got.source;
        cert.origin = topology::where(got.assignment->origin);
        if (!got.evidence) {
          cert.error = got.error;
        } else {
          std::vector<std::string> ids = c.clients;
          if (ids.empty())
            for (auto id : profiles::role_spec(c.role).default_clients) ids.emplace_back(id);
          auto selected = profiles::select_profiles(set, ids);
          rules::JudgeOptions options;
          options.at = report_.at;
          options.expiry_warn_days = request_.warn_days;
          options.expiry_fail_days = request_.fail_days;
          options.pool = &context_.pool();
          options.role = c.role;
          options.role_names = c.names;
          evidence::Evidence ev = *got.evidence;
          if (!c.subject_cn.empty()) ev.dialled_name = c.subject_cn;
          std::vector<const profiles::ClientProfile*> clients;
          if (selected) clients = std::move(selected.value());
          cert.check = judge_evidence(std::move(ev), clients, trust, options);
          if (cert.check->evidence.endpoint)
            for (auto& n : report::endpoint_notes(*cert.check->evidence.endpoint)) cert.check->notes.push_back(n);
          for (const auto& pj : cert.check->judgement.profiles) judged_clients.insert(pj.profile_id);
          for (const auto& f : cert.check->judgement.findings) report_.findings.push_back({c.key, f});
        }
        report_.certificates.push_back(std::move(cert));
      }
      if (!assigned) {
        AuditCertificate cert;
        cert.key = c.key;
        cert.role = c.role;
        cert.server = c.server;
        cert.origin = topology::where(c.origin);
        report_.certificates.push_back(std::move(cert));
        add(rules::kAuditNotAssigned,
            fmt::format("No assignment puts a certificate to use as {} on {}: it was not audited", c.key, c.server),
            fmt::format("Add an [[assignment]] with server = \"{}\", usage = [{}] and the file or endpoint that holds "
                        "it (docs/topology.md); Get-CsCertificate | Select-Object Use, Thumbprint, NotAfter lists what "
                        "is assigned",
                        c.server, usages_quoted(c.role)),
            {});
      }
    }
    for (const auto& p : set.profiles)
      if (judged_clients.count(p.id) != 0) report_.clients.push_back(p.id);
    for (const auto& cert : report_.certificates) {
      if (cert.source.empty()) continue;
      report::VerdictRow row;
      row.key = cert.key;
      if (!topology::same_fqdn(cert.assigned_server, cert.server)) row.assigned_server = cert.assigned_server;
      for (const auto& client : report_.clients) {
        std::string v;
        const auto& reach = clients_of_[cert.key];
        if (!cert.check) {
          if (std::find(reach.begin(), reach.end(), client) != reach.end()) v = "unknown";
        } else if (const auto* pj = cert.check->judgement.find(client)) {
          v = std::string(rules::to_string(pj->verdict));
        }
        row.verdicts.emplace_back(client, v);  // "" = this client does not reach it
      }
      report_.verdicts.push_back(std::move(row));
    }
  }

  static std::string usages_quoted(Role role) {
    std::string out;
    for (Usage u : role_usages(role))
      out += (out.empty() ? "\"" : ", \"") + std::string(topology::usage_name(u)) + "\"";
    return out;
  }

  // Each required name of each planned certificate against what is assigned to it.
  void coverage() {
    names::NamePolicy plain;  // as RFC 6125 reads entries: CN and SAN, one-label wildcards
    plain.common_name = names::CommonName::kAlways;
    for (const auto& c : plan_.certificates) {
      for (const auto& n : c.names) {
        report::CoverageRow row;
        row.name = n.name;
        row.kind = std::string(profiles::to_string(n.kind));
        row.need = std::string(profiles::to_string(n.need));
        row.key = c.key;
        for (const auto& client : n.clients)
          if (std::find(c.clients.begin(), c.clients.end(), client) != c.clients.end()) row.clients.push_back(client);
        bool any = false;
        for (const auto& cert : report_.certificates) {
          if (cert.key != c.key || cert.source.empty()) continue;
          any = true;
          report::CoverageRow r = row;
          if (!cert.check || cert.check->evidence.chain.empty()) {
            r.status = "unknown";
          } else {
            const auto& leaf = *cert.check->evidence.chain.front();
            r.thumbprint = leaf.sha1_thumbprint;
            const auto m = names::match(n.name, leaf, plain);
            const auto* e = m.matching();
            r.status = !m.matched ? "missing" : m.only_by_wildcard() ? "wildcard" : "present";
            if (e != nullptr) r.entry = e->entry;
          }
          report_.coverage.push_back(std::move(r));
        }
        if (!any) {
          row.status = "not-assigned";
          report_.coverage.push_back(std::move(row));
        }
      }
    }
  }

  // A finding of one of the audit rules (rules/audit_rules.h): its id, severity, title and source
  // are the descriptor's.
  void add(std::string_view rule_id, std::string message, std::string fix, std::map<std::string, std::string> details,
           std::vector<std::string> clients = {}) {
    const rules::RuleDescriptor& d = rules::audit_rule(rule_id);
    rules::Finding f;
    f.id = std::string(d.id);
    f.severity = d.severity;
    f.title = std::string(d.title);
    f.source = std::string(d.source);
    f.message = std::move(message);
    f.fix = std::move(fix);
    f.details = std::move(details);
    f.profiles = std::move(clients);
    report_.findings.push_back({"", std::move(f)});
  }

  static const pki::Certificate* leaf_of(const AuditCertificate& c) {
    return c.check && !c.check->evidence.chain.empty() ? c.check->evidence.chain.front().get() : nullptr;
  }

  void consistency() {
    edge_av_certificate();
    exchange_ca();
    same_name_inside_and_outside();
  }

  // EDGE-05, C-03: every Edge of a pool presents the same A/V authentication certificate and key.
  void edge_av_certificate() {
    std::map<std::string, std::vector<const AuditCertificate*>> by_pool;
    for (const auto& c : report_.certificates)
      if (c.role == Role::kEdgeExternal && leaf_of(c) != nullptr) by_pool[c.key].push_back(&c);
    for (const auto& [key, certs] : by_pool) {
      std::set<std::string> thumbprints;
      std::string listed;
      for (const auto* c : certs) {
        thumbprints.insert(leaf_of(*c)->sha1_thumbprint);
        listed += fmt::format("{}{} {}", listed.empty() ? "" : ", ", c->assigned_server, leaf_of(*c)->sha1_thumbprint);
      }
      if (thumbprints.size() < 2) continue;
      const auto* first = leaf_of(*certs.front());
      add(rules::kAuditAvCertificateDiffers,
          fmt::format("The Edge servers of {} present different external certificates ({}): A/V authentication "
                      "tokens issued by one Edge are not accepted by another, so calls through the pool fail",
                      certs.front()->server, listed),
          fmt::format("Export {} with its private key (it was requested with -PrivateKeyExportable $true) from {} "
                      "and assign it on every Edge of the pool:\n"
                      "Import-CsCertificate -Path \"C:\\certs\\edge-external.pfx\" -Password (ConvertTo-SecureString "
                      "\"<pfx password>\" -AsPlainText -Force) -PrivateKeyExportable $true\n"
                      "Set-CsCertificate -Type AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication "
                      "-Thumbprint {}",
                      rules::fix::describe(*first), certs.front()->assigned_server, first->sha1_thumbprint),
          {{"pool", certs.front()->server}});
    }
  }

  // LPE-01, LPE-02: phones trust the pool's issuing CA and TrustedCACerts only; an Exchange web
  // certificate from another CA breaks their calendar until that CA is in TrustedCACerts.
  void exchange_ca() {
    const AuditCertificate* pool = nullptr;
    for (Role role : {Role::kFeDefault, Role::kDirector})
      for (const auto& c : report_.certificates)
        if (pool == nullptr && c.role == role && leaf_of(c) != nullptr) pool = &c;
    if (pool == nullptr) return;
    for (const auto& c : report_.certificates) {
      if (c.role != Role::kExchangeWeb || leaf_of(c) == nullptr) continue;
      const std::string exchange_ca = rules::fix::issuing_ca_name(c.check->evidence, c.check->trust);
      const std::string pool_ca = rules::fix::issuing_ca_name(pool->check->evidence, pool->check->trust);
      if (exchange_ca == pool_ca) continue;
      // The phones: the clients whose trust is the pool's issuing CA (profile data, LPE-01).
      std::vector<std::string> phones;
      for (std::size_t i = 0; i < c.check->profiles.size() && i < c.check->judgement.profiles.size(); ++i) {
        const auto& pj = c.check->judgement.profiles[i];
        if (c.check->profiles[i].trusts(profiles::TrustSource::kPoolIssuer) && pj.verdict != rules::Verdict::kPass)
          phones.push_back(pj.profile_id);
      }
      if (phones.empty()) continue;  // no phones, or TrustedCACerts already holds that CA
      const auto& chain = c.check->evidence.chain;
      const std::string root = chain.back()->self_issued ? chain.back()->sha1_thumbprint : "<thumbprint of its root>";
      add(rules::kAuditExchangeCaDiffers,
          fmt::format("Exchange's web services certificate {} is issued by {}, the pool's Default certificate by {}: "
                      "Lync Phone Edition trusts only the pool's CA and TrustedCACerts, so calendar and voice mail "
                      "on the phone fail (\"Connection to Microsoft Exchange is unavailable\")",
                      rules::fix::describe(*leaf_of(c)), exchange_ca, pool_ca),
          rules::fix::add_trusted_ca(root, chain.back()->self_issued),
          {{"exchange_ca", exchange_ca}, {"pool_ca", pool_ca}}, phones);
    }
  }

  // MOB-05, G-11: a name clients dial both inside and outside, answered by different certificates
  // (split DNS): each must carry it, and a roaming client meets both CAs.
  void same_name_inside_and_outside() {
    std::map<std::string, std::vector<const report::CoverageRow*>> by_name;
    for (const auto& r : report_.coverage)
      if (r.status == "present" || r.status == "wildcard") by_name[r.name].push_back(&r);
    for (const auto& [name, rows] : by_name) {
      std::set<std::string> thumbprints;
      std::string listed;
      for (const auto* r : rows)
        if (thumbprints.insert(r->thumbprint).second)
          listed += fmt::format("{}{} ({})", listed.empty() ? "" : ", ", r->key, r->thumbprint);
      if (thumbprints.size() < 2) continue;
      add(rules::kAuditNameOnSeveralCertificates,
          fmt::format("{} is on {} different certificates: {}; a client that roams between the networks meets each "
                      "one, so each must carry the name and chain to a CA that client trusts",
                      name, thumbprints.size(), listed),
          "Nothing to change when every client that dials the name trusts each certificate's CA (see the verdicts "
          "above); otherwise issue the inside one from a CA the roaming clients trust as well.",
          {{"host", name}});
    }
  }

  void order_findings() {
    std::stable_sort(report_.findings.begin(), report_.findings.end(),
                     [](const AuditFinding& a, const AuditFinding& b) {
                       return a.finding.severity > b.finding.severity;
                     });
  }

  const AuditRequest& request_;
  topology::Topology topology_;
  topology::Plan plan_;
  acquire::AcquireContext context_;
  std::vector<Acquired> acquired_;
  std::map<std::string, std::vector<std::string>> clients_of_;  // planned certificate -> deployed clients
  AuditReport report_;
};

}  // namespace

Result<report::Report> run_audit(const AuditRequest& request) {
  if (request.files.empty()) return Error{"audit: give the topology files (Topology XML and/or TOML overlay)"};
  if (request.warn_days < 0 || request.fail_days < 0) return Error{"--warn-days and --fail-days must be 0 or more"};
  if (request.fail_days > request.warn_days)
    return Error{fmt::format("--fail-days {} is more than --warn-days {}", request.fail_days, request.warn_days)};
  if (request.deadline_seconds < 0) return Error{"--deadline must be more than 0 seconds"};
  auto topology = topology::load_topology(request.files);
  if (!topology) return topology.error();
  Auditor auditor(request, std::move(topology.value()));
  return auditor.run();
}

}  // namespace uccert::run
