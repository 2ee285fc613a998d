// The plan of the two examples: which certificates, their names in device order, EKU, CA and key
// from the role catalogue; the DNS records; and what --diff says about a change of topology.
#include "uccert/topology/plan.h"

#include <gtest/gtest.h>

#include <chrono>

#include "topology/topology_files.h"
#include "uccert/topology/load.h"

namespace uccert::topology {
namespace {

using profiles::Role;
using testing::example;
using testing::TempDir;
using Names = std::vector<std::string>;

Plan plan_of(const std::vector<std::string>& files) {
  auto t = load_topology(files);
  if (!t) throw std::runtime_error(t.error().message);
  return plan_topology(*t);
}

const CertificatePlan& cert(const Plan& p, const std::string& key) {
  for (const auto& c : p.certificates)
    if (c.key == key) return c;
  throw std::runtime_error("no certificate " + key);
}

Names keys(const Plan& p) {
  Names out;
  for (const auto& c : p.certificates) out.push_back(c.key);
  return out;
}

Plan standard_edition() {
  return plan_of({example("standard-edition/topology.xml"), example("standard-edition/overlay.toml")});
}

Plan enterprise() { return plan_of({example("enterprise/topology.tbxml"), example("enterprise/overlay.toml")}); }

TEST(Plan, StandardEditionCertificates) {
  const Plan p = standard_edition();
  EXPECT_EQ(p.sip_domains, Names{"contoso.com"});
  EXPECT_EQ(keys(p), (Names{"fe-default se01.contoso.com", "fe-web-internal se01.contoso.com",
                            "fe-web-external se01.contoso.com"}));
  const auto& def = cert(p, "fe-default se01.contoso.com");
  EXPECT_EQ(def.subject_cn, "se01.contoso.com");
  EXPECT_EQ(def.san, (Names{"se01.contoso.com", "sip.contoso.com"}));  // FE-01 one name on SE, FE-02 sip.
  EXPECT_EQ(def.usages, Names{"Default"});
  EXPECT_EQ(def.installed_on, Names{"se01.contoso.com"});
  const auto& internal = cert(p, "fe-web-internal se01.contoso.com");
  EXPECT_EQ(internal.san, (Names{"se01.contoso.com", "meet.contoso.com", "dialin.contoso.com", "admin.contoso.com"}));
  // Current phone firmware only: the Simple URLs may share one wildcard, listed last (W-02, W-11).
  EXPECT_EQ(internal.san_with_wildcards, (Names{"se01.contoso.com", "*.contoso.com"}));
  EXPECT_TRUE(internal.cautions.empty());
  const auto& external = cert(p, "fe-web-external se01.contoso.com");
  EXPECT_EQ(external.subject_cn, "lyncweb.contoso.com");
  EXPECT_EQ(external.san,
            (Names{"lyncweb.contoso.com", "meet.contoso.com", "dialin.contoso.com", "admin.contoso.com"}));
  // Clients: desktop and current phones (no mobile, no legacy firmware in this deployment).
  EXPECT_EQ(def.clients, (Names{"lync-desktop", "phone-edition"}));
}

TEST(Plan, StandardEditionDns) {
  const Plan p = standard_edition();
  ASSERT_EQ(p.dns.size(), 2u);  // no Edge, no mobility: internal records only
  EXPECT_EQ(p.dns[0].name, "_sipinternaltls._tcp.contoso.com");
  EXPECT_EQ(p.dns[0].type, "SRV");
  EXPECT_EQ(p.dns[0].port, 5061);
  EXPECT_EQ(p.dns[0].target, "sip.contoso.com");
  EXPECT_EQ(p.dns[1].name, "sip.contoso.com");
  EXPECT_EQ(p.dns[1].type, "A");
  EXPECT_EQ(p.dns[1].target, "se01.contoso.com");
}

TEST(Plan, EnterpriseCertificates) {
  const Plan p = enterprise();
  EXPECT_EQ(p.sip_domains, (Names{"contoso.com", "fabrikam.com"}));
  EXPECT_EQ(keys(p),
            (Names{"fe-default pool01.contoso.com", "fe-web-internal pool01.contoso.com",
                   "fe-web-external pool01.contoso.com", "director dirpool.contoso.com",
                   "edge-internal edgepool.contoso.net", "edge-external edgepool.contoso.net",
                   "office-web-apps owas.contoso.com", "reverse-proxy webext.contoso.com",
                   "exchange-um ex01.contoso.com", "exchange-um ex02.contoso.com", "exchange-web mail.contoso.com"}));

  const auto& def = cert(p, "fe-default pool01.contoso.com");
  EXPECT_EQ(def.san, (Names{"pool01.contoso.com", "fe01.contoso.com", "fe02.contoso.com", "fe03.contoso.com",
                            "sip.contoso.com", "sip.fabrikam.com"}));
  // Phones on 4.0.7577.107: no wildcard offered, and said why (W-12, S-04).
  EXPECT_TRUE(def.san_with_wildcards.empty());
  ASSERT_EQ(def.cautions.size(), 1u);
  EXPECT_NE(def.cautions[0].find("4.0.7577.107"), std::string::npos);
  EXPECT_EQ(def.clients, (Names{"lync-desktop", "phone-edition-legacy", "phone-edition"}));

  const auto& dir = cert(p, "director dirpool.contoso.com");
  EXPECT_EQ(dir.usages, (Names{"Default", "WebServicesInternal", "WebServicesExternal"}));
  EXPECT_EQ(dir.san,
            (Names{"dirpool.contoso.com", "dir01.contoso.com", "dir02.contoso.com", "sip.contoso.com",
                   "sip.fabrikam.com", "dirweb.contoso.com", "meet.contoso.com", "meet.fabrikam.com",
                   "dialin.contoso.com", "admin.contoso.com", "lyncdiscoverinternal.contoso.com",
                   "lyncdiscover.contoso.com", "lyncdiscoverinternal.fabrikam.com", "lyncdiscover.fabrikam.com"}));

  const auto& edge = cert(p, "edge-external edgepool.contoso.net");
  EXPECT_EQ(edge.subject_cn, "sip.contoso.com");  // EDGE-02
  EXPECT_EQ(edge.san, (Names{"sip.contoso.com", "webconf.contoso.com", "sip.fabrikam.com", "av.contoso.com"}));
  EXPECT_EQ(edge.usages, (Names{"AccessEdgeExternal", "DataEdgeExternal", "AudioVideoAuthentication"}));
  EXPECT_EQ(edge.installed_on, (Names{"edge01.contoso.net", "edge02.contoso.net"}));
  EXPECT_TRUE(edge.san_with_wildcards.empty());  // W-06
  const auto& edge_spec = profiles::role_spec(edge.role);
  EXPECT_EQ(edge_spec.ca, profiles::CaKind::kPublic);
  EXPECT_EQ(edge_spec.exportable_key, profiles::KeyExport::kRequired);  // EDGE-05
  EXPECT_FALSE(edge_spec.client_auth_eku);                              // EDGE-09: AOL only

  const auto& internal_edge = cert(p, "edge-internal edgepool.contoso.net");
  EXPECT_EQ(internal_edge.san, Names{"edgepool.contoso.net"});  // EDGE-07

  const auto& rp = cert(p, "reverse-proxy webext.contoso.com");
  EXPECT_EQ(rp.subject_cn, "webext.contoso.com");
  EXPECT_EQ(rp.san, (Names{"webext.contoso.com", "dirweb.contoso.com", "meet.contoso.com", "meet.fabrikam.com",
                           "dialin.contoso.com", "admin.contoso.com", "owas-ext.contoso.com",
                           "lyncdiscover.contoso.com", "lyncdiscover.fabrikam.com"}));
  EXPECT_TRUE(profiles::role_spec(rp.role).client_auth_eku);  // RP-06 recipe

  const auto& um = cert(p, "exchange-um ex01.contoso.com");
  EXPECT_EQ(um.subject_cn, "ex01.contoso.com");  // UM-02, UM-07: CN = FQDN
  EXPECT_EQ(um.san, Names{"ex01.contoso.com"});
  EXPECT_EQ(um.clients, Names{"exchange-um-peer"});
}

TEST(Plan, EnterpriseDnsPerSipDomain) {
  const Plan p = enterprise();
  Names records;
  for (const auto& r : p.dns) records.push_back(r.side + " " + r.type + " " + r.name + " -> " + r.target);
  EXPECT_EQ(records, (Names{
                         "internal SRV _sipinternaltls._tcp.contoso.com -> sip.contoso.com",
                         "internal A sip.contoso.com -> dirpool.contoso.com",
                         "internal A lyncdiscoverinternal.contoso.com -> pool01.contoso.com",
                         "external A sip.contoso.com -> sip.contoso.com",
                         "external SRV _sip._tls.contoso.com -> sip.contoso.com",
                         "external SRV _sipfederationtls._tcp.contoso.com -> sip.contoso.com",
                         "external A webconf.contoso.com -> webconf.contoso.com",
                         "external A av.contoso.com -> av.contoso.com",
                         "external A lyncdiscover.contoso.com -> webext.contoso.com",
                         "internal SRV _sipinternaltls._tcp.fabrikam.com -> sip.fabrikam.com",
                         "internal A sip.fabrikam.com -> dirpool.contoso.com",
                         "internal A lyncdiscoverinternal.fabrikam.com -> pool01.contoso.com",
                         "external A sip.fabrikam.com -> sip.contoso.com",
                         "external SRV _sip._tls.fabrikam.com -> sip.fabrikam.com",
                         "external SRV _sipfederationtls._tcp.fabrikam.com -> sip.fabrikam.com",
                         "external A lyncdiscover.fabrikam.com -> webext.contoso.com",
                     }));
  for (const auto& r : p.dns) {
    if (r.type == "SRV") {
      EXPECT_EQ(r.port, r.name.starts_with("_sip._tls") ? 443 : 5061) << r.name;
    }
  }
}

TEST(Plan, EnterprisePlanIsFast) {
  const auto start = std::chrono::steady_clock::now();
  const Plan p = enterprise();
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(p.certificates.size(), 11u);
  EXPECT_LT(took, std::chrono::seconds(1));
}

const char* kBefore = R"(sip_domains = ["contoso.com"]
[[pool]]
fqdn = "pool01.contoso.com"
role = "front-end"
machines = ["fe01.contoso.com", "fe02.contoso.com"]
web_external = "webext.contoso.com"
[simple_urls]
meet = "https://meet.contoso.com"
dialin = "https://dialin.contoso.com"
[clients]
phone_firmware = ["4.0.7577.4487"]
)";

TEST(PlanDiff, NewSipDomainAndMeetUrlAndEdge) {
  TempDir d;
  const auto before = d.write("before.toml", kBefore);
  const auto after = d.write("after.toml", R"(sip_domains = ["contoso.com", "fabrikam.com"]
[[pool]]
fqdn = "pool01.contoso.com"
role = "front-end"
machines = ["fe01.contoso.com", "fe02.contoso.com"]
web_external = "webext.contoso.com"
[[pool]]
fqdn = "edge.contoso.net"
role = "edge"
access_edge = "sip.contoso.com"
[simple_urls]
meet = ["https://meet.contoso.com", "https://meet.fabrikam.com"]
dialin = "https://dialin.contoso.com"
[clients]
phone_firmware = ["4.0.7577.4487"]
)");
  const PlanDiff diff = diff_plans(plan_of({before}), plan_of({after}));
  EXPECT_EQ(diff.sip_domains_added, Names{"fabrikam.com"});
  ASSERT_EQ(diff.changes.size(), 5u);
  using Kind = CertificateChange::Kind;
  EXPECT_EQ(diff.changes[0].key, "fe-default pool01.contoso.com");
  EXPECT_EQ(diff.changes[0].kind, Kind::kReissue);
  EXPECT_EQ(diff.changes[0].added, Names{"sip.fabrikam.com"});
  EXPECT_TRUE(diff.changes[0].removed.empty());
  EXPECT_EQ(diff.changes[1].key, "fe-web-internal pool01.contoso.com");
  EXPECT_EQ(diff.changes[1].added, Names{"meet.fabrikam.com"});
  EXPECT_EQ(diff.changes[2].added, Names{"meet.fabrikam.com"});
  EXPECT_EQ(diff.changes[3].key, "edge-internal edge.contoso.net");
  EXPECT_EQ(diff.changes[3].kind, Kind::kNew);
  EXPECT_EQ(diff.changes[4].key, "edge-external edge.contoso.net");
  EXPECT_EQ(diff.changes[4].kind, Kind::kNew);
  EXPECT_EQ(diff.changes[4].new_san, (Names{"sip.contoso.com", "sip.fabrikam.com"}));
}

TEST(PlanDiff, NewPoolMemberTouchesOnlyThePoolsCertificates) {
  TempDir d;
  const auto more = d.write("more.toml",
                            "[[pool]]\nfqdn = \"pool01.contoso.com\"\n"
                            "machines = [\"fe01.contoso.com\", \"fe02.contoso.com\", \"fe03.contoso.com\", "
                            "\"fe04.contoso.com\"]\n");
  const Plan before = enterprise();
  const Plan after = plan_of({example("enterprise/topology.tbxml"), example("enterprise/overlay.toml"), more});
  const PlanDiff diff = diff_plans(before, after);
  Names reissued, untouched;
  for (const auto& c : diff.changes) {
    if (c.kind == CertificateChange::Kind::kReissue) {
      reissued.push_back(c.key);
      EXPECT_EQ(c.added, Names{"fe04.contoso.com"}) << c.key;
    } else {
      EXPECT_EQ(c.kind, CertificateChange::Kind::kUntouched) << c.key;
      untouched.push_back(c.key);
    }
  }
  EXPECT_EQ(reissued, (Names{"fe-default pool01.contoso.com", "fe-web-internal pool01.contoso.com"}));
  EXPECT_EQ(untouched.size(), 9u);
}

TEST(PlanDiff, RemovedNamesAndRetiredCertificates) {
  TempDir d;
  const auto before =
      d.write("before.toml", std::string(kBefore) + "[exchange]\num_servers = [\"ex01.contoso.com\"]\n");
  const auto after = d.write("after.toml", R"(sip_domains = ["contoso.com"]
[[pool]]
fqdn = "pool01.contoso.com"
role = "front-end"
machines = ["fe01.contoso.com"]
web_external = "webext.contoso.com"
[simple_urls]
meet = "https://meet.contoso.com"
dialin = "https://dialin.contoso.com"
[clients]
phone_firmware = ["4.0.7577.4487"]
)");
  const PlanDiff diff = diff_plans(plan_of({before}), plan_of({after}));
  ASSERT_EQ(diff.changes.size(), 4u);
  EXPECT_EQ(diff.changes[0].removed, Names{"fe02.contoso.com"});
  EXPECT_EQ(diff.changes[2].kind, CertificateChange::Kind::kUntouched);  // external web: no member names
  EXPECT_EQ(diff.changes[3].key, "exchange-um ex01.contoso.com");
  EXPECT_EQ(diff.changes[3].kind, CertificateChange::Kind::kRetired);
}

TEST(PlanDiff, SameTopologyNothingChanges) {
  const PlanDiff diff = diff_plans(enterprise(), enterprise());
  for (const auto& c : diff.changes) EXPECT_EQ(c.kind, CertificateChange::Kind::kUntouched) << c.key;
  EXPECT_EQ(diff.changes.size(), 11u);
}

}  // namespace
}  // namespace uccert::topology
