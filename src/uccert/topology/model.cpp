// Derived facts about the deployment model: what kind of server a pool is, usage spellings,
// look-ups by FQDN.
#include "uccert/topology/model.h"

#include <array>
#include <utility>

#include "uccert/topology/fqdn.h"

namespace uccert::topology {
namespace {

constexpr std::array<std::pair<Usage, std::string_view>, 13> kUsageNames{{
    {Usage::kDefault, "Default"},
    {Usage::kWebServicesInternal, "WebServicesInternal"},
    {Usage::kWebServicesExternal, "WebServicesExternal"},
    {Usage::kAccessEdgeExternal, "AccessEdgeExternal"},
    {Usage::kDataEdgeExternal, "DataEdgeExternal"},
    {Usage::kAudioVideoAuthentication, "AudioVideoAuthentication"},
    {Usage::kInternal, "Internal"},
    {Usage::kUm, "UM"},
    {Usage::kUmCallRouter, "UMCallRouter"},
    {Usage::kIis, "IIS"},
    {Usage::kReverseProxy, "reverse-proxy"},
    {Usage::kSbc, "sbc"},
    {Usage::kOfficeWebApps, "office-web-apps"},
}};

}  // namespace

std::string where(const Origin& origin) {
  if (origin.line == 0) return origin.file;
  return origin.file + ":" + std::to_string(origin.line);
}

bool is_director(const Pool& pool) { return pool.services.registrar && pool.services.registrar->is_director; }

bool is_front_end(const Pool& pool) {
  return pool.services.registrar && !pool.services.registrar->is_director && pool.services.user_services;
}

bool is_standard_edition(const Pool& pool) {
  return is_front_end(pool) && pool.machines.size() == 1 && same_fqdn(pool.machines.front().fqdn, pool.fqdn);
}

bool is_edge(const Pool& pool) { return pool.services.edge.has_value(); }

bool is_mediation_only(const Pool& pool) {
  return pool.services.mediation && !pool.services.registrar && !pool.services.edge;
}

bool is_office_web_apps(const Pool& pool) { return pool.services.wac.has_value(); }

std::string_view usage_name(Usage usage) {
  for (const auto& [u, name] : kUsageNames)
    if (u == usage) return name;
  return "?";
}

std::optional<Usage> parse_usage(std::string_view text) {
  for (const auto& [u, name] : kUsageNames)
    if (same_fqdn(name, text)) return u;
  return std::nullopt;
}

std::string resolve_path(std::string_view base_dir, std::string_view path) {
  if (path.empty() || path.front() == '/' || base_dir.empty()) return std::string(path);
  return std::string(base_dir) + "/" + std::string(path);
}

const Pool* find_pool(const Topology& topology, std::string_view fqdn) {
  for (const Pool& p : topology.pools)
    if (same_fqdn(p.fqdn, fqdn)) return &p;
  return nullptr;
}

const SipDomain* default_sip_domain(const Topology& topology) {
  for (const SipDomain& d : topology.sip_domains)
    if (d.is_default) return &d;
  return topology.sip_domains.empty() ? nullptr : &topology.sip_domains.front();
}

}  // namespace uccert::topology
