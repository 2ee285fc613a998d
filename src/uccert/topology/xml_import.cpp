// Topology XML -> model. Elements are matched by local name (a prefix such as t: or wt: is
// ignored); the root's namespace decides whether the file is a topology at all. The published
// topology and the .tbxml file differ in shape, not in names:
//   published: Topology/{InternalDomains, Sites/CentralSite, Clusters/Cluster[ClusterId]/Machine,
//              Services/Service[ServiceId/@RoleName, InstalledOn/ClusterId]}
//   .tbxml:    TopologyBuilder/NewTopology/PartialTopology/{InternalDomains,
//              CentralSites/CentralSite/Clusters/Cluster[@UniqueId]/Machines/Machine,
//              Services/Service[@RoleName, @InstalledOn]}
// Both are accepted wherever they appear. What the public material does not confirm (the Edge
// service's external names, Simple URLs, a web service's internal host) is read leniently, and
// docs/topology.md says so.
#include "uccert/topology/xml_import.h"

#include <algorithm>
#include <map>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "uccert/topology/fqdn.h"

namespace uccert::topology {
namespace {

std::string_view local_name(const pugi::xml_node& n) {
  std::string_view name = n.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool is(const pugi::xml_node& n, std::string_view local) { return local_name(n) == local; }

pugi::xml_node child(const pugi::xml_node& n, std::string_view local) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && is(c, local)) return c;
  return {};
}

std::string attr(const pugi::xml_node& n, const char* name) { return n.attribute(name).as_string(); }

bool attr_true(const pugi::xml_node& n, const char* name) {
  const std::string v = lower_fqdn(attr(n, name));
  return v == "true" || v == "1";
}

// The namespace a prefixed or unprefixed element name is in, looked up on it and its ancestors.
std::string namespace_of(const pugi::xml_node& n) {
  std::string_view name = n.name();
  const auto colon = name.find(':');
  const std::string decl =
      colon == std::string_view::npos ? std::string("xmlns") : "xmlns:" + std::string(name.substr(0, colon));
  for (pugi::xml_node a = n; a; a = a.parent()) {
    if (a.type() != pugi::node_element) break;
    if (auto x = a.attribute(decl.c_str())) return x.as_string();
  }
  return {};
}

// UTF-16 (with its byte order mark: how Windows PowerShell redirects output) to UTF-8, so that
// offsets, and so line numbers, count in the text pugixml reads. Unpaired surrogates become U+FFFD.
std::string utf16_to_utf8(std::string_view bytes, bool big_endian) {
  std::string out;
  out.reserve(bytes.size() / 2);
  auto unit = [&](std::size_t i) {
    const auto b0 = static_cast<unsigned char>(bytes[i]), b1 = static_cast<unsigned char>(bytes[i + 1]);
    return big_endian ? static_cast<unsigned>(b0 << 8 | b1) : static_cast<unsigned>(b1 << 8 | b0);
  };
  auto put = [&](unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | cp >> 6);
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | cp >> 12);
      out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | cp >> 18);
      out += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
      out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  };
  for (std::size_t i = 2; i + 1 < bytes.size(); i += 2) {
    unsigned u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < bytes.size()) {
      const unsigned lo = unit(i + 2);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        put(0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
        i += 2;
        continue;
      }
    }
    put(u >= 0xD800 && u <= 0xDFFF ? 0xFFFD : u);
  }
  return out;
}

class Importer {
 public:
  Importer(std::string_view text, std::string_view origin, Topology& out) : origin_(origin), out_(out) {
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') line_ends_.push_back(i);
  }

