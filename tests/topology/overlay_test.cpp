// The TOML overlay: alone, on top of the XML (adds and overrides), and strict about every key.
#include "uccert/topology/overlay.h"

#include <gtest/gtest.h>

#include <string>

#include "uccert/topology/validate.h"

namespace uccert::topology {
namespace {

Topology overlay_only(const std::string& text) {
  Topology t;
  auto s = apply_overlay(text, "o.toml", "/base", t);
  EXPECT_TRUE(s) << (s ? "" : s.error().message);
  return t;
}

std::string overlay_error(const std::string& text, Topology t = {}) {
  auto s = apply_overlay(text, "o.toml", "", t);
  return s ? std::string("(no error)") : s.error().message;
}

TEST(Overlay, AWholeDeploymentWithoutXml) {
  const Topology t = overlay_only(R"(
sip_domains = ["contoso.com", "Fabrikam.com"]
default_sip_domain = "fabrikam.com"

[[pool]]
fqdn = "pool01.contoso.com"
role = "front-end"
machines = ["fe01.contoso.com", "fe02.contoso.com"]
web_external = "webext.contoso.com"

[[pool]]
fqdn = "edgepool.contoso.net"
role = "edge"
machines = ["edge01.contoso.net", "edge02.contoso.net"]
access_edge = "sip.contoso.com"
webconf_edge = "webconf.contoso.com"
av_edge = "av.contoso.com"

[simple_urls]
meet = ["https://meet.contoso.com/", "https://meet.fabrikam.com"]
dialin = "https://dialin.contoso.com"

[exchange]
um_servers = ["ex01.contoso.com"]
cas_names = ["mail.contoso.com"]
um_colocated_with_cas = true

[reverse_proxy]
fqdn = "webext.contoso.com"
published = ["extra.contoso.com"]

[office_web_apps]
internal = "owas.contoso.com"

[clients]
mobile = true
phone_firmware = ["4.0.7577.107"]
federation = ["partner.example"]
sbcs = ["sbc1.contoso.com"]

[trust]
enterprise_roots = ["roots/contoso.pem"]

[[assignment]]
server = "edge01.contoso.net"
usage = ["AccessEdgeExternal", "dataedgeexternal"]
file = "certs/edge.pfx"
password_file = "certs/edge.pw"
)");
  ASSERT_EQ(t.sip_domains.size(), 2u);
  EXPECT_EQ(t.sip_domains[1].name, "fabrikam.com");
  EXPECT_TRUE(t.sip_domains[1].is_default);
  EXPECT_EQ(default_sip_domain(t)->name, "fabrikam.com");
  ASSERT_EQ(t.pools.size(), 2u);
  EXPECT_TRUE(is_front_end(t.pools[0]));
  EXPECT_FALSE(is_standard_edition(t.pools[0]));
  EXPECT_EQ(t.pools[0].services.web->external_fqdn, "webext.contoso.com");
  EXPECT_EQ(where(t.pools[0].origin), "o.toml:5");
  ASSERT_TRUE(is_edge(t.pools[1]));
  EXPECT_EQ(t.pools[1].services.edge->av_fqdn, "av.contoso.com");
  ASSERT_EQ(t.simple_urls.size(), 3u);
  EXPECT_EQ(t.simple_urls[1].sip_domain, "fabrikam.com");
  EXPECT_EQ(t.simple_urls[1].host, "meet.fabrikam.com");
  EXPECT_TRUE(t.exchange->um_colocated_with_cas);
  EXPECT_EQ(t.reverse_proxy->published.at(0).fqdn, "extra.contoso.com");
  EXPECT_EQ(t.clients.phone_firmware, std::vector<std::string>{"4.0.7577.107"});
  EXPECT_EQ(t.clients.sbcs.at(0).fqdn, "sbc1.contoso.com");
  EXPECT_EQ(t.trust.enterprise_roots.at(0).path, "/base/roots/contoso.pem");
  ASSERT_EQ(t.assignments.size(), 1u);
  EXPECT_EQ(t.assignments[0].usages, (std::vector<Usage>{Usage::kAccessEdgeExternal, Usage::kDataEdgeExternal}));
  EXPECT_EQ(t.assignments[0].base_dir, "/base");
  EXPECT_TRUE(validate_topology(t));
}

TEST(Overlay, OverridesAPoolTheXmlDefined) {
  Topology t;
  t.sip_domains.push_back(SipDomain{"contoso.com", true, {"t.xml", 3}});
  Pool edge{"edgepool.contoso.net", "1", {{"edge01.contoso.net", {}}}, {}, {"t.xml", 9}};
  edge.services.edge = EdgeServer{};
  t.pools.push_back(edge);
  ASSERT_TRUE(
      apply_overlay("[[pool]]\nfqdn = \"EdgePool.contoso.net\"\naccess_edge = \"sip.contoso.com\"\n", "o.toml", "", t));
  ASSERT_EQ(t.pools.size(), 1u);
  EXPECT_EQ(t.pools[0].services.edge->access_fqdn, "sip.contoso.com");
  EXPECT_EQ(where(t.pools[0].origin), "t.xml:9");  // still the XML's pool
  EXPECT_EQ(t.pools[0].machines.size(), 1u);
}

TEST(Overlay, SimpleUrlsOfTheOverlayReplaceTheXmls) {
  Topology t;
  t.simple_urls.push_back(SimpleUrl{SimpleUrlKind::kMeet, "https://old.contoso.com", "old.contoso.com", "", {}});
  ASSERT_TRUE(apply_overlay("[simple_urls]\nmeet = \"https://meet.contoso.com\"\n", "o.toml", "", t));
  ASSERT_EQ(t.simple_urls.size(), 1u);
  EXPECT_EQ(t.simple_urls[0].host, "meet.contoso.com");
}

TEST(Overlay, StrictErrorsNameFileAndLine) {
  EXPECT_EQ(
      overlay_error("sip_domains = [\"contoso.com\"]\nsip_domian = 1\n"),
      "o.toml:2: unknown key \"sip_domian\" (known: sip_domains, default_sip_domain, pool, simple_urls, exchange, "
      "reverse_proxy, office_web_apps, clients, trust, assignment)");
  EXPECT_EQ(overlay_error("[clients]\nmobile = \"yes\"\n"), "o.toml:2: mobile must be true or false in [clients]");
  EXPECT_EQ(overlay_error("[[pool]]\nfqdn = \"p.contoso.com\"\nrole = \"front-end\"\nmachine = [\"a\"]\n"),
            "o.toml:4: unknown key \"machine\" in [[pool]] (known: fqdn, role, site, machines, web_internal, "
            "web_external, edge_internal, access_edge, webconf_edge, av_edge)");
  EXPECT_EQ(overlay_error("[[pool]]\nfqdn = \"p.contoso.com\"\n"),
            "o.toml:1: [[pool]] \"p.contoso.com\" is not in the Topology XML, so it needs a role");
  EXPECT_EQ(overlay_error("[[pool]]\nfqdn = \"p.contoso.com\"\nrole = \"frontend\"\n"),
            "o.toml:3: unknown pool role \"frontend\" (known: standard-edition, front-end, director, edge, mediation, "
            "office-web-apps)");
  EXPECT_EQ(
      overlay_error("[[pool]]\nfqdn = \"p.contoso.com\"\nrole = \"front-end\"\n[[pool]]\nfqdn = \"P.contoso.com\"\n"),
      "o.toml:5: duplicate FQDN \"p.contoso.com\": a second [[pool]] with it");
  EXPECT_EQ(
      overlay_error("[[pool]]\nfqdn = \"p.contoso.com\"\nrole = \"front-end\"\naccess_edge = \"sip.contoso.com\"\n"),
      "o.toml:4: access_edge on pool \"p.contoso.com\", which is not an Edge pool");
  EXPECT_EQ(overlay_error("[[pool]]\nfqdn = \"p_1.contoso.com\"\n"),
            "o.toml:2: fqdn = \"p_1.contoso.com\" is not a host name (letters, digits, hyphens, dots) in [[pool]]");
  EXPECT_EQ(overlay_error("[simple_urls]\nmeet = \"meet.contoso.com\"\n"),
            "o.toml:2: meet URL \"meet.contoso.com\" is not https://HOST[/PATH]");
  EXPECT_EQ(overlay_error("[clients]\nphone_firmware = [\"CU7\"]\n"),
            "o.toml:2: phone_firmware \"CU7\" is not a build like 4.0.7577.4100");
  EXPECT_EQ(overlay_error("[[assignment]]\nserver = \"x.contoso.com\"\nusage = [\"Defualt\"]\nendpoint = \"x:1\"\n")
                .substr(0, 33),
            "o.toml:3: unknown usage \"Defualt\"");
  EXPECT_EQ(overlay_error("[[assignment]]\nserver = \"x.contoso.com\"\nusage = \"Default\"\n"),
            "o.toml:1: [[assignment]] for \"x.contoso.com\" needs exactly one of file and endpoint");
  EXPECT_EQ(
      overlay_error("[[assignment]]\nserver = \"x.contoso.com\"\nusage = \"Default\"\nendpoint = \"x.contoso.com\"\n"),
      "o.toml:4: endpoint \"x.contoso.com\" must be host:port");
  EXPECT_EQ(overlay_error("pool = 3\n"), "o.toml:1: pool must be a list of tables: write [[pool]]");
  EXPECT_EQ(overlay_error("default_sip_domain = \"contoso.com\"\n"),
            "o.toml:1: default_sip_domain \"contoso.com\" is not a SIP domain");
  EXPECT_EQ(overlay_error("[exchange\n").substr(0, 22), "o.toml:1: TOML syntax:");
  EXPECT_EQ(overlay_error(std::string(200, '.') + "a = 1\n").substr(0, 33), "o.toml:1: a key with more than 64");
}

TEST(Overlay, AFailedOverlayLeavesTheModelAsItWas) {
  Topology t;
  t.sip_domains.push_back(SipDomain{"contoso.com", true, {}});
  EXPECT_FALSE(apply_overlay("sip_domains = [\"fabrikam.com\"]\n[clients]\nbogus = 1\n", "o.toml", "", t));
  EXPECT_EQ(t.sip_domains.size(), 1u);
  EXPECT_TRUE(t.files.empty());
}

}  // namespace
}  // namespace uccert::topology
