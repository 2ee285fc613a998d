// Scenario TOML -> lab::Scenario. Every error is "ORIGIN:LINE: KEY ...", one line.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "uccert/lab/scenario.h"
#include "uccert/profiles/one_line.h"
#include "uccert/profiles/toml_depth.h"
#include "uccert/pki/read_file.h"

namespace uccert::lab {

namespace {

// A table of the scenario being read: typed getters that remember the first error, located at
// the offending key, and refuse keys the table does not know.
class TableReader {
 public:
  TableReader(std::string_view origin, const toml::table& t, std::string where, std::string& error)
      : origin_(origin), t_(t), where_(std::move(where)), error_(error) {}

  bool failed() const { return !error_.empty(); }

  void fail_at(const toml::source_region& at, const std::string& what) const {
    if (error_.empty()) error_ = fmt::format("{}:{}: {}", origin_, at.begin.line, what);
  }
  void fail_key(std::string_view key, const std::string& what) const {
    const toml::node* n = t_.get(key);
    fail_at(n != nullptr ? n->source() : t_.source(), fmt::format("{}{}: {}", where_, key, what));
  }
  int line() const { return static_cast<int>(t_.source().begin.line); }

  // Every key of the table must be one of `known`.
  void only(std::initializer_list<std::string_view> known) const {
    for (const auto& [k, v] : t_) {
      if (std::find(known.begin(), known.end(), k.str()) == known.end()) {
        fail_at(v.source(), fmt::format("{}{}: unknown key (known: {})", where_, k.str(), fmt::join(known, ", ")));
        return;
      }
    }
  }

  std::optional<std::string> string(std::string_view key, bool required = false) const {
    const toml::node* n = failed() ? nullptr : t_.get(key);
    if (n == nullptr) {
      if (required && !failed()) fail_at(t_.source(), fmt::format("{}{}: required", where_, key));
      return std::nullopt;
    }
    if (!n->is_string()) return fail_key(key, "must be a string"), std::nullopt;
    return n->as_string()->get();
  }

  std::optional<bool> boolean(std::string_view key) const {
    const toml::node* n = failed() ? nullptr : t_.get(key);
    if (n == nullptr) return std::nullopt;
    if (!n->is_boolean()) return fail_key(key, "must be true or false"), std::nullopt;
    return n->as_boolean()->get();
  }

  std::optional<std::int64_t> integer(std::string_view key, std::int64_t lo, std::int64_t hi) const {
    const toml::node* n = failed() ? nullptr : t_.get(key);
    if (n == nullptr) return std::nullopt;
    if (!n->is_integer()) return fail_key(key, "must be an integer"), std::nullopt;
    const std::int64_t v = n->as_integer()->get();
    if (v < lo || v > hi) return fail_key(key, fmt::format("{} is out of range ({}..{})", v, lo, hi)), std::nullopt;
    return v;
  }

  std::optional<std::vector<std::string>> strings(std::string_view key) const {
    const toml::node* n = failed() ? nullptr : t_.get(key);
    if (n == nullptr) return std::nullopt;
    const toml::array* a = n->as_array();
    if (a == nullptr) return fail_key(key, "must be an array of strings"), std::nullopt;
    std::vector<std::string> out;
    for (const auto& item : *a) {
      if (!item.is_string()) return fail_at(item.source(), fmt::format("{}{}: must hold strings only", where_, key)),
                                    std::nullopt;
      out.push_back(item.as_string()->get());
    }
    return out;
  }

  const toml::table* table(std::string_view key) const {
    const toml::node* n = failed() ? nullptr : t_.get(key);
    if (n == nullptr) return nullptr;
    if (!n->is_table()) return fail_key(key, "must be a table"), nullptr;
    return n->as_table();
  }

  std::string_view origin() const { return origin_; }
  std::string& error() const { return error_; }

