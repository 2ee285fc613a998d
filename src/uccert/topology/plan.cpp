// Topology -> certificates and DNS records. Which certificates a deployment has is decided here
// (one per pool role, per Exchange server, per SBC, one for the reverse proxy); what each must be
// comes from the role catalogue (profiles/roles.h), never restated here.
#include "uccert/topology/plan.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <set>

#include "uccert/topology/fqdn.h"

namespace uccert::topology {
namespace {

using profiles::Role;
using profiles::RoleInputs;
using profiles::WildcardSan;

// Lync Phone Edition builds before this one accept no wildcard at all (W-12, S-01, S-04).
constexpr std::array<int, 4> kWildcardFirmware{4, 0, 7577, 4100};

std::array<int, 4> firmware_parts(const std::string& build) {
  std::array<int, 4> out{};
  std::size_t i = 0;
  const char* p = build.data();
  const char* end = build.data() + build.size();
  while (p < end && i < out.size()) {
    auto [next, ec] = std::from_chars(p, end, out[i]);
    if (ec != std::errc()) break;
    ++i;
    p = next < end && *next == '.' ? next + 1 : end;
  }
  return out;
}

std::vector<std::string> old_firmware(const Clients& c) {
  std::vector<std::string> out;
  for (const std::string& f : c.phone_firmware)
    if (firmware_parts(f) < kWildcardFirmware) out.push_back(f);
  return out;
}

bool has_new_firmware(const Clients& c) {
  return std::any_of(c.phone_firmware.begin(), c.phone_firmware.end(),
                     [](const std::string& f) { return !(firmware_parts(f) < kWildcardFirmware); });
}

// The role's clients that this deployment has (phones only where phones are, with their firmware;
// mobiles only where mobile is in use; the OCS interop profile only with federation partners).
std::vector<std::string> deployed_clients(const profiles::RoleSpec& spec, const Clients& c) {
  std::vector<std::string> out;
  for (std::string_view id : spec.default_clients) {
    if (id == "lync-desktop" && !c.desktop) continue;
    if (id == "phone-edition-legacy" && old_firmware(c).empty()) continue;
    if (id == "phone-edition" && !has_new_firmware(c)) continue;
    if ((id == "mobile-ios" || id == "mobile-android") && !c.mobile) continue;
    if (id == "ocs-interop" && c.federation.empty()) continue;
    out.emplace_back(id);
  }
  return out;
}

std::string wildcard_rule(const profiles::RoleSpec& spec) {
  const std::string cn = spec.wildcard_cn_allowed ? "CN may be a wildcard" : "never in the CN (W-01)";
  switch (spec.wildcard_san) {
    case WildcardSan::kNever: return "no wildcard anywhere; " + cn;
    case WildcardSan::kSimpleUrls:
      return "a SAN wildcard may cover the Simple URLs and lyncdiscover names only, listed after every explicit "
             "name (W-02..W-04, W-11); " +
             cn;
    case WildcardSan::kAny: return "a SAN wildcard may cover any name (one label); " + cn;
    case WildcardSan::kUnread: return "allowed but pointless: the SAN is not read (W-05, W-08); " + cn;
  }
  return cn;
}

class Planner {
 public:
  explicit Planner(const Topology& t) : t_(t) {
    if (const SipDomain* d = default_sip_domain(t)) plan_.sip_domains.push_back(d->name);
    for (const SipDomain& d : t.sip_domains)
      if (!same_fqdn(d.name, plan_.sip_domains.front())) plan_.sip_domains.push_back(d.name);
    for (const SimpleUrl& u : t.simple_urls) {
      if (u.kind == SimpleUrlKind::kMeet) meet_.push_back(u.host);
      if (u.kind == SimpleUrlKind::kDialin && dialin_.empty()) dialin_ = u.host;
      if (u.kind == SimpleUrlKind::kAdmin && admin_.empty()) admin_ = u.host;
    }
  }

