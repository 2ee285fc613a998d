#include "uccert/run/csr_plan.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>

#include "uccert/profiles/roles.h"
#include "uccert/topology/load.h"
#include "uccert/topology/plan.h"

namespace uccert::run {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Which cmdlet makes the same request on the server (run/csr.h).
CsrUsage csr_usage_of(profiles::Role role) {
  switch (role) {
    case profiles::Role::kEdgeExternal: return CsrUsage::kEdgeExternal;
    case profiles::Role::kEdgeInternal: return CsrUsage::kEdgeInternal;
    case profiles::Role::kExchangeUm:
    case profiles::Role::kExchangeWeb: return CsrUsage::kExchange;
    default: return CsrUsage::kDefault;
  }
}

bool selected(const topology::CertificatePlan& c, const TopologyCsrSelection& s) {
  if (!s.role.empty() && profiles::to_string(c.role) != s.role) return false;
  if (!s.usage.empty() &&
      std::none_of(c.usages.begin(), c.usages.end(), [&](const std::string& u) { return iequals(u, s.usage); }))
    return false;
  if (!s.server.empty() && !iequals(c.server, s.server) &&
      std::none_of(c.installed_on.begin(), c.installed_on.end(),
                   [&](const std::string& m) { return iequals(m, s.server); }))
    return false;
  return true;
}

}  // namespace

Result<CsrPlan> csr_plan_from_topology(const TopologyCsrSelection& s) {
  if (s.usage.empty() && s.role.empty())
    return Error{"a request from a topology needs --usage USAGE (Default, WebServicesExternal, AccessEdgeExternal, "
                 "Internal, UM, IIS...) or --role ROLE"};
  if (!s.role.empty() && profiles::find_role(s.role) == nullptr)
    return Error{fmt::format("--role {}: unknown role (one of {})", s.role, profiles::role_ids())};
  auto topology = topology::load_topology(s.files);
  if (!topology) return topology.error();
  const topology::Plan plan = topology::plan_topology(*topology);
  std::vector<const topology::CertificatePlan*> found;
  for (const auto& c : plan.certificates)
    if (selected(c, s)) found.push_back(&c);
  std::vector<std::string> keys;
  if (found.size() != 1) {
    for (const auto& c : plan.certificates)
      keys.push_back(fmt::format("{} ({})", c.key, fmt::join(c.usages, ",")));
  }
  const std::string what = !s.usage.empty() ? "--usage " + s.usage : "--role " + s.role;
  if (found.empty())
    return Error{fmt::format("{}{}: no certificate of the topology's plan has it (the plan: {})", what,
                             s.server.empty() ? "" : " --pool " + s.server, fmt::join(keys, "; "))};
  if (found.size() > 1) {
    std::vector<std::string> servers;
    for (const auto* c : found) servers.push_back(c->server);
    return Error{fmt::format("{}: {} certificates of the plan have it; say which with --pool ({})", what, found.size(),
                             fmt::join(servers, ", "))};
  }
  const topology::CertificatePlan& c = *found.front();
  CsrPlan out;
  out.subject = c.subject_cn;
  out.sans = c.san;
  out.usage = csr_usage_of(c.role);
  const profiles::RoleSpec* spec = profiles::find_role(profiles::to_string(c.role));
  out.ekus = {"serverAuth"};
  if (spec != nullptr && spec->client_auth_eku) out.ekus.emplace_back("clientAuth");
  return out;
}

}  // namespace uccert::run
