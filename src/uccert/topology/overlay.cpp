// The TOML overlay onto the model. Each table is read by a strict reader that knows its keys; the
// first problem ends the read as one line "ORIGIN:LINE: ..." with the line toml++ reports.
#include "uccert/topology/overlay.h"

#include <toml++/toml.h>

#include <initializer_list>
#include <set>
#include <string>
#include <vector>

#include "uccert/profiles/one_line.h"
#include "uccert/profiles/toml_depth.h"
#include "uccert/topology/fqdn.h"

namespace uccert::topology {
namespace {

// A quoted key or value in a message, control characters shown as \xHH so it stays one line.
std::string quoted(std::string_view text) { return "\"" + profiles::one_line(text) + "\""; }

// An overlay needs at most three dotted parts (profiles/toml_depth.h).
constexpr std::size_t kMaxDotsPerLine = 64;

// The first problem, thrown from deep in a table's reader and caught in apply_overlay, which returns
// it as a value: readers then need no "failed?" check after every key.
struct Failure {
  std::string message;
};

class Reader {
 public:
  Reader(std::string_view origin, const toml::table& t, std::string context)
      : origin_(origin), t_(t), context_(std::move(context)) {}

  Origin at(const toml::source_region& r) const { return Origin{origin_, r.begin.line}; }
  Origin table_origin() const { return at(t_.source()); }

  [[noreturn]] void fail_at(const toml::source_region& r, const std::string& what) const {
    throw Failure{origin_ + ":" + std::to_string(r.begin.line) + ": " + what};
  }
  [[noreturn]] void fail_key(std::string_view key, const std::string& what) const {
    const toml::node* n = t_.get(key);
    fail_at(n != nullptr ? n->source() : t_.source(), what);
  }

  void only_keys(std::initializer_list<std::string_view> known) const {
    for (auto&& [key, node] : t_) {
      bool ok = false;
      for (std::string_view k : known) ok = ok || key.str() == k;
      if (!ok) fail_at(key.source(), "unknown key " + quoted(key.str()) + context_ + known_list(known));
    }
  }

  std::optional<std::string> string(std::string_view key) const {
    const toml::node* n = t_.get(key);
    if (n == nullptr) return std::nullopt;
    if (!n->is_string()) fail_key(key, std::string(key) + " must be a string" + context_);
    return n->as_string()->get();
  }

  std::optional<std::string> fqdn(std::string_view key) const {
    auto s = string(key);
    if (!s) return std::nullopt;
    check_fqdn(*s, t_.get(key)->source(), key);
    return lower_fqdn(*s);
  }

  std::optional<bool> boolean(std::string_view key) const {
    const toml::node* n = t_.get(key);
    if (n == nullptr) return std::nullopt;
    if (!n->is_boolean()) fail_key(key, std::string(key) + " must be true or false" + context_);
    return n->as_boolean()->get();
  }

  // A string or a list of strings, each with the line it was written on.
  std::optional<std::vector<HostName>> strings(std::string_view key, bool are_fqdns) const {
    const toml::node* n = t_.get(key);
    if (n == nullptr) return std::nullopt;
    std::vector<HostName> out;
    auto one = [&](const toml::node& v) {
      if (!v.is_string()) fail_at(v.source(), std::string(key) + " must be a string or a list of strings" + context_);
      std::string s = v.as_string()->get();
      if (are_fqdns) {
        check_fqdn(s, v.source(), key);
        s = lower_fqdn(s);
      }
      out.push_back(HostName{s, at(v.source())});
    };
    if (const toml::array* a = n->as_array()) {
      for (const toml::node& v : *a) one(v);
    } else {
      one(*n);
    }
    return out;
  }

  const toml::table& table() const { return t_; }

 private:
  void check_fqdn(const std::string& s, const toml::source_region& r, std::string_view key) const {
    bool ok = !s.empty() && s.size() <= 253 && s.front() != '.' && s.front() != '-';
    for (char c : s)
      ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                  c == '*');
    if (!ok)
      fail_at(r,
              std::string(key) + " = " + quoted(s) + " is not a host name (letters, digits, hyphens, dots)" + context_);
  }