  Plan run() {
    for (const Pool& p : t_.pools) {
      if (is_front_end(p)) {
        add(Role::kFeDefault, p.fqdn, machines(p), base(p), p.origin);
        RoleInputs web = base(p);
        add_web(web, p);
        add(Role::kFeWebInternal, p.fqdn, machines(p), web, p.origin);
        add(Role::kFeWebExternal, p.fqdn, machines(p), web, p.origin);
      } else if (is_director(p)) {
        RoleInputs in = base(p);
        add_web(in, p);
        add(Role::kDirector, p.fqdn, machines(p), in, p.origin);
      } else if (is_edge(p)) {
        const EdgeServer& e = *p.services.edge;
        RoleInputs in = base(p);
        in.edge_internal = e.internal_fqdn.empty() ? p.fqdn : e.internal_fqdn;
        in.access_edge = e.access_fqdn;
        in.webconf_edge = e.webconf_fqdn;
        in.av_edge = e.av_fqdn;
        add(Role::kEdgeInternal, p.fqdn, machines(p), in, p.origin);
        add(Role::kEdgeExternal, p.fqdn, machines(p), in, p.origin);
      } else if (is_mediation_only(p)) {
        add(Role::kMediation, p.fqdn, machines(p), base(p), p.origin);
      } else if (is_office_web_apps(p) && !t_.office_web_apps) {
        RoleInputs in;
        in.office_web_apps = p.fqdn;
        add(Role::kOfficeWebApps, p.fqdn, machines(p), in, p.origin);
      }
    }
    if (t_.office_web_apps) {
      const OfficeWebApps& o = *t_.office_web_apps;
      RoleInputs in;
      in.office_web_apps = o.internal_fqdn.empty() ? o.external_fqdn : o.internal_fqdn;
      if (!o.external_fqdn.empty()) in.names.push_back(o.external_fqdn);
      const Pool* farm = find_pool(t_, in.office_web_apps);
      add(Role::kOfficeWebApps, in.office_web_apps, farm ? machines(*farm) : std::vector<std::string>{}, in, o.origin);
    }
    if (t_.reverse_proxy) add_reverse_proxy(*t_.reverse_proxy);
    if (t_.exchange) {
      for (const HostName& um : t_.exchange->um_servers) {
        RoleInputs in;
        in.names.push_back(um.fqdn);
        add(Role::kExchangeUm, um.fqdn, {um.fqdn}, in, um.origin);
      }
      if (!t_.exchange->cas_names.empty()) {
        RoleInputs in;
        for (const HostName& n : t_.exchange->cas_names) in.names.push_back(n.fqdn);
        add(Role::kExchangeWeb, t_.exchange->cas_names.front().fqdn, {}, in, t_.exchange->origin);
      }
    }
    for (const Sbc& s : t_.clients.sbcs) {
      RoleInputs in;
      in.names.push_back(s.fqdn);
      add(Role::kSbc, s.fqdn, {s.fqdn}, in, s.origin);
    }
    plan_dns();
    return std::move(plan_);
  }

 private:
  static std::vector<std::string> machines(const Pool& p) {
    std::vector<std::string> out;
    for (const Machine& m : p.machines) out.push_back(m.fqdn);
    return out;
  }

  // What every role of a pool derives from: the SIP domains, the pool and its members, the Simple URLs.
  RoleInputs base(const Pool& p) const {
    RoleInputs in;
    in.sip_domains = plan_.sip_domains;
    in.pool = p.fqdn;
    in.servers = machines(p);
    in.meet = meet_;
    in.dialin = dialin_;
    in.admin = admin_;
    in.lyncdiscover = t_.clients.mobile;  // FE-07: the mobility names
    return in;
  }

  static void add_web(RoleInputs& in, const Pool& p) {
    if (!p.services.web) return;
    in.internal_web = p.services.web->internal_fqdn;
    in.external_web = p.services.web->external_fqdn;
  }

