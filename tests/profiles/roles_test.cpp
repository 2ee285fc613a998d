// The role catalogue: each role's data, and the names a certificate of it must carry derived
// from plain inputs, in the order devices need (W-11).
#include "uccert/profiles/roles.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace uccert::profiles {
namespace {

std::vector<std::string> names_of(const std::vector<RequiredName>& names) {
  std::vector<std::string> out;
  for (const auto& n : names) out.push_back(n.name);
  return out;
}

const RequiredName& named(const std::vector<RequiredName>& names, std::string_view name) {
  auto it = std::find_if(names.begin(), names.end(), [&](const RequiredName& n) { return n.name == name; });
  if (it == names.end()) throw std::runtime_error("no required name " + std::string(name));
  return *it;
}

RoleInputs enterprise() {
  RoleInputs in;
  in.sip_domains = {"contoso.com", "Fabrikam.com"};
  in.pool = "pool01.corp.contoso.com";
  in.servers = {"fe01.corp.contoso.com", "fe02.corp.contoso.com"};
  in.internal_web = "webint.corp.contoso.com";
  in.external_web = "webext.contoso.com";
  in.meet = {"meet.contoso.com", "meet.fabrikam.com"};
  in.dialin = "dialin.contoso.com";
  in.admin = "admin.contoso.com";
  in.access_edge = "sip.contoso.com";
  in.webconf_edge = "webconf.contoso.com";
  in.av_edge = "av.contoso.com";
  in.edge_internal = "edgepool.corp.contoso.com";
  in.office_web_apps = "owas.contoso.com";
  return in;
}

TEST(RoleCatalogue, TwelveRolesEachFoundByItsSpelling) {
  const std::vector<std::string> expected{"fe-default",   "fe-web-internal", "fe-web-external", "director",
                                          "edge-internal", "edge-external",  "reverse-proxy",   "exchange-um",
                                          "exchange-web",  "office-web-apps", "mediation",      "sbc"};
  std::vector<std::string> ids;
  for (const auto& r : role_catalogue()) {
    ids.emplace_back(r.id);
    ASSERT_NE(find_role(r.id), nullptr);
    EXPECT_EQ(find_role(r.id)->role, r.role);
    EXPECT_EQ(&role_spec(r.role), &r);
    EXPECT_FALSE(r.source.empty()) << r.id;
    EXPECT_FALSE(r.default_clients.empty()) << r.id;
  }
  EXPECT_EQ(ids, expected);
  EXPECT_EQ(find_role("Edge-External")->role, Role::kEdgeExternal);
  EXPECT_EQ(find_role("edge"), nullptr);
  EXPECT_EQ(find_role(""), nullptr);
}

TEST(RoleCatalogue, DefaultClientsAreBuiltInProfiles) {
  for (const auto& r : role_catalogue())
    for (auto c : r.default_clients) EXPECT_NE(builtin_profiles().find(c), nullptr) << r.id << ": " << c;
}

TEST(RoleCatalogue, UsagesAreTheSetCsCertificateTypes) {
  auto usages = [](Role role) {
    const auto& u = role_spec(role).usages;
    return std::vector<std::string>(u.begin(), u.end());
  };
  EXPECT_EQ(usages(Role::kEdgeExternal),
            (std::vector<std::string>{"AccessEdgeExternal", "DataEdgeExternal", "AudioVideoAuthentication"}));
  EXPECT_EQ(usages(Role::kEdgeInternal), std::vector<std::string>{"Internal"});
  EXPECT_EQ(usages(Role::kFeWebInternal), std::vector<std::string>{"WebServicesInternal"});
  EXPECT_EQ(usages(Role::kExchangeUm), (std::vector<std::string>{"UM", "UMCallRouter"}));
  EXPECT_TRUE(usages(Role::kReverseProxy).empty());
  EXPECT_EQ(role_spec(Role::kEdgeExternal).installer, Installer::kLyncEdge);
  EXPECT_EQ(role_spec(Role::kExchangeUm).server, ServerKind::kExchangeUm);
  EXPECT_EQ(role_spec(Role::kSbc).server, ServerKind::kSbc);
}

TEST(RoleCatalogue, WildcardCnAndKeyRulesFromUcRules) {
  for (const auto& r : role_catalogue()) EXPECT_EQ(r.wildcard_cn_allowed, r.role == Role::kSbc) << r.id;  // W-01, W-15
  EXPECT_EQ(role_spec(Role::kEdgeExternal).wildcard_san, WildcardSan::kNever);                        // W-06
  EXPECT_EQ(role_spec(Role::kEdgeExternal).exportable_key, KeyExport::kRequired);                     // EDGE-05
  EXPECT_EQ(role_spec(Role::kEdgeExternal).ca, CaKind::kPublic);                                      // EDGE-01
  EXPECT_EQ(role_spec(Role::kEdgeInternal).cn, CnUse::kCnDocumented);                                 // EDGE-07
  EXPECT_EQ(role_spec(Role::kExchangeUm).cn, CnUse::kCnOnly);                                         // UM-02
  EXPECT_TRUE(role_spec(Role::kReverseProxy).client_auth_eku);                                        // RP-06
}

TEST(RequiredNames, FrontEndDefaultPoolThenServersThenSipPerDomain) {
  const auto names = required_names(Role::kFeDefault, enterprise());
  EXPECT_EQ(names_of(names), (std::vector<std::string>{"pool01.corp.contoso.com", "fe01.corp.contoso.com",
                                                       "fe02.corp.contoso.com", "sip.contoso.com",
                                                       "sip.fabrikam.com"}));
  EXPECT_TRUE(names.front().subject);
  EXPECT_FALSE(names[1].subject);
  // S-01: the SRV target must be explicit; no wildcard stands in for it.
  EXPECT_TRUE(named(names, "sip.fabrikam.com").wildcard.empty());
  EXPECT_EQ(named(names, "sip.contoso.com").clients,
            (std::vector<std::string>{"lync-desktop", "phone-edition-legacy", "phone-edition"}));
}

TEST(RequiredNames, StandardEditionIsOneName) {
  RoleInputs in;
  in.sip_domains = {"contoso.com"};
  in.servers = {"se01.contoso.com"};
  in.pool = "SE01.contoso.com.";
  EXPECT_EQ(names_of(required_names(Role::kFeDefault, in)),
            (std::vector<std::string>{"se01.contoso.com", "sip.contoso.com"}));
}

TEST(RequiredNames, WebInternalCarriesSimpleUrlsAndLyncdiscoverInternal) {
  const auto names = required_names(Role::kFeWebInternal, enterprise());
  EXPECT_EQ(names_of(names),
            (std::vector<std::string>{"webint.corp.contoso.com", "fe01.corp.contoso.com", "fe02.corp.contoso.com",
                                      "pool01.corp.contoso.com", "meet.contoso.com", "meet.fabrikam.com",
                                      "dialin.contoso.com", "admin.contoso.com",
                                      "lyncdiscoverinternal.contoso.com", "lyncdiscoverinternal.fabrikam.com"}));
  EXPECT_EQ(named(names, "meet.fabrikam.com").wildcard, "*.fabrikam.com");  // W-02
  EXPECT_EQ(named(names, "meet.fabrikam.com").kind, NameKind::kMeet);
  EXPECT_TRUE(named(names, "pool01.corp.contoso.com").wildcard.empty());
}

TEST(RequiredNames, WebExternalAdminIsOptional) {
  const auto names = required_names(Role::kFeWebExternal, enterprise());
  EXPECT_EQ(names.front().name, "webext.contoso.com");
  EXPECT_EQ(named(names, "admin.contoso.com").need, Need::kOptional);  // C-08
  EXPECT_EQ(named(names, "dialin.contoso.com").need, Need::kRequired);
  EXPECT_EQ(named(names, "lyncdiscover.contoso.com").kind, NameKind::kLyncdiscover);
}

TEST(RequiredNames, EdgeExternalAccessFirstAvNeverChecked) {
  const auto names = required_names(Role::kEdgeExternal, enterprise());
  EXPECT_EQ(names_of(names), (std::vector<std::string>{"sip.contoso.com", "webconf.contoso.com",
                                                       "sip.fabrikam.com", "av.contoso.com"}));
  EXPECT_TRUE(names.front().subject);
  EXPECT_EQ(named(names, "av.contoso.com").need, Need::kNeverChecked);  // EDGE-04
  for (const auto& n : names) EXPECT_TRUE(n.wildcard.empty()) << n.name;  // W-06
  EXPECT_NE(std::find(names.front().clients.begin(), names.front().clients.end(), "ocs-interop"),
            names.front().clients.end());
}

TEST(RequiredNames, EdgeExternalWithoutAccessFqdnUsesSipOfThePrimaryDomain) {
  RoleInputs in;
  in.sip_domains = {"contoso.com"};
  EXPECT_EQ(names_of(required_names(Role::kEdgeExternal, in)), std::vector<std::string>{"sip.contoso.com"});
}

TEST(RequiredNames, EdgeInternalIsTheInternalFqdnAlone) {
  EXPECT_EQ(names_of(required_names(Role::kEdgeInternal, enterprise())),
            std::vector<std::string>{"edgepool.corp.contoso.com"});
}

TEST(RequiredNames, ReverseProxyPublishesEveryExternalName) {
  auto in = enterprise();
  in.other_external_web = {"dirext.contoso.com"};
  const auto names = required_names(Role::kReverseProxy, in);
  EXPECT_EQ(names_of(names),
            (std::vector<std::string>{"webext.contoso.com", "dirext.contoso.com", "meet.contoso.com",
                                      "meet.fabrikam.com", "dialin.contoso.com", "admin.contoso.com",
                                      "owas.contoso.com", "lyncdiscover.contoso.com", "lyncdiscover.fabrikam.com"}));
  EXPECT_EQ(named(names, "lyncdiscover.contoso.com").wildcard, "*.contoso.com");  // RP-03
}

TEST(RequiredNames, NoLyncdiscoverWhenMobilityIsNotPublished) {
  auto in = enterprise();
  in.lyncdiscover = false;
  for (const auto& n : required_names(Role::kReverseProxy, in))
    EXPECT_EQ(n.name.find("lyncdiscover"), std::string::npos) << n.name;
}

TEST(RequiredNames, ExchangeUmFirstNameIsTheCnOthersOptional) {
  RoleInputs in;
  in.names = {"um01.contoso.com", "um02.contoso.com"};
  const auto names = required_names(Role::kExchangeUm, in);
  ASSERT_EQ(names.size(), 2U);
  EXPECT_TRUE(names[0].subject);
  EXPECT_EQ(names[0].need, Need::kRequired);
  EXPECT_EQ(names[1].need, Need::kOptional);
  EXPECT_EQ(names[0].clients, std::vector<std::string>{"exchange-um-peer"});
}

TEST(RequiredNames, GivenNamesAreAddedAfterDerivedOnes) {
  RoleInputs in;
  in.pool = "med.contoso.com";
  in.names = {"gw-facing.contoso.com", "MED.contoso.com"};
  EXPECT_EQ(names_of(required_names(Role::kMediation, in)),
            (std::vector<std::string>{"med.contoso.com", "gw-facing.contoso.com"}));
}

TEST(RequiredNames, NothingGivenNothingRequired) {
  for (const auto& r : role_catalogue()) EXPECT_TRUE(required_names(r.role, RoleInputs{}).empty()) << r.id;
}

TEST(RequestNames, ExplicitBeforeWildcards) {
  const auto names = required_names(Role::kFeWebExternal, enterprise());
  EXPECT_EQ(request_names(names, true),
            (std::vector<std::string>{"webext.contoso.com", "*.contoso.com", "*.fabrikam.com"}));
  const auto all = request_names(names, false);
  EXPECT_EQ(all.size(), names.size());
  EXPECT_EQ(all.front(), "webext.contoso.com");
}

TEST(UrlHost, SimpleUrlsAsAdministratorsWriteThem) {
  EXPECT_EQ(url_host("https://meet.contoso.com/abc"), "meet.contoso.com");
  EXPECT_EQ(url_host("https://Dialin.Contoso.com"), "dialin.contoso.com");
  EXPECT_EQ(url_host("meet.contoso.com"), "meet.contoso.com");
  EXPECT_EQ(url_host("https://contoso.com:443/meet"), "contoso.com");
  EXPECT_EQ(url_host("https:///meet"), std::nullopt);
  EXPECT_EQ(url_host(""), std::nullopt);
}

}  // namespace
}  // namespace uccert::profiles