  static std::string known_list(std::initializer_list<std::string_view> known) {
    std::string out = " (known: ";
    bool first = true;
    for (std::string_view k : known) {
      out += (first ? "" : ", ") + std::string(k);
      first = false;
    }
    return out + ")";
  }

  std::string origin_;
  const toml::table& t_;
  std::string context_;
};

const toml::table& as_table(const toml::node& n, std::string_view origin, std::string_view name) {
  if (!n.is_table())
    throw Failure{std::string(origin) + ":" + std::to_string(n.source().begin.line) + ": " + std::string(name) +
                  " must be a table: write [" + std::string(name) + "]"};
  return *n.as_table();
}

const toml::array& as_table_array(const toml::node& n, std::string_view origin, std::string_view name) {
  if (!n.is_array_of_tables())
    throw Failure{std::string(origin) + ":" + std::to_string(n.source().begin.line) + ": " + std::string(name) +
                  " must be a list of tables: write [[" + std::string(name) + "]]"};
  return *n.as_array();
}

class Overlay {
 public:
  Overlay(std::string_view origin, std::string_view base_dir, Topology& out)
      : origin_(origin), base_dir_(base_dir), out_(out) {}

  void apply(const toml::table& root) {
    Reader r(origin_, root, "");
    r.only_keys({"sip_domains", "default_sip_domain", "pool", "simple_urls", "exchange", "reverse_proxy",
                 "office_web_apps", "clients", "trust", "assignment"});
    if (auto domains = r.strings("sip_domains", true)) {
      for (const HostName& d : *domains) {
        if (has_domain(d.fqdn)) continue;  // the XML has it already
        out_.sip_domains.push_back(SipDomain{d.fqdn, false, d.origin});
      }
    }
    if (auto def = r.fqdn("default_sip_domain")) {
      if (!has_domain(*def))
        r.fail_key("default_sip_domain", "default_sip_domain " + quoted(*def) + " is not a SIP domain");
      for (SipDomain& d : out_.sip_domains) d.is_default = same_fqdn(d.name, *def);
    }
    if (const toml::node* n = root.get("pool"))
      for (const toml::node& t : as_table_array(*n, origin_, "pool")) read_pool(*t.as_table());
    if (const toml::node* n = root.get("simple_urls")) read_simple_urls(as_table(*n, origin_, "simple_urls"));
    if (const toml::node* n = root.get("exchange")) read_exchange(as_table(*n, origin_, "exchange"));
    if (const toml::node* n = root.get("reverse_proxy")) read_reverse_proxy(as_table(*n, origin_, "reverse_proxy"));
    if (const toml::node* n = root.get("office_web_apps"))
      read_office_web_apps(as_table(*n, origin_, "office_web_apps"));
    if (const toml::node* n = root.get("clients")) read_clients(as_table(*n, origin_, "clients"));
    if (const toml::node* n = root.get("trust")) read_trust(as_table(*n, origin_, "trust"));
    if (const toml::node* n = root.get("assignment"))
      for (const toml::node& t : as_table_array(*n, origin_, "assignment")) read_assignment(*t.as_table());
  }

 private:
  bool has_domain(std::string_view name) const {
    for (const SipDomain& d : out_.sip_domains)
      if (same_fqdn(d.name, name)) return true;
    return false;
  }