  void add_reverse_proxy(const ReverseProxy& rp) {
    RoleInputs in;
    in.sip_domains = plan_.sip_domains;
    in.meet = meet_;
    in.dialin = dialin_;
    in.admin = admin_;
    in.lyncdiscover = t_.clients.mobile && rp.publishes_lyncdiscover;  // RP-04
    in.external_web = rp.fqdn;
    for (const Pool& p : t_.pools)
      if (p.services.web && !p.services.web->external_fqdn.empty() &&
          !same_fqdn(p.services.web->external_fqdn, rp.fqdn))
        in.other_external_web.push_back(p.services.web->external_fqdn);
    if (in.external_web.empty() && !in.other_external_web.empty()) {
      in.external_web = in.other_external_web.front();
      in.other_external_web.erase(in.other_external_web.begin());
    }
    if (t_.office_web_apps && !t_.office_web_apps->external_fqdn.empty())
      in.office_web_apps = t_.office_web_apps->external_fqdn;
    for (const HostName& n : rp.published) in.names.push_back(n.fqdn);
    add(Role::kReverseProxy, rp.fqdn.empty() ? in.external_web : rp.fqdn, {}, in, rp.origin);
  }

  void add(Role role, const std::string& server, std::vector<std::string> on, const RoleInputs& in,
           const Origin& origin) {
    const profiles::RoleSpec& spec = profiles::role_spec(role);
    CertificatePlan c;
    c.role = role;
    c.server = server;
    c.key = std::string(spec.id) + " " + server;
    c.installed_on = std::move(on);
    for (std::string_view u : spec.usages) c.usages.emplace_back(u);
    c.names = profiles::required_names(role, in);
    for (const auto& n : c.names)
      if (n.subject) c.subject_cn = n.name;
    c.san = profiles::request_names(c.names, false);
    c.wildcard_rule = wildcard_rule(spec);
    c.clients = deployed_clients(spec, t_.clients);
    const bool legacy_phones = std::find(c.clients.begin(), c.clients.end(), "phone-edition-legacy") != c.clients.end();
    if (legacy_phones) {
      std::string builds;
      for (const std::string& f : old_firmware(t_.clients)) builds += (builds.empty() ? "" : ", ") + f;
      c.cautions.push_back("phones on " + builds +
                           " (before 4.0.7577.4100) reach this certificate: every name "
                           "explicit, no wildcard (W-12, S-01, S-04)");
    } else if (spec.wildcard_san == WildcardSan::kSimpleUrls || spec.wildcard_san == WildcardSan::kAny) {
      auto with = profiles::request_names(c.names, true);
      if (with != c.san) c.san_with_wildcards = std::move(with);
    }
    c.origin = origin;
    plan_.certificates.push_back(std::move(c));
  }

  const Pool* registrar_pool() const {
    const Pool* fe = nullptr;
    for (const Pool& p : t_.pools) {
      if (is_director(p)) return &p;  // clients sign in through the Director where there is one
      if (is_front_end(p) && fe == nullptr) fe = &p;
    }
    return fe;
  }

  void record(const std::string& domain, std::string side, std::string type, std::string name, int port,
              std::string target, std::string points_at, std::string source) {
    plan_.dns.push_back(DnsRecordPlan{domain, std::move(side), std::move(type), std::move(name), port,
                                      std::move(target), std::move(points_at), std::move(source)});
  }

