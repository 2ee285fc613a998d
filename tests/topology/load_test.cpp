// load_topology over real files: the examples, and every topology error the documentation lists
// with the exact line a user sees.
#include "uccert/topology/load.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "topology/topology_files.h"

namespace uccert::topology {
namespace {

using testing::example;
using testing::TempDir;

std::string load_error(const std::vector<std::string>& paths) {
  auto t = load_topology(paths);
  return t ? std::string("(no error)") : t.error().message;
}

TEST(LoadTopology, StandardEditionExample) {
  auto t = load_topology({example("standard-edition/topology.xml"), example("standard-edition/overlay.toml")});
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_EQ(t->pools.size(), 1u);
  EXPECT_TRUE(is_standard_edition(t->pools[0]));
  EXPECT_EQ(t->simple_urls.size(), 3u);
  EXPECT_EQ(t->assignments.size(), 1u);
  EXPECT_EQ(t->files.size(), 2u);
}

TEST(LoadTopology, EnterpriseExampleOverlayGivenFirstStillAppliesAfterTheXml) {
  auto t = load_topology({example("enterprise/overlay.toml"), example("enterprise/topology.tbxml"),
                          example("enterprise/assignments.toml")});
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->sip_domains.size(), 2u);
  ASSERT_EQ(t->pools.size(), 4u);
  const Pool* edge = find_pool(*t, "edgepool.contoso.net");
  ASSERT_NE(edge, nullptr);
  EXPECT_EQ(edge->services.edge->access_fqdn, "sip.contoso.com");
  EXPECT_EQ(edge->machines.size(), 2u);
  EXPECT_TRUE(is_director(*find_pool(*t, "dirpool.contoso.com")));
  EXPECT_EQ(t->clients.phone_firmware.size(), 2u);
  EXPECT_EQ(t->assignments.size(), 7u);
  EXPECT_TRUE(t->notes.empty());
}

TEST(LoadTopology, XmlAloneNotesTheEdgeNamesItLacks) {
  auto t = load_topology({example("enterprise/topology.tbxml")});
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_EQ(t->notes.size(), 1u);
  EXPECT_NE(t->notes[0].text.find("Edge pool edgepool.contoso.net: no external Access Edge FQDN"), std::string::npos);
}

TEST(TopologyErrors, MalformedXmlWithLine) {
  TempDir d;
  const auto f = d.write("t.xml",
                         "<?xml version=\"1.0\"?>\n<Topology xmlns=\"urn:schema:Microsoft.Rtc.Management.Deploy."
                         "Topology.2008\">\n  <InternalDomains>\n  </Internal>\n</Topology>\n");
  EXPECT_EQ(load_error({f}), f + ":4: an end tag that does not match its start tag (or an unclosed element) "
                                 "(Start-end tags mismatch)");
}

TEST(TopologyErrors, EntityDeclaration) {
  TempDir d;
  const auto f = d.write("t.xml",
                         "<?xml version=\"1.0\"?>\n<!DOCTYPE Topology [\n <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n"
                         "]>\n<Topology xmlns=\"urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008\">&xxe;"
                         "</Topology>\n");
  EXPECT_EQ(load_error({f}), f + ":2: DOCTYPE declaration refused: a topology file has no DTD or entities");
}

TEST(TopologyErrors, HundredMegabyteFileRefusedUnread) {
  TempDir d;
  const auto f = d.path("big.xml");
  std::filesystem::resize_file(d.write("big.xml", ""), 100 * 1024 * 1024);  // sparse: costs no disk
  EXPECT_EQ(load_error({f}), f + ": 104857600 bytes, larger than the 32 MiB a topology file may be; refused unread");
}

TEST(TopologyErrors, MissingPool) {
  TempDir d;
  const auto f = d.write("o.toml",
                         "sip_domains = [\"contoso.com\"]\n\n[[assignment]]\nserver = \"pool09.contoso.com\"\n"
                         "usage = [\"Default\"]\nendpoint = \"pool09.contoso.com:5061\"\n");
  EXPECT_EQ(load_error({f}), f + ":3: [[assignment]] for \"pool09.contoso.com\": no pool, machine, Exchange server, "
                                 "reverse proxy, Office Web Apps farm or SBC of that name in the topology");
}

TEST(TopologyErrors, UnknownUsage) {
  TempDir d;
  const auto f = d.write("o.toml",
                         "sip_domains = [\"contoso.com\"]\n[[pool]]\nfqdn = \"se01.contoso.com\"\n"
                         "role = \"standard-edition\"\n[[assignment]]\nserver = \"se01.contoso.com\"\n"
                         "usage = [\"Default\", \"WebServicesEverything\"]\nendpoint = \"se01.contoso.com:5061\"\n");
  EXPECT_EQ(load_error({f}), f + ":7: unknown usage \"WebServicesEverything\" (known: Default, WebServicesInternal, "
                                 "WebServicesExternal, AccessEdgeExternal, DataEdgeExternal, AudioVideoAuthentication, "
                                 "Internal, UM, UMCallRouter, IIS, reverse-proxy, sbc, office-web-apps)");
}

TEST(TopologyErrors, UsageTheServerCannotHave) {
  TempDir d;
  const auto f = d.write("o.toml",
                         "sip_domains = [\"contoso.com\"]\n[[pool]]\nfqdn = \"se01.contoso.com\"\n"
                         "role = \"standard-edition\"\n[[assignment]]\nserver = \"se01.contoso.com\"\n"
                         "usage = [\"AccessEdgeExternal\"]\nendpoint = \"se01.contoso.com:5061\"\n");
  EXPECT_EQ(load_error({f}), f + ":5: [[assignment]] for \"se01.contoso.com\": usage AccessEdgeExternal does not "
                                 "exist on a Front End pool");
}

TEST(TopologyErrors, DuplicateFqdn) {
  TempDir d;
  const auto f =
      d.write("o.toml",
              "sip_domains = [\"contoso.com\"]\n[[pool]]\nfqdn = \"pool01.contoso.com\"\nrole = \"front-end\"\n"
              "machines = [\"fe01.contoso.com\"]\n\n[[pool]]\nfqdn = \"pool02.contoso.com\"\n"
              "role = \"front-end\"\nmachines = [\"fe02.contoso.com\", \"fe01.contoso.com\"]\n");
  EXPECT_EQ(load_error({f}), f +
                                 ":10: duplicate FQDN \"fe01.contoso.com\": already used by pool "
                                 "\"pool01.contoso.com\" at " +
                                 f + ":5");
}

TEST(TopologyErrors, DuplicateClusterInTheXml) {
  TempDir d;
  const auto f = d.write("t.xml",
                         "<Topology xmlns=\"urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008\">\n"
                         "<InternalDomains><InternalDomain Name=\"contoso.com\"/></InternalDomains>\n<Clusters>\n"
                         "<Cluster Fqdn=\"pool01.contoso.com\"><ClusterId SiteId=\"1\" Number=\"1\"/></Cluster>\n"
                         "<Cluster Fqdn=\"POOL01.contoso.com\"><ClusterId SiteId=\"1\" Number=\"2\"/></Cluster>\n"
                         "</Clusters></Topology>\n");
  EXPECT_EQ(load_error({f}), f +
                                 ":5: duplicate FQDN \"pool01.contoso.com\": already used by pool "
                                 "\"pool01.contoso.com\" at " +
                                 f + ":4");
}

TEST(TopologyErrors, XmlNameThatIsNotAHostName) {
  TempDir d;
  const auto f = d.write("t.xml",
                         "<Topology xmlns=\"urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008\">\n"
                         "<InternalDomains><InternalDomain Name=\"contoso.com\"/></InternalDomains>\n<Clusters>\n"
                         "<Cluster Fqdn=\"pool$(calc).contoso.com\"><ClusterId SiteId=\"1\" Number=\"1\"/></Cluster>\n"
                         "</Clusters></Topology>\n");
  EXPECT_EQ(load_error({f}), f + ":4: pool FQDN \"pool$(calc).contoso.com\" is not a host name (letters, digits, "
                                 "hyphens, dots: G-14)");
}

TEST(TopologyErrors, AssignmentToAMissingFile) {
  TempDir d;
  const auto f = d.write("o.toml",
                         "sip_domains = [\"contoso.com\"]\n[[pool]]\nfqdn = \"se01.contoso.com\"\n"
                         "role = \"standard-edition\"\n\n[[assignment]]\nserver = \"se01.contoso.com\"\n"
                         "usage = [\"Default\"]\nfile = \"certs/se01.pfx\"\n");
  EXPECT_EQ(load_error({f}),
            f + ":6: assignment file \"certs/se01.pfx\" (" + d.path("certs/se01.pfx") + "): no such file");
  d.write("certs/se01.pfx", "x");
  EXPECT_TRUE(load_topology({f}));
}

TEST(TopologyErrors, NoSipDomain) {
  TempDir d;
  const auto f = d.write("o.toml", "[clients]\nmobile = true\n");
  EXPECT_EQ(load_error({f}), f + ": no SIP domain (InternalDomains in the XML, or sip_domains = [...] in the overlay)");
}

TEST(TopologyErrors, MissingTopologyFile) {
  TempDir d;
  EXPECT_EQ(load_error({d.path("nope.xml")}), d.path("nope.xml") + ": no such file");
  EXPECT_EQ(load_error({}), "no topology file given (Topology XML, .tbxml, or a TOML overlay)");
}

}  // namespace
}  // namespace uccert::topology