  // Lines from 1; found by binary search, so a file of many elements costs no more per message.
  std::size_t line_at(std::ptrdiff_t offset) const {
    if (offset < 0) return 0;
    const auto at = static_cast<std::size_t>(offset);
    return 1 +
           static_cast<std::size_t>(std::lower_bound(line_ends_.begin(), line_ends_.end(), at) - line_ends_.begin());
  }
  Origin at(const pugi::xml_node& n) const { return Origin{origin_, line_at(n.offset_debug())}; }
  std::string located(const pugi::xml_node& n, const std::string& what) const { return where(at(n)) + ": " + what; }
  // At most kMaxNotes notes per file: a file of a million unknown elements says so once.
  static constexpr std::size_t kMaxNotes = 50;
  void note(const pugi::xml_node& n, const std::string& what) {
    if (++notes_ <= kMaxNotes) out_.notes.push_back(Note{what, at(n)});
  }
  void close_notes() {
    if (notes_ > kMaxNotes)
      out_.notes.push_back(Note{std::to_string(notes_ - kMaxNotes) + " more notes like these not shown", {origin_, 0}});
  }

  Status run(const pugi::xml_node& root) {
    const std::string ns = namespace_of(root);
    if (is(root, "Topology")) {
      if (ns != kTopologyNamespace)
        return Error{located(root, "a Topology element outside the namespace " + std::string(kTopologyNamespace) +
                                       (ns.empty() ? std::string(" (no xmlns)") : " (it is in " + ns + ")"))};
      return read_topology(root);
    }
    if (is(root, "TopologyBuilder")) {
      if (ns != kTopologyBuilderNamespace)
        return Error{
            located(root, "a TopologyBuilder element outside the namespace " + std::string(kTopologyBuilderNamespace))};
      pugi::xml_node partial = child(child(root, "NewTopology"), "PartialTopology");
      if (!partial) return Error{located(root, "a .tbxml file without NewTopology/PartialTopology")};
      for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_element && !is(c, "NewTopology") && !is(c, "OldTopology"))
          note(c, "skipped element " + std::string(local_name(c)) + " of TopologyBuilder");
      return read_topology(partial);
    }
    return Error{located(root, "not a Lync / Skype for Business topology: the root element is " +
                                   std::string(local_name(root)) +
                                   ", not Topology (Get-CsTopology -AsXml) or TopologyBuilder (.tbxml)")};
  }

 private:
  Status read_topology(const pugi::xml_node& top) {
    for (pugi::xml_node c = top.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const std::string_view name = local_name(c);
      if (name == "InternalDomains") {
        read_domains(c);
      } else if (name == "Sites" || name == "CentralSites") {
        read_sites(c);
      } else if (name == "Clusters") {
        read_clusters(c, "");
      } else if (name == "Services") {
        if (auto s = read_services(c); !s) return s;
      } else if (name == "SimpleUrlConfiguration") {
        read_simple_urls(c);
      } else if (name == "SqlInstances" || name == "ExternalServers" || name == "PartnerApplications" ||
                 name == "StaticRoutes" || name == "Trunks" || name == "GatewayServices") {
        // Known, and holds no name a certificate must carry.
      } else {
        note(c, "skipped element " + std::string(name) + " (not read by uccert; give what it holds in the overlay)");
      }
    }
    return Ok{};
  }

  void read_domains(const pugi::xml_node& n) {
    const std::string def = attr(n, "DefaultDomain");
    for (pugi::xml_node d = n.first_child(); d; d = d.next_sibling()) {
      if (d.type() != pugi::node_element || !is(d, "InternalDomain")) continue;
      const std::string name = lower_fqdn(attr(d, "Name"));
      if (name.empty()) {
        note(d, "InternalDomain without a Name, skipped");
        continue;
      }
      out_.sip_domains.push_back(SipDomain{name, !def.empty() && same_fqdn(def, name), at(d)});
    }
  }

  void read_sites(const pugi::xml_node& n) {
    for (pugi::xml_node s = n.first_child(); s; s = s.next_sibling()) {
      if (s.type() != pugi::node_element) continue;
      if (!is(s, "CentralSite") && !is(s, "BranchSite")) {
        note(s, "skipped element " + std::string(local_name(s)) + " in the site list");
        continue;
      }
      const std::string id = attr(s, "SiteId");
      out_.sites.push_back(Site{id, child(s, "Name").text().as_string(), at(s)});
      if (pugi::xml_node clusters = child(s, "Clusters")) read_clusters(clusters, id);  // .tbxml nests them
    }
  }

  void read_clusters(const pugi::xml_node& n, const std::string& site) {
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      if (!is(c, "Cluster")) {
        note(c, "skipped element " + std::string(local_name(c)) + " in the cluster list");
        continue;
      }
      Pool pool;
      pool.fqdn = lower_fqdn(attr(c, "Fqdn"));
      pool.site = site;
      pool.origin = at(c);
      pugi::xml_node id = child(c, "ClusterId");
      if (id && pool.site.empty()) pool.site = attr(id, "SiteId");
      auto add_machine = [&](const pugi::xml_node& m) {
        std::string fqdn = lower_fqdn(attr(m, "Fqdn"));
        if (fqdn.empty()) fqdn = pool.fqdn;  // .tbxml leaves a Standard Edition member's Fqdn out
        if (!fqdn.empty()) pool.machines.push_back(Machine{fqdn, at(m)});
      };
      for (pugi::xml_node m = c.first_child(); m; m = m.next_sibling()) {
        if (m.type() != pugi::node_element) continue;
        if (is(m, "Machine")) add_machine(m);
        if (is(m, "Machines"))
          for (pugi::xml_node mm = m.first_child(); mm; mm = mm.next_sibling())
            if (mm.type() == pugi::node_element && is(mm, "Machine")) add_machine(mm);
      }
      if (pool.fqdn.empty()) {
        note(c, "Cluster without an Fqdn, skipped");
        continue;
      }
      const std::size_t index = out_.pools.size();
      if (id) by_cluster_id_[attr(id, "SiteId") + ":" + attr(id, "Number")] = index;
      if (const std::string unique = lower_fqdn(attr(c, "UniqueId")); !unique.empty()) by_cluster_id_[unique] = index;
      out_.pools.push_back(std::move(pool));
    }
  }

  // The pool a Service is installed on: InstalledOn/ClusterId (published) or @InstalledOn (.tbxml).
  Pool* installed_on(const pugi::xml_node& service) {
    std::string key;
    if (pugi::xml_node on = child(service, "InstalledOn")) {
      pugi::xml_node id = child(on, "ClusterId");
      if (!id) return nullptr;  // a SqlInstance: no certificate of ours
      key = attr(id, "SiteId") + ":" + attr(id, "Number");
    } else {
      key = lower_fqdn(attr(service, "InstalledOn"));
    }
    const auto it = by_cluster_id_.find(key);
    return it == by_cluster_id_.end() ? nullptr : &out_.pools[it->second];
  }

  Status read_services(const pugi::xml_node& n) {
    for (pugi::xml_node s = n.first_child(); s; s = s.next_sibling()) {
      if (s.type() != pugi::node_element || !is(s, "Service")) continue;
      std::string role = attr(s, "RoleName");
      if (pugi::xml_node id = child(s, "ServiceId"); id && role.empty()) role = attr(id, "RoleName");
      if (!is_certificate_role(role)) continue;  // UserStore, FileStore, ConfServices, ...: no names of their own
      Pool* pool = installed_on(s);
      if (pool == nullptr) {
        note(s, "Service " + role + " is installed on no cluster in this file, skipped");
        continue;
      }
      read_service(s, role, *pool);
    }
    return Ok{};
  }

  static bool is_certificate_role(std::string_view role) {
    return role == "Registrar" || role == "UserServices" || role == "WebServices" || role == "EdgeServer" ||
           role == "MediationServer" || role == "WacService";
  }

  void read_service(const pugi::xml_node& s, const std::string& role, Pool& pool) {
    PoolServices& sv = pool.services;
    if (role == "Registrar") {
      pugi::xml_node r = child(s, "RegistrarService");
      sv.registrar = Registrar{r && attr_true(r, "IsDirector"), at(s)};
    } else if (role == "UserServices") {
      sv.user_services = UserServices{at(s)};
    } else if (role == "WebServices") {
      pugi::xml_node w = child(s, "WebService");
      WebServices web{{}, {}, at(s)};
      web.external_fqdn = lower_fqdn(attr(child(w, "ExternalSettings"), "Host"));
      web.internal_fqdn = lower_fqdn(attr(child(w, "InternalSettings"), "Host"));  // not confirmed, see docs
      sv.web = web;
    } else if (role == "EdgeServer") {
      sv.edge = read_edge(s);
    } else if (role == "MediationServer") {
      sv.mediation = MediationServer{at(s)};
    } else if (role == "WacService") {
      WacService wac{{}, {}, at(s)};
      for_each_descendant(s, [&](const pugi::xml_node& d) {
        for (const char* a : {"ExternalUrl", "DiscoveryUrl"})
          if (const std::string host = host_of_url(attr(d, a)); !host.empty() && wac.external_fqdn.empty())
            wac.external_fqdn = host;
      });
      sv.wac = wac;
    }
  }

  // The Edge service's external names. Get-CsService -EdgeServer shows them as AccessEdgeExternalFqdn,
  // DataEdgeExternalFqdn, AVEdgeExternalFqdn and InternalInterfaceFqdn; how the XML holds them is not
  // in public material, so both attributes of those names and elements whose name says Access / Data /
  // Media (or AV) with an Fqdn attribute are read. The overlay's [[pool]] edge keys override.
  EdgeServer read_edge(const pugi::xml_node& s) {
    EdgeServer edge{{}, {}, {}, {}, at(s)};
    auto set = [](std::string& field, const std::string& value) {
      if (field.empty() && !value.empty()) field = lower_fqdn(value);
    };
    for_each_descendant(s, [&](const pugi::xml_node& d) {
      set(edge.access_fqdn, attr(d, "AccessEdgeExternalFqdn"));
      set(edge.webconf_fqdn, attr(d, "DataEdgeExternalFqdn"));
      set(edge.av_fqdn, attr(d, "AVEdgeExternalFqdn"));
      set(edge.internal_fqdn, attr(d, "InternalInterfaceFqdn"));
      const std::string fqdn = attr(d, "Fqdn");
      if (fqdn.empty()) return;
      const std::string name = lower_fqdn(local_name(d));
      if (name.find("access") != std::string::npos || name.find("sip") != std::string::npos)
        set(edge.access_fqdn, fqdn);
      else if (name.find("data") != std::string::npos || name.find("conf") != std::string::npos)
        set(edge.webconf_fqdn, fqdn);
      else if (name.find("media") != std::string::npos || name.find("av") != std::string::npos)
        set(edge.av_fqdn, fqdn);
    });
    return edge;
  }

  template <class F>
  void for_each_descendant(const pugi::xml_node& top, F&& f) {
    pugi::xml_node n = top.first_child();
    while (n && n != top) {
      if (n.type() == pugi::node_element) f(n);
      if (n.first_child()) {
        n = n.first_child();
        continue;
      }
      while (n != top && !n.next_sibling()) n = n.parent();
      if (n != top) n = n.next_sibling();
    }
  }

  static std::string host_of_url(std::string_view url) {
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return {};
    url.remove_prefix(scheme + 3);
    url = url.substr(0, url.find_first_of("/:?#"));
    return lower_fqdn(url);
  }

  // Simple URLs as New-CsSimpleUrl names them (Component, Domain, ActiveUrl; SimpleUrlEntry/@Url).
  // Not confirmed in a published topology file; see docs/topology.md.
  void read_simple_urls(const pugi::xml_node& n) {
    for_each_descendant(n, [&](const pugi::xml_node& u) {
      if (!is(u, "SimpleUrl")) return;
      const std::string component = lower_fqdn(attr(u, "Component"));
      SimpleUrl url;
      if (component == "meet")
        url.kind = SimpleUrlKind::kMeet;
      else if (component == "dialin")
        url.kind = SimpleUrlKind::kDialin;
      else if (component == "cscp" || component == "admin")
        url.kind = SimpleUrlKind::kAdmin;
      else
        return note(u, "SimpleUrl with Component \"" + component + "\" skipped");
      url.url = attr(u, "ActiveUrl");
      url.host = host_of_url(url.url);
      const std::string domain = attr(u, "Domain");
      url.sip_domain = domain == "*" ? std::string() : lower_fqdn(domain);
      url.origin = at(u);
      if (url.host.empty()) return note(u, "SimpleUrl without an https:// ActiveUrl skipped");
      out_.simple_urls.push_back(url);
    });
  }

  std::vector<std::size_t> line_ends_;  // offsets of each '\n'
  std::size_t notes_ = 0;
  std::string origin_;
  Topology& out_;
  std::map<std::string, std::size_t> by_cluster_id_;  // "SiteId:Number" or UniqueId -> pools index
};

