// The Topology XML import: both shapes of the file (published topology, .tbxml), what it takes
// from each element, and every way a hostile or broken file is refused in one located line.
#include "uccert/topology/xml_import.h"

#include <gtest/gtest.h>

#include <string>

#include "uccert/topology/fqdn.h"

namespace uccert::topology {
namespace {

const std::string kNs = "urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008";

std::string published(const std::string& body) {
  return "<?xml version=\"1.0\"?>\n<Topology xmlns=\"" + kNs + "\">\n" + body + "</Topology>\n";
}

const std::string kStandardEdition = published(R"(  <InternalDomains DefaultDomain="contoso.com">
    <InternalDomain Name="Contoso.com" />
  </InternalDomains>
  <Sites><CentralSite SiteId="1"><Name>Redmond</Name></CentralSite></Sites>
  <Clusters>
    <Cluster Fqdn="SE01.contoso.com">
      <ClusterId SiteId="1" Number="1" />
      <Machine Fqdn="se01.contoso.com" />
    </Cluster>
  </Clusters>
  <Services>
    <Service><ServiceId SiteId="1" RoleName="UserServices" Instance="1" />
      <InstalledOn><ClusterId SiteId="1" Number="1" /></InstalledOn></Service>
    <Service><ServiceId SiteId="1" RoleName="Registrar" Instance="1" />
      <InstalledOn><ClusterId SiteId="1" Number="1" /></InstalledOn>
      <RegistrarService xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.ServiceRoles.2008" IsDirector="false" />
    </Service>
    <Service><ServiceId SiteId="1" RoleName="WebServices" Instance="1" />
      <InstalledOn><ClusterId SiteId="1" Number="1" /></InstalledOn>
      <WebService xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.ServiceRoles.2008">
        <ExternalSettings Host="lyncweb.contoso.com" />
      </WebService>
    </Service>
  </Services>
)");

TEST(XmlImport, PublishedStandardEdition) {
  Topology t;
  ASSERT_TRUE(import_topology_xml(kStandardEdition, "se.xml", t));
  ASSERT_EQ(t.sip_domains.size(), 1u);
  EXPECT_EQ(t.sip_domains[0].name, "contoso.com");
  EXPECT_TRUE(t.sip_domains[0].is_default);
  EXPECT_EQ(where(t.sip_domains[0].origin), "se.xml:4");
  ASSERT_EQ(t.pools.size(), 1u);
  const Pool& p = t.pools[0];
  EXPECT_EQ(p.fqdn, "se01.contoso.com");
  EXPECT_EQ(p.site, "1");
  EXPECT_TRUE(is_front_end(p));
  EXPECT_TRUE(is_standard_edition(p));
  EXPECT_FALSE(is_director(p));
  ASSERT_TRUE(p.services.web);
  EXPECT_EQ(p.services.web->external_fqdn, "lyncweb.contoso.com");
  EXPECT_EQ(t.sites.at(0).name, "Redmond");
  EXPECT_TRUE(t.notes.empty());
}

TEST(XmlImport, TopologyBuilderFileWithPrefixesAndNestedClusters) {
  const std::string tbxml = R"(<?xml version="1.0"?>
<tp:TopologyBuilder xmlns:tp="urn:schema:Microsoft.Rtc.Management.Deploy.TopologyBuilder.2008"
    xmlns:wt="urn:schema:Microsoft.Rtc.Management.Deploy.WritableTopology.2008"
    xmlns:t="urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008">
  <tp:NewTopology>
    <wt:PartialTopology>
      <t:InternalDomains DefaultDomain="fabrikam.com">
        <t:InternalDomain Name="contoso.com" />
        <t:InternalDomain Name="fabrikam.com" />
      </t:InternalDomains>
      <wt:CentralSites>
        <wt:CentralSite SiteId="2">
          <t:Name>Paris</t:Name>
          <wt:Clusters>
            <wt:Cluster UniqueId="AAAA" Fqdn="dirpool.contoso.com">
              <wt:Machines><wt:Machine Fqdn="dir01.contoso.com" /><wt:Machine Fqdn="dir02.contoso.com" /></wt:Machines>
            </wt:Cluster>
            <wt:Cluster UniqueId="BBBB" Fqdn="edgepool.contoso.net">
              <wt:Machines><wt:Machine Fqdn="edge01.contoso.net" /></wt:Machines>
            </wt:Cluster>
          </wt:Clusters>
        </wt:CentralSite>
      </wt:CentralSites>
      <wt:Services>
        <wt:Service RoleName="Registrar" InstalledOn="aaaa">
          <RegistrarService xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.ServiceRoles.2008" IsDirector="true" />
        </wt:Service>
        <wt:Service RoleName="EdgeServer" InstalledOn="BBBB">
          <EdgeService AccessEdgeExternalFqdn="sip.contoso.com" DataEdgeExternalFqdn="webconf.contoso.com"
                       AVEdgeExternalFqdn="av.contoso.com" />
        </wt:Service>
      </wt:Services>
    </wt:PartialTopology>
  </tp:NewTopology>
</tp:TopologyBuilder>
)";
  Topology t;
  ASSERT_TRUE(import_topology_xml(tbxml, "ee.tbxml", t));
  ASSERT_EQ(t.sip_domains.size(), 2u);
  EXPECT_FALSE(t.sip_domains[0].is_default);
  EXPECT_TRUE(t.sip_domains[1].is_default);
  ASSERT_EQ(t.pools.size(), 2u);
  EXPECT_TRUE(is_director(t.pools[0]));
  EXPECT_EQ(t.pools[0].site, "2");
  EXPECT_EQ(t.pools[0].machines.size(), 2u);
  ASSERT_TRUE(is_edge(t.pools[1]));
  EXPECT_EQ(t.pools[1].services.edge->access_fqdn, "sip.contoso.com");
  EXPECT_EQ(t.pools[1].services.edge->webconf_fqdn, "webconf.contoso.com");
  EXPECT_EQ(t.pools[1].services.edge->av_fqdn, "av.contoso.com");
}

TEST(XmlImport, SimpleUrlsAsTheCmdletNamesThem) {
  Topology t;
  ASSERT_TRUE(import_topology_xml(published(R"(<InternalDomains><InternalDomain Name="contoso.com" /></InternalDomains>
<SimpleUrlConfiguration xmlns="urn:schema:Microsoft.Rtc.Management.Settings.SimpleUrl.2008">
  <SimpleUrl Component="Meet" Domain="contoso.com" ActiveUrl="https://meet.contoso.com/">
    <SimpleUrlEntry Url="https://meet.contoso.com/" />
  </SimpleUrl>
  <SimpleUrl Component="dialin" Domain="*" ActiveUrl="https://Dialin.contoso.com/" />
  <SimpleUrl Component="Cscp" Domain="*" ActiveUrl="https://admin.contoso.com/" />
  <SimpleUrl Component="WebScheduler" Domain="*" ActiveUrl="https://sched.contoso.com/" />
</SimpleUrlConfiguration>
)"),
                                  "urls.xml", t));
  ASSERT_EQ(t.simple_urls.size(), 3u);
  EXPECT_EQ(t.simple_urls[0].kind, SimpleUrlKind::kMeet);
  EXPECT_EQ(t.simple_urls[0].host, "meet.contoso.com");
  EXPECT_EQ(t.simple_urls[0].sip_domain, "contoso.com");
  EXPECT_EQ(t.simple_urls[1].host, "dialin.contoso.com");
  EXPECT_EQ(t.simple_urls[1].sip_domain, "");
  EXPECT_EQ(t.simple_urls[2].kind, SimpleUrlKind::kAdmin);
  ASSERT_EQ(t.notes.size(), 1u);  // the WebScheduler URL: skipped, said
  EXPECT_NE(t.notes[0].text.find("webscheduler"), std::string::npos);
}

TEST(XmlImport, UnknownElementsAreNotesNotErrors) {
  Topology t;
  ASSERT_TRUE(
      import_topology_xml(published("<InternalDomains><InternalDomain Name=\"contoso.com\" /></InternalDomains>\n"
                                    "<SomethingNew Attribute=\"x\"><Deeper /></SomethingNew>\n"),
                          "new.xml", t));
  ASSERT_EQ(t.notes.size(), 1u);
  EXPECT_EQ(where(t.notes[0].origin), "new.xml:4");
  EXPECT_NE(t.notes[0].text.find("SomethingNew"), std::string::npos);
}

TEST(XmlImport, ManyUnknownElementsAreNotedOnceEach50ThenCounted) {
  std::string body;
  for (int i = 0; i < 1000; ++i) body += "<Unknown/>\n";
  Topology t;
  ASSERT_TRUE(import_topology_xml(published(body), "many.xml", t));
  ASSERT_EQ(t.notes.size(), 51u);
  EXPECT_EQ(where(t.notes[49].origin), "many.xml:52");
  EXPECT_EQ(t.notes[50].text, "950 more notes like these not shown");
}

TEST(XmlImport, Utf16WithByteOrderMarkAsPowerShellWritesIt) {
  std::string utf16 = "\xFF\xFE";
  for (char c : kStandardEdition) {
    utf16 += c;
    utf16 += '\0';
  }
  Topology t;
  ASSERT_TRUE(import_topology_xml(utf16, "se16.xml", t));
  ASSERT_EQ(t.pools.size(), 1u);
  EXPECT_EQ(t.pools[0].fqdn, "se01.contoso.com");
  EXPECT_EQ(where(t.pools[0].origin), "se16.xml:8");
}

TEST(XmlImport, Utf8ByteOrderMark) {
  Topology t;
  ASSERT_TRUE(import_topology_xml("\xEF\xBB\xBF" + kStandardEdition, "bom.xml", t));
  EXPECT_EQ(t.pools.size(), 1u);
}

TEST(XmlImport, MalformedIsOneLineWithItsLineNumber) {
  Topology t;
  const std::string bad = published("<InternalDomains>\n  <InternalDomain Name=\"contoso.com\">\n</InternalDomains>\n");
  auto s = import_topology_xml(bad, "bad.xml", t);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message.rfind("bad.xml:5: ", 0), 0u) << s.error().message;
  EXPECT_EQ(s.error().message.find('\n'), std::string::npos);
}

