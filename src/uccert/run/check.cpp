#include "uccert/run/check.h"

#include <fmt/format.h>

#include <filesystem>
#include <utility>

#include "uccert/acquire/aia.h"
#include "uccert/acquire/context.h"
#include "uccert/acquire/revocation.h"
#include "uccert/acquire/file.h"
#include "uccert/acquire/hop_revocation.h"
#include "uccert/judge/judge.h"
#include "uccert/names/reference_host.h"
#include "uccert/report/endpoint_notes.h"
#include "uccert/run/judge_setup.h"

namespace uccert::run {

namespace {

// What people give where a host name is wanted: a URL or a SIP URI. Says what to give instead.
std::optional<std::string> not_a_host_name(const std::string& option, const std::string& value) {
  const auto scheme_end = value.find("://");
  if (scheme_end != std::string::npos) {
    std::string host = value.substr(scheme_end + 3);
    host = host.substr(0, host.find_first_of("/:?#"));
    return fmt::format("{} {}: a URL; give the host name alone ({})", option, value, host);
  }
  if (value.rfind("sip:", 0) == 0 || value.rfind("sips:", 0) == 0) {
    std::string host = value.substr(value.find(':') + 1);
    if (auto at = host.find('@'); at != std::string::npos) host = host.substr(at + 1);
    host = host.substr(0, host.find_first_of(";:>"));
    return fmt::format("{} {}: a SIP URI; give the host name the client dialled ({})", option, value, host);
  }
  return std::nullopt;
}

// A missing "chain.pem" is a missing file, not a host to probe.
bool looks_like_a_file_name(const std::string& target) {
  static constexpr const char* kExtensions[] = {".pem", ".cer", ".crt", ".der", ".p7b", ".p7c",
                                                ".pfx", ".p12", ".csr", ".req", ".key", ".txt"};
  const std::string lower = net::lower_name(target);
  for (const char* ext : kExtensions)
    if (lower.ends_with(ext)) return true;
  return target.find('/') != std::string::npos;
}

// Every host name a role input holds, with the option that gave it.
std::vector<std::pair<std::string, std::string>> role_hosts(const profiles::RoleInputs& in) {
  std::vector<std::pair<std::string, std::string>> out;
  auto add = [&](const char* option, const std::string& v) {
    if (!v.empty()) out.emplace_back(option, v);
  };
  for (const auto& d : in.sip_domains) add("--sip-domain", d);
  add("--pool", in.pool);
  for (const auto& v : in.servers) add("--server", v);
  add("--internal-web", in.internal_web);
  add("--external-web", in.external_web);
  for (const auto& v : in.other_external_web) add("--external-web", v);
  for (const auto& v : in.meet) add("--simple-url", v);
  add("--simple-url", in.dialin);
  add("--simple-url", in.admin);
  add("--access-edge", in.access_edge);
  add("--webconf-edge", in.webconf_edge);
  add("--av-edge", in.av_edge);
  add("--edge-internal", in.edge_internal);
  add("--office-web-apps", in.office_web_apps);
  for (const auto& v : in.names) add("--name", v);
  return out;
}

}  // namespace

Result<RoleSetup> make_role_setup(const CheckRequest& r) {
  RoleSetup setup;
  if (r.role.empty()) {
    if (r.role_inputs.names.size() > 1)
      return Error{"--name given more than once: several names are the names of a role (--role ROLE)"};
    for (const auto& [option, value] : role_hosts(r.role_inputs))
      if (option != "--name") return Error{option + " " + value + ": a role input; say which role with --role ROLE"};
    return setup;
  }
  setup.spec = profiles::find_role(r.role);
  if (setup.spec == nullptr)
    return Error{fmt::format("--role {}: unknown role (one of {})", r.role, profiles::role_ids())};
  // Role names are judged and written into the fix's cmdlets: refuse what no client can dial.
  for (const auto& [option, value] : role_hosts(r.role_inputs)) {
    if (auto why = not_a_host_name(option, value)) return Error{*why};
    if (auto host = names::parse_reference_host(option == "--sip-domain" ? "sip." + value : value); !host)
      return Error{fmt::format("{} {}: {}", option, value, host.error().message)};
  }
  setup.names = profiles::required_names(setup.spec->role, r.role_inputs);
  return setup;
}

Status prepare_check_request(CheckRequest& r, const std::optional<net::HostPort>& endpoint, const RoleSetup& role) {
  if (auto why = not_a_host_name("--name", r.name)) return Error{*why};
  std::error_code ec;
  if (!endpoint && !std::filesystem::exists(r.target, ec)) {
    if (r.target.find(':') != std::string::npos) {
      // Neither a file nor a valid HOST:PORT: say both, with what is wrong with the endpoint form.
      auto hp = net::parse_host_port(r.target);
      if (!hp) return Error{fmt::format("{}: no such file, nor a live endpoint: {}", r.target, hp.error().message)};
    } else if (!looks_like_a_file_name(r.target) && names::parse_reference_host(r.target)) {
      // "check sip.contoso.com": meant as a live endpoint, but an endpoint needs its port.
      return Error{fmt::format("{}: no such file; a live endpoint is HOST:PORT ({}:5061 for SIP over TLS, {}:443 "
                               "for web services)",
                               r.target, r.target, r.target)};
    }
  }
  if (!endpoint) {
    if (auto conn = acquire::make_connection_options(r.endpoint); !conn) return conn.error();
    if (auto s = acquire::check_probe_values(r.endpoint); !s) return s.error();
  }
  if (endpoint && r.name.empty()) r.name = endpoint->host;
  if (r.name.empty() && role.spec != nullptr) {
    // The role's subject (its first required name) is the name its clients dial first.
    for (const auto& n : role.names)
      if (n.need == profiles::Need::kRequired) {
        r.name = n.name;
        break;
      }
    if (r.name.empty())
      return Error{fmt::format("--role {}: no name to check; give --name FQDN, or the inputs its names derive from "
                               "(docs/roles.md: --sip-domain, --pool, --simple-url, --access-edge ...)",
                               role.spec->id)};
  }
  if (r.name.empty()) return Error{"--name FQDN is required: the name the client dialled"};
  // The name is judged, and written into the fix's cmdlets: refuse what no client can dial.
  if (auto host = names::parse_reference_host(r.name); !host) return Error{"--name: " + host.error().message};
  if (r.warn_days < 0 || r.fail_days < 0) return Error{"--warn-days and --fail-days must be 0 or more"};
  if (r.fail_days > r.warn_days) {
    return Error{fmt::format("--fail-days {} is more than --warn-days {}", r.fail_days, r.warn_days)};
  }
  return Ok{};
}

namespace {

// Every certificate the run was given besides the target: an issuer among them is not fetched.
std::vector<pki::CertificatePtr> known_certificates(const evidence::TrustInputs& t) {
  std::vector<pki::CertificatePtr> all;
  for (const auto* v : {&t.public_roots, &t.enterprise_roots, &t.pool_chain, &t.trusted_ca_certs, &t.mobile_roots})
    all.insert(all.end(), v->begin(), v->end());
  return all;
}

}  // namespace

report::CheckReport judge_evidence(evidence::Evidence evidence,
                                   const std::vector<const profiles::ClientProfile*>& profiles,
                                   evidence::TrustInputs trust, const rules::JudgeOptions& options) {
  report::CheckReport r;
  r.evidence = std::move(evidence);
  for (const auto* p : profiles)
    if (p != nullptr) r.profiles.push_back(*p);
  r.trust = std::move(trust);
  r.options = options;
  std::vector<const profiles::ClientProfile*> ptrs;
  for (const auto& p : r.profiles) ptrs.push_back(&p);
  r.judgement = judge::judge(r.evidence, ptrs, r.trust, r.options);
  return r;
}

Result<report::Report> run_check(const CheckRequest& given) {
  CheckRequest request = given;
  const auto endpoint = acquire::endpoint_target(request.target);  // HOST:PORT: a live endpoint
  auto role = make_role_setup(request);
  if (!role) return role.error();
  if (auto s = prepare_check_request(request, endpoint, *role); !s) return s.error();

  // The clients that reach the role are the default profile set; --profile still wins.
  if (role->spec != nullptr && request.profile_ids.empty())
    for (auto id : role->spec->default_clients) request.profile_ids.emplace_back(id);
  auto setup = make_judge_setup(request.at, request.profiles_file, request.profile_ids);
  if (!setup) return setup.error();
  rules::JudgeOptions judge_options;
  judge_options.expiry_warn_days = request.warn_days;
  judge_options.expiry_fail_days = request.fail_days;
  judge_options.at = setup->at;
  if (role->spec != nullptr) {
    judge_options.role = role->spec->role;
    judge_options.role_names = role->names;
  }

  auto connection = acquire::make_connection_options(request.endpoint);
  if (!connection) return connection.error();
  auto fetching = acquire::make_fetch_settings(request.fetch, connection->timeout, connection->dns);
  if (!fetching) return fetching.error();
  // Revocation files are read now: a bad one is said before any packet.
  evidence::Evidence from_files;
  if (auto s = acquire::add_crl_files(from_files, request.crl_files); !s) return s.error();
  if (auto s = acquire::add_ocsp_files(from_files, request.ocsp_files); !s) return s.error();

  // One pool for the run: the trust files, the target and every client's path validation share
  // each certificate decoded and each signature checked.
  acquire::AcquireContext context;
  judge_options.pool = &context.pool();
  pki::LoadOptions load;
  load.password = request.password;
  load.missing_password_hint = request.missing_password_hint;
  load.pool = &context.pool();

  // Trust files are read now (a missing one is said before any packet) and decoded while the
  // probe waits.
  auto trust_loading = acquire::start_loading_trust(request.trust, &context.pool());
  if (!trust_loading) return trust_loading.error();
  const auto probe_started = acquire::Clock::now();
  auto evidence = endpoint ? acquire::acquire_endpoint(context, *endpoint, request.name, request.endpoint,
                                                       load.password)
                           : acquire::acquire_file(request.target, request.name, load, judge_options.at);
  const auto probe_seconds = std::chrono::duration<double>(acquire::Clock::now() - probe_started).count();
  if (!evidence) return evidence.error();
  auto trust = trust_loading->get();
  if (!trust) return trust.error();
  const auto known = known_certificates(trust->inputs);
  acquire::complete_chain_by_aia(context, *evidence, known, *fetching);
  evidence->crls = std::move(from_files.crls);
  evidence->ocsp_responses = std::move(from_files.ocsp_responses);
  acquire::take_staple(*evidence);
  acquire::fetch_revocation(context, *evidence, known, *fetching);
  acquire::fetch_hop_revocation(context, *evidence, known, *fetching);

  auto check = judge_evidence(std::move(evidence.value()), setup->requested, std::move(trust->inputs), judge_options);
  check.notes = std::move(trust->notes);
  if (endpoint) check.probe_seconds = probe_seconds;
  if (request.fetch.offline && !check.evidence.fetches.empty()) {
    check.notes.push_back("--offline: nothing was fetched from the network; what the cache did not hold is "
                          "unverified");
  }
  if (check.evidence.endpoint) {
    for (auto& n : report::endpoint_notes(*check.evidence.endpoint)) check.notes.push_back(std::move(n));
  }
  return report::Report{std::move(check)};
}

}  // namespace uccert::run