std::string parse_error_text(pugi::xml_parse_status status) {
  switch (status) {
    case pugi::status_bad_doctype: return "a malformed document type declaration";
    case pugi::status_end_element_mismatch:
      return "an end tag that does not match its start tag (or an unclosed element)";
    case pugi::status_no_document_element: return "no root element";
    case pugi::status_out_of_memory: return "out of memory";
    default: break;
  }
  return "malformed XML";
}

// Elements in the document, counted without recursion, stopping once past the cap.
std::size_t count_elements(const pugi::xml_document& doc, std::size_t cap) {
  std::size_t count = 0;
  pugi::xml_node n = doc.first_child();
  while (n && count <= cap) {
    if (n.type() == pugi::node_element) ++count;
    if (n.first_child()) {
      n = n.first_child();
      continue;
    }
    while (n && !n.next_sibling()) n = n.parent();
    if (n) n = n.next_sibling();
  }
  return count;
}

}  // namespace

Status import_topology_xml(std::string_view text, std::string_view origin, Topology& out) {
  const std::string o(origin);
  if (text.size() > kMaxXmlBytes)
    return Error{o + ": larger than " + std::to_string(kMaxXmlBytes / (1024 * 1024)) +
                 " MiB, more than any topology needs; refused unread"};
  std::string converted;
  if (text.size() >= 2 && static_cast<unsigned char>(text[0]) == 0xFF && static_cast<unsigned char>(text[1]) == 0xFE) {
    converted = utf16_to_utf8(text, false);
    text = converted;
  } else if (text.size() >= 2 && static_cast<unsigned char>(text[0]) == 0xFE &&
             static_cast<unsigned char>(text[1]) == 0xFF) {
    converted = utf16_to_utf8(text, true);
    text = converted;
  }
  Importer importer(text, origin, out);
  // A topology file has no document type declaration. pugixml would neither read a DTD nor expand
  // an entity beyond the five predefined ones, but a file that declares one was not written by
  // Topology Builder or Get-CsTopology: refused before parsing, with its line.
  for (std::string_view decl : {"<!DOCTYPE", "<!ENTITY"}) {
    if (const auto at = text.find(decl); at != std::string_view::npos)
      return Error{o + ":" + std::to_string(importer.line_at(static_cast<std::ptrdiff_t>(at))) + ": " +
                   std::string(decl.substr(2)) + " declaration refused: a topology file has no DTD or entities"};
  }
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed =
      doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    return Error{o + ":" + std::to_string(importer.line_at(parsed.offset)) + ": " + parse_error_text(parsed.status) +
                 " (" + parsed.description() + ")"};
  }
  if (count_elements(doc, kMaxXmlElements) > kMaxXmlElements)
    return Error{o + ": more than " + std::to_string(kMaxXmlElements) + " elements, more than any topology needs"};
  out.files.push_back(o);
  auto status = importer.run(doc.document_element());
  importer.close_notes();
  return status;
}

}  // namespace uccert::topology