TEST(XmlImport, DoctypeAndEntityDeclarationsAreRefused) {
  Topology t;
  const std::string xxe =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE Topology [\n<!ENTITY x SYSTEM \"file:///etc/passwd\">\n]>\n" +
      published("<InternalDomains><InternalDomain Name=\"&x;\" /></InternalDomains>").substr(22);
  auto s = import_topology_xml(xxe, "xxe.xml", t);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message, "xxe.xml:2: DOCTYPE declaration refused: a topology file has no DTD or entities");
  auto e = import_topology_xml(published("<!ENTITY x \"y\">"), "ent.xml", t);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message, "ent.xml:3: ENTITY declaration refused: a topology file has no DTD or entities");
  EXPECT_TRUE(t.sip_domains.empty());
}

TEST(XmlImport, SizeAndElementCountAreCapped) {
  Topology t;
  std::string huge(kMaxXmlBytes + 1, ' ');
  auto s = import_topology_xml(huge, "huge.xml", t);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message, "huge.xml: larger than 32 MiB, more than any topology needs; refused unread");

  std::string many;
  many.reserve(kMaxXmlElements * 4 + 200);
  for (std::size_t i = 0; i <= kMaxXmlElements; ++i) many += "<a/>";
  auto m = import_topology_xml(published(many), "many.xml", t);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().message, "many.xml: more than 500000 elements, more than any topology needs");
}

TEST(XmlImport, NotATopology) {
  Topology t;
  auto s = import_topology_xml("<?xml version=\"1.0\"?>\n<html><body/></html>", "page.xml", t);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("page.xml:2: not a Lync / Skype for Business topology"), std::string::npos);
  auto ns = import_topology_xml("<Topology xmlns=\"urn:other\"/>", "ns.xml", t);
  ASSERT_FALSE(ns);
  EXPECT_NE(ns.error().message.find("outside the namespace"), std::string::npos);
}

TEST(XmlImport, ServiceOnAnUnknownClusterIsANote) {
  Topology t;
  ASSERT_TRUE(import_topology_xml(
      published("<Services><Service><ServiceId SiteId=\"1\" RoleName=\"Registrar\" Instance=\"1\" />"
                "<InstalledOn><ClusterId SiteId=\"9\" Number=\"9\" /></InstalledOn></Service></Services>"),
      "orphan.xml", t));
  ASSERT_EQ(t.notes.size(), 1u);
  EXPECT_NE(t.notes[0].text.find("installed on no cluster"), std::string::npos);
}

}  // namespace
}  // namespace uccert::topology
