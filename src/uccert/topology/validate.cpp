#include "uccert/topology/validate.h"

#include <map>
#include <string>

#include "uccert/topology/fqdn.h"

namespace uccert::topology {
namespace {

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// Every FQDN a pool claims (its own and its members'), so that one name is not two servers.
Status check_duplicates(const Topology& t) {
  std::map<std::string, std::pair<Origin, std::string>> seen;  // fqdn -> where, which pool
  auto claim = [&](const std::string& fqdn, const Origin& o, const Pool& pool) -> Status {
    auto [it, fresh] = seen.try_emplace(lower_fqdn(fqdn), o, pool.fqdn);
    if (fresh || same_fqdn(it->second.second, pool.fqdn)) return Ok{};
    return Error{where(o) + ": duplicate FQDN " + quoted(fqdn) + ": already used by pool " + quoted(it->second.second) +
                 " at " + where(it->second.first)};
  };
  for (const Pool& p : t.pools) {
    if (auto it = seen.find(lower_fqdn(p.fqdn)); it != seen.end())
      return Error{where(p.origin) + ": duplicate FQDN " + quoted(p.fqdn) + ": already used by pool " +
                   quoted(it->second.second) + " at " + where(it->second.first)};
    if (auto s = claim(p.fqdn, p.origin, p); !s) return s;
    std::map<std::string, bool> members;
    for (const Machine& m : p.machines) {
      if (!members.emplace(lower_fqdn(m.fqdn), true).second)
        return Error{where(m.origin) + ": duplicate FQDN " + quoted(m.fqdn) + ": listed twice in pool " +
                     quoted(p.fqdn)};
      if (auto s = claim(m.fqdn, m.origin, p); !s) return s;
    }
  }
  return Ok{};
}

bool any_of_names(const std::vector<HostName>& names, std::string_view fqdn) {
  for (const HostName& n : names)
    if (same_fqdn(n.fqdn, fqdn)) return true;
  return false;
}

const Pool* pool_of(const Topology& t, std::string_view fqdn) {
  for (const Pool& p : t.pools) {
    if (same_fqdn(p.fqdn, fqdn)) return &p;
    for (const Machine& m : p.machines)
      if (same_fqdn(m.fqdn, fqdn)) return &p;
  }
  return nullptr;
}

// G-14: letters, digits and hyphens in dot-separated labels (a leading "*." only where a name may
// be a wildcard). Checked for what the XML gives, which no reader has vetted: these names end up in
// the commands the plan prints.
bool is_host_name(std::string_view s) {
  if (s.starts_with("*.")) s.remove_prefix(2);
  if (s.empty() || s.size() > 253 || s.front() == '.' || s.back() == '.' || s.find("..") != std::string_view::npos)
    return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
      return false;
  return true;
}

Status check_host_names(const Topology& t) {
  auto check = [](const std::string& name, const Origin& o, std::string_view what) -> Status {
    if (name.empty() || is_host_name(name)) return Ok{};
    std::string shown;
    for (char c : name) shown += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    return Error{where(o) + ": " + std::string(what) + " \"" + shown +
                 "\" is not a host name (letters, digits, hyphens, dots: G-14)"};
  };
  for (const SipDomain& d : t.sip_domains)
    if (auto s = check(d.name, d.origin, "SIP domain"); !s) return s;
  for (const Pool& p : t.pools) {
    if (auto s = check(p.fqdn, p.origin, "pool FQDN"); !s) return s;
    for (const Machine& m : p.machines)
      if (auto s = check(m.fqdn, m.origin, "machine FQDN"); !s) return s;
    if (const auto& w = p.services.web) {
      if (auto s = check(w->internal_fqdn, w->origin, "internal web FQDN"); !s) return s;
      if (auto s = check(w->external_fqdn, w->origin, "external web FQDN"); !s) return s;
    }
    if (const auto& e = p.services.edge)
      for (const std::string* n : {&e->internal_fqdn, &e->access_fqdn, &e->webconf_fqdn, &e->av_fqdn})
        if (auto s = check(*n, e->origin, "Edge FQDN"); !s) return s;
  }
  for (const SimpleUrl& u : t.simple_urls)
    if (auto s = check(u.host, u.origin, "Simple URL host"); !s) return s;
  return Ok{};
}

}  // namespace

std::optional<ServerKind> server_kind(const Topology& t, std::string_view fqdn) {
  if (const Pool* p = pool_of(t, fqdn)) {
    if (is_edge(*p)) return ServerKind::kEdge;
    if (is_director(*p)) return ServerKind::kDirector;
    if (is_front_end(*p)) return ServerKind::kFrontEnd;
    if (is_office_web_apps(*p)) return ServerKind::kOfficeWebApps;
    if (p->services.mediation) return ServerKind::kMediation;
  }
  if (t.exchange && any_of_names(t.exchange->um_servers, fqdn)) return ServerKind::kExchangeUm;
  if (t.exchange && any_of_names(t.exchange->cas_names, fqdn)) return ServerKind::kExchangeCas;
  if (t.reverse_proxy && same_fqdn(t.reverse_proxy->fqdn, fqdn)) return ServerKind::kReverseProxy;
  if (t.office_web_apps &&
      (same_fqdn(t.office_web_apps->internal_fqdn, fqdn) || same_fqdn(t.office_web_apps->external_fqdn, fqdn)))
    return ServerKind::kOfficeWebApps;
  for (const Sbc& s : t.clients.sbcs)
    if (same_fqdn(s.fqdn, fqdn)) return ServerKind::kSbc;
  return std::nullopt;
}

std::string_view to_string(ServerKind kind) {
  switch (kind) {
    case ServerKind::kFrontEnd: return "Front End pool";
    case ServerKind::kDirector: return "Director pool";
    case ServerKind::kEdge: return "Edge pool";
    case ServerKind::kMediation: return "Mediation pool";
    case ServerKind::kOfficeWebApps: return "Office Web Apps farm";
    case ServerKind::kExchangeUm: return "Exchange UM server";
    case ServerKind::kExchangeCas: return "Exchange Client Access name";
    case ServerKind::kReverseProxy: return "reverse proxy";
    case ServerKind::kSbc: return "SBC";
  }
  return "server";
}

bool usage_fits(Usage usage, ServerKind kind) {
  switch (usage) {
    case Usage::kDefault:
      return kind == ServerKind::kFrontEnd || kind == ServerKind::kDirector || kind == ServerKind::kMediation;
    case Usage::kWebServicesInternal:
    case Usage::kWebServicesExternal: return kind == ServerKind::kFrontEnd || kind == ServerKind::kDirector;
    case Usage::kAccessEdgeExternal:
    case Usage::kDataEdgeExternal:
    case Usage::kAudioVideoAuthentication:
    case Usage::kInternal: return kind == ServerKind::kEdge;
    case Usage::kUm:
    case Usage::kUmCallRouter: return kind == ServerKind::kExchangeUm;
    case Usage::kIis: return kind == ServerKind::kExchangeCas || kind == ServerKind::kExchangeUm;
    case Usage::kReverseProxy: return kind == ServerKind::kReverseProxy;
    case Usage::kSbc: return kind == ServerKind::kSbc;
    case Usage::kOfficeWebApps: return kind == ServerKind::kOfficeWebApps;
  }
  return false;
}

Status validate_topology(const Topology& t) {
  if (t.sip_domains.empty()) {
    const std::string file = t.files.empty() ? std::string("topology") : t.files.front();
    return Error{file + ": no SIP domain (InternalDomains in the XML, or sip_domains = [...] in the overlay)"};
  }
  if (auto s = check_host_names(t); !s) return s;
  if (auto s = check_duplicates(t); !s) return s;
  for (const Assignment& a : t.assignments) {
    const auto kind = server_kind(t, a.server);
    if (!kind)
      return Error{where(a.origin) + ": [[assignment]] for " + quoted(a.server) +
                   ": no pool, machine, Exchange server, reverse proxy, Office Web Apps farm or SBC of that name "
                   "in the topology"};
    for (Usage u : a.usages)
      if (!usage_fits(u, *kind))
        return Error{where(a.origin) + ": [[assignment]] for " + quoted(a.server) + ": usage " +
                     std::string(usage_name(u)) + " does not exist on a " + std::string(to_string(*kind))};
  }
  return Ok{};
}

}  // namespace uccert::topology