  void read_pool(const toml::table& t) {
    Reader r(origin_, t, " in [[pool]]");
    r.only_keys({"fqdn", "role", "site", "machines", "web_internal", "web_external", "edge_internal", "access_edge",
                 "webconf_edge", "av_edge"});
    auto fqdn = r.fqdn("fqdn");
    if (!fqdn) r.fail_at(t.source(), "[[pool]] without fqdn");
    if (!pools_here_.insert(*fqdn).second)
      r.fail_key("fqdn", "duplicate FQDN " + quoted(*fqdn) + ": a second [[pool]] with it");
    Pool* pool = nullptr;
    for (Pool& p : out_.pools)
      if (same_fqdn(p.fqdn, *fqdn)) pool = &p;
    auto role = r.string("role");
    if (pool == nullptr) {
      if (!role) r.fail_at(t.source(), "[[pool]] " + quoted(*fqdn) + " is not in the Topology XML, so it needs a role");
      out_.pools.push_back(Pool{*fqdn, {}, {}, {}, r.table_origin()});
      pool = &out_.pools.back();
    }
    if (role) set_role(r, *role, *pool);
    if (auto site = r.string("site")) pool->site = *site;
    if (auto machines = r.strings("machines", true)) {
      pool->machines.clear();
      for (const HostName& m : *machines) pool->machines.push_back(Machine{m.fqdn, m.origin});
    }
    if (pool->machines.empty() && role &&
        (*role == "standard-edition" || *role == "edge" || *role == "director" || *role == "mediation" ||
         *role == "office-web-apps"))
      pool->machines.push_back(Machine{pool->fqdn, r.table_origin()});
    auto web_internal = r.fqdn("web_internal");
    auto web_external = r.fqdn("web_external");
    if (web_internal || web_external) {
      if (!pool->services.web)
        r.fail_key(web_internal ? "web_internal" : "web_external",
                   "pool " + quoted(pool->fqdn) + " runs no web services");
      if (web_internal) pool->services.web->internal_fqdn = *web_internal;
      if (web_external) pool->services.web->external_fqdn = *web_external;
    }
    const char* edge_keys[] = {"edge_internal", "access_edge", "webconf_edge", "av_edge"};
    for (const char* key : edge_keys) {
      auto v = r.fqdn(key);
      if (!v) continue;
      if (!pool->services.edge)
        r.fail_key(key, std::string(key) + " on pool " + quoted(pool->fqdn) + ", which is not an Edge pool");
      EdgeServer& e = *pool->services.edge;
      std::string& field = key == edge_keys[0]   ? e.internal_fqdn
                           : key == edge_keys[1] ? e.access_fqdn
                           : key == edge_keys[2] ? e.webconf_fqdn
                                                 : e.av_fqdn;
      field = *v;
    }
  }

  void set_role(const Reader& r, const std::string& role, Pool& pool) {
    const Origin o = r.table_origin();
    PoolServices s;
    if (role == "standard-edition" || role == "front-end") {
      s.registrar = Registrar{false, o};
      s.user_services = UserServices{o};
      s.web = pool.services.web ? pool.services.web : WebServices{{}, {}, o};
      s.mediation = pool.services.mediation;
    } else if (role == "director") {
      s.registrar = Registrar{true, o};
      s.web = pool.services.web ? pool.services.web : WebServices{{}, {}, o};
    } else if (role == "edge") {
      s.edge = pool.services.edge ? pool.services.edge : EdgeServer{{}, {}, {}, {}, o};
    } else if (role == "mediation") {
      s.mediation = MediationServer{o};
    } else if (role == "office-web-apps") {
      s.wac = pool.services.wac ? pool.services.wac : WacService{{}, {}, o};
    } else {
      r.fail_key("role", "unknown pool role " + quoted(role) +
                             " (known: standard-edition, front-end, director, edge, mediation, office-web-apps)");
    }
    pool.services = s;
  }

  void read_simple_urls(const toml::table& t) {
    Reader r(origin_, t, " in [simple_urls]");
    r.only_keys({"meet", "dialin", "admin"});
    const std::pair<const char*, SimpleUrlKind> kinds[] = {
        {"meet", SimpleUrlKind::kMeet}, {"dialin", SimpleUrlKind::kDialin}, {"admin", SimpleUrlKind::kAdmin}};
    for (const auto& [key, kind] : kinds) {
      auto urls = r.strings(key, false);
      if (!urls) continue;
      std::erase_if(out_.simple_urls, [k = kind](const SimpleUrl& u) { return u.kind == k; });  // the overlay's win
      for (const HostName& u : *urls) {
        SimpleUrl url{kind, u.fqdn, host_of(u.fqdn), {}, u.origin};
        if (url.host.empty())
          throw Failure{where(u.origin) + ": " + key + " URL " + quoted(u.fqdn) + " is not https://HOST[/PATH]"};
        if (kind == SimpleUrlKind::kMeet) url.sip_domain = domain_of(url.host);
        out_.simple_urls.push_back(url);
      }
    }
  }