 private:
  std::string_view origin_;
  const toml::table& t_;
  std::string where_;
  std::string& error_;
};

template <class Item, class F>
void read_array_of_tables(const TableReader& root, const toml::table& t, std::string_view key,
                          std::vector<Item>& out, F read_one) {
  const toml::node* n = t.get(key);
  if (n == nullptr || root.failed()) return;
  const toml::array* a = n->as_array();
  if (a == nullptr || !a->is_array_of_tables()) {
    root.fail_key(key, fmt::format("must be an array of tables ([[{}]])", key));
    return;
  }
  std::size_t index = 0;
  for (const auto& item : *a) {
    ++index;
    TableReader r(root.origin(), *item.as_table(), fmt::format("[[{}]] #{}: ", key, index), root.error());
    Item value;
    read_one(r, value);
    if (r.failed()) return;
    out.push_back(std::move(value));
  }
}

void read_cert_fields(const TableReader& r, ScenarioCertFields& c) {
  c.line = r.line();
  if (auto v = r.string("id", true)) c.id = *v;
  if (auto v = r.string("issuer")) c.issuer = *v;
  if (auto v = r.string("cn", true)) c.cn = *v;
  if (auto v = r.string("organization")) c.organization = *v;
  if (auto v = r.strings("san")) c.san = *v;
  if (auto v = r.strings("eku")) c.eku = *v;
  if (auto v = r.string("key")) {
    const bool rsa = v->rfind("rsa-", 0) == 0 && v->size() > 4 && std::all_of(v->begin() + 4, v->end(), [](char ch) {
                       return std::isdigit(static_cast<unsigned char>(ch));
                     });
    if (!rsa && *v != "ec-p256" && *v != "ec-p384")
      r.fail_key("key", fmt::format("\"{}\": want rsa-BITS, ec-p256 or ec-p384", *v));
    c.key = *v;
  }
  if (auto v = r.string("digest")) {
    static const std::set<std::string> kDigests{"sha1", "sha256", "sha384", "sha512", "md5"};
    if (kDigests.count(*v) == 0)
      r.fail_key("digest", fmt::format("\"{}\": want sha1, sha256, sha384, sha512 or md5", *v));
    c.digest = *v;
  }
  if (auto v = r.integer("valid_from_days", -36500, 36500)) c.valid_from_days = *v;
  if (auto v = r.integer("valid_days", 1, 36500)) c.valid_days = *v;
  if (auto v = r.boolean("crl")) c.crl = *v;
  if (auto v = r.boolean("aia")) c.aia = *v;
}

void read_ca(const TableReader& r, ScenarioCa& ca) {
  r.only({"id", "issuer", "cn", "organization", "san", "eku", "key", "digest", "valid_from_days", "valid_days", "crl",
          "aia", "kind"});
  read_cert_fields(r, ca);
  if (ca.valid_days == 365 && !r.failed() && ca.issuer.empty()) ca.valid_days = 3650;
  if (auto v = r.string("kind")) {
    if (*v == "enterprise") ca.kind = CaKind::kEnterprise;
    else if (*v == "public") ca.kind = CaKind::kPublic;
    else r.fail_key("kind", fmt::format("\"{}\": want enterprise or public", *v));
  }
}

void read_certificate(const TableReader& r, ScenarioCertificate& c) {
  r.only({"id", "issuer", "cn", "organization", "san", "eku", "key", "digest", "valid_from_days", "valid_days", "crl",
          "aia"});
  read_cert_fields(r, c);
  if (!r.failed() && c.issuer.empty()) r.fail_key("issuer", "required (the id of a [[ca]])");
}

void read_endpoint(const TableReader& r, ScenarioEndpoint& e) {
  r.only({"id", "host", "port", "protocol", "certificate", "send_intermediates", "client_certificate",
          "accepted_peers", "http", "web_services", "redirect_to"});
  e.line = r.line();
  if (auto v = r.string("id", true)) e.id = *v;
  if (auto v = r.string("host", true)) e.host = *v;
  if (auto v = r.integer("port", 1, 65535)) e.port = static_cast<std::uint16_t>(*v);
  else if (!r.failed()) r.fail_key("port", "required (the port clients dial: 5061, 443, 25...)");
  if (auto v = r.string("protocol", true)) {
    if (*v == "sip") e.protocol = EndpointProtocol::kSip;
    else if (*v == "https") e.protocol = EndpointProtocol::kHttps;
    else if (*v == "smtp") e.protocol = EndpointProtocol::kSmtp;
    else if (*v == "tls") e.protocol = EndpointProtocol::kTls;
    else r.fail_key("protocol", fmt::format("\"{}\": want sip, https, smtp or tls", *v));
  }
  if (auto v = r.string("certificate", true)) e.certificate = *v;
  if (auto v = r.boolean("send_intermediates")) e.send_intermediates = *v;
  if (auto v = r.string("client_certificate")) {
    if (*v == "none") e.client_certificate = ClientCertMode::kNone;
    else if (*v == "request") e.client_certificate = ClientCertMode::kRequest;
    else if (*v == "require") e.client_certificate = ClientCertMode::kRequire;
    else r.fail_key("client_certificate", fmt::format("\"{}\": want none, request or require", *v));
  }
  if (auto v = r.strings("accepted_peers")) e.accepted_peers = *v;
  if (auto v = r.string("http")) {
    if (*v == "plain") e.http = HttpRole::kPlain;
    else if (*v == "autodiscover") e.http = HttpRole::kAutodiscover;
    else if (*v == "redirect") e.http = HttpRole::kRedirect;
    else r.fail_key("http", fmt::format("\"{}\": want plain, autodiscover or redirect", *v));
  }
  if (auto v = r.string("web_services")) e.web_services = *v;
  if (auto v = r.string("redirect_to")) e.redirect_to = *v;
  if (r.failed()) return;
  if (e.http != HttpRole::kPlain && e.protocol != EndpointProtocol::kHttps)
    r.fail_key("http", "only for protocol = \"https\"");
  else if (e.http == HttpRole::kAutodiscover && e.web_services.empty())
    r.fail_key("http", "autodiscover needs web_services (the host its links name)");
  else if (e.http == HttpRole::kRedirect && e.redirect_to.rfind("https://", 0) != 0)
    r.fail_key("http", "redirect needs redirect_to = \"https://...\"");
}

void read_check(const TableReader& r, ScenarioCheck& c) {
  r.only({"id", "story", "endpoint", "name", "options", "expect", "findings"});
  c.line = r.line();
  if (auto v = r.string("id", true)) c.id = *v;
  if (auto v = r.string("story", true)) c.story = *v;
  if (auto v = r.string("endpoint", true)) c.endpoint = *v;
  if (auto v = r.string("name")) c.name = *v;
  if (auto v = r.strings("options")) c.options = *v;
  if (auto v = r.strings("findings")) c.findings = *v;
  if (const toml::table* e = r.table("expect")) {
    for (const auto& [profile, verdict] : *e) {
      const auto* s = verdict.as_string();
      if (s == nullptr || (s->get() != "pass" && s->get() != "warn" && s->get() != "fail")) {
        r.fail_at(verdict.source(), fmt::format("expect.{}: want \"pass\", \"warn\" or \"fail\"", profile.str()));
        return;
      }
      c.expect.emplace_back(std::string(profile.str()), s->get());
    }
  }
  if (!r.failed() && c.expect.empty()) r.fail_key("expect", "required: { profile = \"pass|warn|fail\", ... }");
}

// References between tables, and ids unique.
void validate(const Scenario& s, std::string_view origin, std::string& error) {
  auto fail = [&](int line, const std::string& what) {
    if (error.empty()) error = fmt::format("{}:{}: {}", origin, line, what);
  };
  std::set<std::string> ids;
  for (const auto& ca : s.cas) {
    if (!ids.insert(ca.id).second) fail(ca.line, fmt::format("[[ca]] id \"{}\" is used twice", ca.id));
    if (!ca.issuer.empty() && s.find_ca(ca.issuer) == nullptr)
      fail(ca.line, fmt::format("[[ca]] \"{}\": issuer \"{}\" is not a [[ca]] declared before it", ca.id, ca.issuer));
    // An issuer must come first: the CAs are minted in order.
    if (!ca.issuer.empty()) {
      const auto self = std::find_if(s.cas.begin(), s.cas.end(), [&](const auto& c) { return &c == &ca; });
      if (std::none_of(s.cas.begin(), self, [&](const auto& c) { return c.id == ca.issuer; }))
        fail(ca.line, fmt::format("[[ca]] \"{}\": issuer \"{}\" is not a [[ca]] declared before it", ca.id, ca.issuer));
    }
  }
  for (const auto& c : s.certificates) {
    if (!ids.insert(c.id).second) fail(c.line, fmt::format("[[certificate]] id \"{}\" is used twice", c.id));
    if (s.find_ca(c.issuer) == nullptr)
      fail(c.line, fmt::format("[[certificate]] \"{}\": issuer \"{}\" is not a [[ca]]", c.id, c.issuer));
  }
  std::set<std::string> endpoint_ids;
  std::set<std::pair<std::string, std::uint16_t>> dialled;
  for (const auto& e : s.endpoints) {
    if (!endpoint_ids.insert(e.id).second) fail(e.line, fmt::format("[[endpoint]] id \"{}\" is used twice", e.id));
    if (s.find_certificate(e.certificate) == nullptr)
      fail(e.line,
           fmt::format("[[endpoint]] \"{}\": certificate \"{}\" is not a [[certificate]]", e.id, e.certificate));
    if (!dialled.emplace(e.host, e.port).second)
      fail(e.line, fmt::format("[[endpoint]] \"{}\": {}:{} is served by another endpoint", e.id, e.host, e.port));
  }
  for (const auto& r : s.srv) {
    if (s.find_endpoint(r.endpoint) == nullptr)
      fail(r.line, fmt::format("[[srv]] \"{}\": endpoint \"{}\" is not an [[endpoint]]", r.name, r.endpoint));
  }
  std::set<std::string> check_ids;
  for (const auto& c : s.checks) {
    if (!check_ids.insert(c.id).second) fail(c.line, fmt::format("[[check]] id \"{}\" is used twice", c.id));
    if (s.find_endpoint(c.endpoint) == nullptr)
      fail(c.line, fmt::format("[[check]] \"{}\": endpoint \"{}\" is not an [[endpoint]]", c.id, c.endpoint));
    for (const auto& o : c.options) {
      for (std::string_view kind : {"{ca:", "{cert:"}) {
        const auto at = o.find(kind);
        if (at == std::string::npos) continue;
        const auto end = o.find('}', at);
        const std::string ref = o.substr(at + kind.size(), end == std::string::npos ? end : end - at - kind.size());
        const bool known = kind == "{ca:" ? s.find_ca(ref) != nullptr : s.find_certificate(ref) != nullptr;
        if (end == std::string::npos || !known)
          fail(c.line, fmt::format("[[check]] \"{}\": option \"{}\" names no such {}", c.id, o,
                                   kind == "{ca:" ? "[[ca]]" : "[[certificate]]"));
      }
    }
  }
}

}  // namespace

const ScenarioCa* Scenario::find_ca(std::string_view id) const {
  auto it = std::find_if(cas.begin(), cas.end(), [&](const auto& c) { return c.id == id; });
  return it == cas.end() ? nullptr : &*it;
}
const ScenarioCertificate* Scenario::find_certificate(std::string_view id) const {
  auto it = std::find_if(certificates.begin(), certificates.end(), [&](const auto& c) { return c.id == id; });
  return it == certificates.end() ? nullptr : &*it;
}
const ScenarioEndpoint* Scenario::find_endpoint(std::string_view id) const {
  auto it = std::find_if(endpoints.begin(), endpoints.end(), [&](const auto& e) { return e.id == id; });
  return it == endpoints.end() ? nullptr : &*it;
}

std::string_view protocol_name(EndpointProtocol p) {
  switch (p) {
    case EndpointProtocol::kSip: return "sip";
    case EndpointProtocol::kHttps: return "https";
    case EndpointProtocol::kSmtp: return "smtp";
    case EndpointProtocol::kTls: return "tls";
  }
  return "tls";
}

Result<Scenario> parse_scenario(std::string_view text, std::string_view origin) {
  // A scenario needs two dotted parts ([[topology.pool]]); toml++ would recurse without limit.
  if (auto line = profiles::line_with_too_deep_keys(text, 64); line != 0)
    return Error{fmt::format("{}:{}: a key or table name of more than 64 dotted parts", origin, line)};
  toml::table root;
  try {
    root = toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    return Error{fmt::format("{}:{}: {}", origin, e.source().begin.line, profiles::one_line(e.description()))};
  }
  std::string error;
  TableReader r(origin, root, "", error);
  r.only({"name", "description", "sip_domains", "ca", "certificate", "endpoint", "srv", "cname", "check", "topology"});
  Scenario s;
  if (auto v = r.string("name", true)) s.name = *v;
  if (auto v = r.string("description")) s.description = *v;
  if (auto v = r.strings("sip_domains")) s.sip_domains = *v;
  read_array_of_tables(r, root, "ca", s.cas, read_ca);
  read_array_of_tables(r, root, "certificate", s.certificates, read_certificate);
  read_array_of_tables(r, root, "endpoint", s.endpoints, read_endpoint);
  read_array_of_tables(r, root, "srv", s.srv, [](const TableReader& t, ScenarioSrv& v) {
    t.only({"name", "endpoint"});
    v.line = t.line();
    if (auto x = t.string("name", true)) v.name = *x;
    if (auto x = t.string("endpoint", true)) v.endpoint = *x;
  });
  read_array_of_tables(r, root, "cname", s.cnames, [](const TableReader& t, ScenarioCname& v) {
    t.only({"name", "target"});
    v.line = t.line();
    if (auto x = t.string("name", true)) v.name = *x;
    if (auto x = t.string("target", true)) v.target = *x;
  });
  read_array_of_tables(r, root, "check", s.checks, read_check);
  if (const toml::table* t = r.table("topology")) {
    std::ostringstream overlay;
    overlay << "# The topology of the lab scenario \"" << s.name << "\" (uccert lab up): an overlay, docs/topology.md\n"
         << *t << "\n";
    s.topology_toml = overlay.str();
  }
  if (error.empty() && s.endpoints.empty())
    error = fmt::format("{}:1: a scenario needs at least one [[endpoint]]", origin);
  if (error.empty()) validate(s, origin, error);
  if (!error.empty()) return Error{error};
  return s;
}

Result<Scenario> load_scenario(std::string_view name_or_path) {
  for (const auto& [name, text] : builtin_scenarios())
    if (name == name_or_path) return parse_scenario(text, fmt::format("data/lab/{}.toml", name));
  const bool path_like = name_or_path.find('/') != std::string_view::npos ||
                         (name_or_path.size() > 5 && name_or_path.substr(name_or_path.size() - 5) == ".toml");
  if (!path_like) {
    std::vector<std::string_view> names;
    for (const auto& [name, text] : builtin_scenarios()) names.push_back(name);
    return Error{fmt::format("no scenario \"{}\" (built in: {}; or give a .toml file)", name_or_path,
                             fmt::join(names, ", "))};
  }
  auto text = pki::read_file(std::string(name_or_path), 1 << 20);
  if (!text) return text.error();
  return parse_scenario(std::string_view(reinterpret_cast<const char*>(text->data()), text->size()), name_or_path);
}

}  // namespace uccert::lab