  void plan_dns() {
    const Pool* registrar = registrar_pool();
    const Pool* edge = nullptr;
    const Pool* front_end = nullptr;
    for (const Pool& p : t_.pools) {
      if (is_edge(p) && edge == nullptr) edge = &p;
      if (is_front_end(p) && front_end == nullptr) front_end = &p;
    }
    std::set<std::string> edge_hosts_done;
    for (const std::string& d : plan_.sip_domains) {
      const std::string sip = "sip." + d;
      if (registrar != nullptr) {
        const std::string kind = is_director(*registrar) ? "Director pool " : "Front End pool ";
        // The SRV target in the SIP domain itself keeps strict DNS matching (DNS-07, DNS-08) and
        // is why sip.<domain> is on the Default certificate (FE-02, DNS-09).
        record(d, "internal", "SRV", "_sipinternaltls._tcp." + d, 5061, sip, kind + registrar->fqdn, "DNS-04; DNS-07");
        record(d, "internal", "A", sip, 0, registrar->fqdn, kind + registrar->fqdn, "FE-02; DNS-09");
        if (t_.clients.mobile && front_end != nullptr) {
          const std::string web = front_end->services.web && !front_end->services.web->internal_fqdn.empty()
                                      ? front_end->services.web->internal_fqdn
                                      : front_end->fqdn;
          record(d, "internal", "A", "lyncdiscoverinternal." + d, 0, web, "internal web services " + web,
                 "FE-07; DNS-14");
        }
      }
      if (edge != nullptr) {
        const EdgeServer& e = *edge->services.edge;
        const std::string access = e.access_fqdn.empty() ? sip : e.access_fqdn;
        record(d, "external", "A", sip, 0, access, "Access Edge " + access, "DNS-05; EDGE-03");
        record(d, "external", "SRV", "_sip._tls." + d, 443, sip, "Access Edge " + access, "DNS-05; DNS-09");
        record(d, "external", "SRV", "_sipfederationtls._tcp." + d, 5061, sip, "Access Edge " + access,
               "DNS-05; DNS-06; DNS-10");
        for (const auto& [host, what] : {std::pair{e.webconf_fqdn, std::string("Web Conferencing Edge")},
                                         std::pair{e.av_fqdn, std::string("A/V Edge")}})
          if (!host.empty() && edge_hosts_done.insert(host).second)
            record(d, "external", "A", host, 0, host, what + " " + host, "DNS-05");
      }
      if (t_.clients.mobile && (t_.reverse_proxy || edge != nullptr)) {
        const std::string rp = t_.reverse_proxy && !t_.reverse_proxy->fqdn.empty() ? t_.reverse_proxy->fqdn : "";
        record(d, "external", "A", "lyncdiscover." + d, 0, rp, rp.empty() ? "the reverse proxy" : "reverse proxy " + rp,
               "FE-07; RP-04; DNS-14");
      }
    }
  }

  const Topology& t_;
  Plan plan_;
  std::vector<std::string> meet_;
  std::string dialin_, admin_;
};

std::vector<std::string> minus(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> out;
  for (const std::string& x : a)
    if (std::find(b.begin(), b.end(), x) == b.end()) out.push_back(x);
  return out;
}

}  // namespace

Plan plan_topology(const Topology& topology) { return Planner(topology).run(); }

std::string_view to_string(CertificateChange::Kind kind) {
  switch (kind) {
    case CertificateChange::Kind::kNew: return "new";
    case CertificateChange::Kind::kReissue: return "reissue";
    case CertificateChange::Kind::kRetired: return "retired";
    case CertificateChange::Kind::kUntouched: return "untouched";
  }
  return "untouched";
}

PlanDiff diff_plans(const Plan& before, const Plan& after) {
  PlanDiff d;
  d.sip_domains_added = minus(after.sip_domains, before.sip_domains);
  d.sip_domains_removed = minus(before.sip_domains, after.sip_domains);
  std::map<std::string, const CertificatePlan*> old_by_key;
  for (const CertificatePlan& c : before.certificates) old_by_key[c.key] = &c;
  for (const CertificatePlan& c : after.certificates) {
    CertificateChange ch{c.key, c.role, c.server, CertificateChange::Kind::kNew, {}, {}, {}, c.subject_cn, c.san};
    const auto it = old_by_key.find(c.key);
    if (it == old_by_key.end()) {
      ch.added = c.san;
    } else {
      const CertificatePlan& o = *it->second;
      ch.old_cn = o.subject_cn;
      ch.added = minus(c.san, o.san);
      ch.removed = minus(o.san, c.san);
      const bool changed = !ch.added.empty() || !ch.removed.empty() || o.subject_cn != c.subject_cn;
      ch.kind = changed ? CertificateChange::Kind::kReissue : CertificateChange::Kind::kUntouched;
      if (!changed) ch.new_san.clear();
      old_by_key.erase(it);
    }
    d.changes.push_back(std::move(ch));
  }
  for (const CertificatePlan& o : before.certificates) {
    if (!old_by_key.contains(o.key)) continue;
    d.changes.push_back(
        CertificateChange{o.key, o.role, o.server, CertificateChange::Kind::kRetired, {}, o.san, o.subject_cn, {}, {}});
  }
  return d;
}

}  // namespace uccert::topology