  // The SIP domain a meet URL serves: the longest SIP domain its host is in (else empty: all).
  std::string domain_of(const std::string& host) const {
    std::string best;
    for (const SipDomain& d : out_.sip_domains)
      if (host.size() > d.name.size() && host.ends_with("." + d.name) && d.name.size() > best.size()) best = d.name;
    return best;
  }

  static std::string host_of(std::string_view url) {
    constexpr std::string_view kScheme = "https://";
    if (url.size() <= kScheme.size() || lower_fqdn(url.substr(0, kScheme.size())) != kScheme) return {};
    url.remove_prefix(kScheme.size());
    std::string host = lower_fqdn(url.substr(0, url.find_first_of("/:?#")));
    for (char c : host)
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) return {};
    return host;
  }

  void read_exchange(const toml::table& t) {
    Reader r(origin_, t, " in [exchange]");
    r.only_keys({"um_servers", "cas_names", "um_colocated_with_cas"});
    Exchange ex = out_.exchange.value_or(Exchange{{}, {}, false, r.table_origin()});
    if (auto v = r.strings("um_servers", true)) ex.um_servers = *v;
    if (auto v = r.strings("cas_names", true)) ex.cas_names = *v;
    if (auto v = r.boolean("um_colocated_with_cas")) ex.um_colocated_with_cas = *v;
    out_.exchange = ex;
  }

  void read_reverse_proxy(const toml::table& t) {
    Reader r(origin_, t, " in [reverse_proxy]");
    r.only_keys({"fqdn", "published", "publishes_lyncdiscover"});
    ReverseProxy rp = out_.reverse_proxy.value_or(ReverseProxy{{}, {}, true, r.table_origin()});
    if (auto v = r.fqdn("fqdn")) rp.fqdn = *v;
    if (auto v = r.strings("published", true)) rp.published = *v;
    if (auto v = r.boolean("publishes_lyncdiscover")) rp.publishes_lyncdiscover = *v;
    out_.reverse_proxy = rp;
  }

  void read_office_web_apps(const toml::table& t) {
    Reader r(origin_, t, " in [office_web_apps]");
    r.only_keys({"internal", "external"});
    OfficeWebApps owa = out_.office_web_apps.value_or(OfficeWebApps{{}, {}, r.table_origin()});
    if (auto v = r.fqdn("internal")) owa.internal_fqdn = *v;
    if (auto v = r.fqdn("external")) owa.external_fqdn = *v;
    out_.office_web_apps = owa;
  }

  void read_clients(const toml::table& t) {
    Reader r(origin_, t, " in [clients]");
    r.only_keys({"desktop", "mobile", "phone_firmware", "federation", "sbcs"});
    Clients& c = out_.clients;
    c.origin = r.table_origin();
    if (auto v = r.boolean("desktop")) c.desktop = *v;
    if (auto v = r.boolean("mobile")) c.mobile = *v;
    if (auto v = r.strings("phone_firmware", false)) {
      c.phone_firmware.clear();
      for (const HostName& f : *v) {
        if (!is_firmware(f.fqdn))
          throw Failure{where(f.origin) + ": phone_firmware " + quoted(f.fqdn) + " is not a build like 4.0.7577.4100"};
        c.phone_firmware.push_back(f.fqdn);
      }
    }
    if (auto v = r.strings("federation", true)) {
      c.federation.clear();
      for (const HostName& d : *v) c.federation.push_back(FederationPartner{d.fqdn, d.origin});
    }
    if (auto v = r.strings("sbcs", true)) {
      c.sbcs.clear();
      for (const HostName& d : *v) c.sbcs.push_back(Sbc{d.fqdn, d.origin});
    }
  }

