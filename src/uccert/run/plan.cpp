#include "uccert/run/plan.h"

#include "uccert/rules/fix_text.h"
#include "uccert/topology/load.h"

namespace uccert::run {
namespace {

using profiles::Installer;
using profiles::KeyExport;

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

// One POSIX shell word.
std::string sh_quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string file_stem(const topology::CertificatePlan& c) {
  return std::string(profiles::role_spec(c.role).id) + "-" + c.server;
}

std::string lync_request(const topology::CertificatePlan& c, const profiles::RoleSpec& spec, std::size_t domains) {
  std::string cmd = "Request-CsCertificate -New -Type " + join(c.usages, ",");
  if (spec.installer == Installer::kLyncEdge) {
    // Edge certificates are requested offline and imported (G-10, PS-05).
    cmd += " -Output " + rules::fix::ps_quoted("C:\\" + file_stem(c) + ".req");
  } else {
    cmd += " -CA " + rules::fix::ps_quoted("<CA server FQDN>\\<CA name>");
  }
  cmd += " -DomainName " + rules::fix::ps_quoted(join(c.san, ","));
  if (domains > 1) cmd += " -AllSipDomain";
  cmd += " -KeySize " + std::to_string(spec.min_rsa_bits);
  if (spec.exportable_key != KeyExport::kNotNeeded) cmd += " -PrivateKeyExportable $true";
  if (spec.client_auth_eku) cmd += " -ClientEKU $true";
  return cmd;
}

std::string exchange_request(const topology::CertificatePlan& c, const profiles::RoleSpec& spec) {
  std::string cmd = "New-ExchangeCertificate -GenerateRequest -SubjectName " +
                    rules::fix::ps_quoted("CN=" + c.subject_cn) + " -DomainName " +
                    rules::fix::ps_quoted(join(c.san, ","));
  if (spec.exportable_key != KeyExport::kNotNeeded) cmd += " -PrivateKeyExportable $true";
  cmd += " -KeySize " + std::to_string(spec.min_rsa_bits);
  cmd += " -RequestFile " + rules::fix::ps_quoted("C:\\" + file_stem(c) + ".req");
  return cmd;
}

std::string openssl_request(const topology::CertificatePlan& c, const profiles::RoleSpec& spec) {
  std::string san;
  for (const std::string& n : c.san) san += (san.empty() ? "DNS:" : ",DNS:") + n;
  std::string cmd =
      "openssl req -new -newkey rsa:" + std::to_string(spec.min_rsa_bits) + " -nodes -keyout " +
      sh_quoted(file_stem(c) + ".key") + " -out " + sh_quoted(file_stem(c) + ".csr") + " -subj " +
      sh_quoted("/CN=" + c.subject_cn) + " -addext " + sh_quoted("subjectAltName=" + san) + " -addext " +
      sh_quoted(spec.client_auth_eku ? "extendedKeyUsage=serverAuth,clientAuth" : "extendedKeyUsage=serverAuth");
  return cmd;
}

}  // namespace

std::string request_command(const topology::CertificatePlan& cert, std::size_t sip_domain_count) {
  const profiles::RoleSpec& spec = profiles::role_spec(cert.role);
  switch (spec.installer) {
    case Installer::kLyncServer:
    case Installer::kLyncEdge: return lync_request(cert, spec, sip_domain_count);
    case Installer::kExchange:
    case Installer::kExchangeUm: return exchange_request(cert, spec);
    case Installer::kReverseProxy:
    case Installer::kOfficeWebApps:
    case Installer::kSbc: return openssl_request(cert, spec);
  }
  return {};
}

Result<report::Report> run_plan(const PlanRequest& request) {
  auto topology = topology::load_topology(request.files);
  if (!topology) return topology.error();
  report::PlanReport out;
  out.files = request.files;
  out.notes = topology->notes;
  out.plan = topology::plan_topology(*topology);
  for (const auto& c : out.plan.certificates) out.requests.push_back(request_command(c, out.plan.sip_domains.size()));
  if (!request.old_files.empty()) {
    auto before = topology::load_topology(request.old_files);
    if (!before) return before.error();
    out.diff =
        report::PlanReport::Diff{request.old_files, topology::diff_plans(topology::plan_topology(*before), out.plan)};
  }
  return report::Report{std::move(out)};
}

}  // namespace uccert::run