namespace uccert::profiles {
namespace {

TEST(AddSimpleUrl, KindByFirstLabelOrPath) {
  RoleInputs in;
  EXPECT_TRUE(add_simple_url(in, "https://meet.contoso.com"));
  EXPECT_TRUE(add_simple_url(in, "https://dialin.contoso.com/"));
  EXPECT_TRUE(add_simple_url(in, "https://lync.fabrikam.com/admin"));
  EXPECT_TRUE(add_simple_url(in, "https://conf.fabrikam.com/x"));
  EXPECT_TRUE(add_simple_url(in, "meet.contoso.com"));
  EXPECT_FALSE(add_simple_url(in, "https://"));
  EXPECT_EQ(in.meet, (std::vector<std::string>{"meet.contoso.com", "conf.fabrikam.com"}));
  EXPECT_EQ(in.dialin, "dialin.contoso.com");
  EXPECT_EQ(in.admin, "lync.fabrikam.com");
}

TEST(AsPeerOf, EdgeInternalReadsTheCnWithoutDoubt) {
  const ClientProfile& desktop = *builtin_profiles().find("lync-desktop");
  const auto edge = as_peer_of(desktop, Role::kEdgeInternal);
  EXPECT_EQ(edge.cn_match, CnMatch::kAccept);
  EXPECT_FALSE(edge.uncertain_about("common_name"));
  EXPECT_NE(edge.name_policy.common_name, names::CommonName::kIgnore);
  const auto fe = as_peer_of(desktop, Role::kFeDefault);
  EXPECT_EQ(fe.cn_match, desktop.cn_match);
  EXPECT_EQ(fe.uncertain, desktop.uncertain);
}

}  // namespace
}  // namespace uccert::profiles