  static bool is_firmware(const std::string& s) {
    int dots = 0;
    bool digit = false;
    for (char c : s) {
      if (c == '.') {
        if (!digit) return false;
        ++dots;
        digit = false;
      } else if (c >= '0' && c <= '9') {
        digit = true;
      } else {
        return false;
      }
    }
    return digit && dots == 3;
  }

  void read_trust(const toml::table& t) {
    Reader r(origin_, t, " in [trust]");
    r.only_keys({"enterprise_roots", "trusted_ca_certs", "mobile_roots"});
    auto paths = [&](const char* key, std::vector<FileRef>& into) {
      if (auto v = r.strings(key, false))
        for (HostName& p : *v) into.push_back(FileRef{resolve_path(base_dir_, p.fqdn), p.origin});
    };
    paths("enterprise_roots", out_.trust.enterprise_roots);
    paths("trusted_ca_certs", out_.trust.trusted_ca_certs);
    paths("mobile_roots", out_.trust.mobile_roots);
  }

  void read_assignment(const toml::table& t) {
    Reader r(origin_, t, " in [[assignment]]");
    r.only_keys({"server", "usage", "file", "password_file", "endpoint"});
    Assignment a;
    a.origin = r.table_origin();
    a.base_dir = base_dir_;
    auto server = r.fqdn("server");
    if (!server)
      r.fail_at(t.source(), "[[assignment]] without server (the pool, machine or host the certificate is on)");
    a.server = *server;
    auto usages = r.strings("usage", false);
    if (!usages || usages->empty()) r.fail_at(t.source(), "[[assignment]] without usage (e.g. usage = [\"Default\"])");
    for (const HostName& u : *usages) {
      auto usage = parse_usage(u.fqdn);
      if (!usage)
        throw Failure{where(u.origin) + ": unknown usage " + quoted(u.fqdn) +
                      " (known: Default, WebServicesInternal, WebServicesExternal, AccessEdgeExternal, "
                      "DataEdgeExternal, AudioVideoAuthentication, Internal, UM, UMCallRouter, IIS, reverse-proxy, "
                      "sbc, office-web-apps)"};
      a.usages.push_back(*usage);
    }
    a.file = r.string("file").value_or("");
    a.password_file = r.string("password_file").value_or("");
    a.endpoint = r.string("endpoint").value_or("");
    if (a.file.empty() == a.endpoint.empty())
      r.fail_at(t.source(), "[[assignment]] for " + quoted(a.server) + " needs exactly one of file and endpoint");
    if (!a.password_file.empty() && a.file.empty())
      r.fail_key("password_file", "password_file without file in [[assignment]]");
    if (!a.endpoint.empty() && a.endpoint.find(':') == std::string::npos)
      r.fail_key("endpoint", "endpoint " + quoted(a.endpoint) + " must be host:port");
    out_.assignments.push_back(a);
  }

  std::string origin_;
  std::string base_dir_;
  Topology& out_;
  std::set<std::string> pools_here_;
};

}  // namespace

Status apply_overlay(std::string_view toml_text, std::string_view origin, std::string_view base_dir, Topology& out) {
  const std::string o(origin);
  if (toml_text.size() > kMaxOverlayBytes) return Error{o + ": larger than 1 MiB, more than any overlay needs"};
  if (auto line = profiles::line_with_too_deep_keys(toml_text, kMaxDotsPerLine); line != 0)
    return Error{o + ":" + std::to_string(line) + ": a key with more than " + std::to_string(kMaxDotsPerLine) +
                 " dotted parts (an overlay needs at most three)"};
  toml::table root;
  try {
    root = toml::parse(toml_text, origin);
  } catch (const toml::parse_error& e) {  // the library's way of reporting a syntax error
    return Error{o + ":" + std::to_string(e.source().begin.line) +
                 ": TOML syntax: " + profiles::one_line(e.description())};
  }
  Topology copy = out;  // the model changes only when the whole overlay reads
  try {
    Overlay(origin, base_dir, copy).apply(root);
  } catch (const Failure& f) {
    return Error{f.message};
  }
  copy.files.push_back(o);
  out = std::move(copy);
  return Ok{};
}

}  // namespace uccert::topology
