// Role rules (check --role, audit): the names a role must carry, its wildcard and CN rules, and
// fixes with that server's own commands (FE-03..05, S-08, EDGE-02..07, W-06).
#include <gtest/gtest.h>

#include <algorithm>

#include "fixtures/rules_fixtures.h"
#include "uccert/profiles/roles.h"

namespace uccert::testing {
namespace {

using profiles::Role;
using rules::Severity;
using rules::Verdict;

std::vector<std::string> clients_of(Role role) {
  const auto& c = profiles::role_spec(role).default_clients;
  return {c.begin(), c.end()};
}

class RoleRules : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pub_ = new Ca(make_ca("Public Trust", 2));
    ent_ = new Ca(make_ca("Contoso Enterprise", 1));
  }
  static void TearDownTestSuite() {
    delete pub_;
    delete ent_;
    pub_ = ent_ = nullptr;
  }

  // Judges a certificate issued by `ca` for `role` with the names derived from `in`, for the
  // role's clients (as check --role does), dialling the role's first name.
  static judge::Judgement check(Role role, const profiles::RoleInputs& in, const lab::CertSpec& spec,
                                const Ca& ca, std::vector<std::string> clients = {}) {
    auto leaf = issue(ca, spec);
    evidence::TrustInputs trust;
    trust.public_roots = {pub_->root.cert};
    trust.enterprise_roots = {ent_->root.cert, pub_->root.cert};
    trust.mobile_roots = {ent_->root.cert};
    rules::JudgeOptions options;
    options.role = role;
    options.role_names = profiles::required_names(role, in);
    return judge_for(evidence({&leaf, &ca.intermediate}, options.role_names.front().name),
                     clients.empty() ? clients_of(role) : clients, trust, options);
  }

  static profiles::RoleInputs edge() {
    profiles::RoleInputs in;
    in.sip_domains = {"contoso.com"};
    in.access_edge = "sip.contoso.com";
    in.webconf_edge = "webconf.contoso.com";
    in.av_edge = "av.contoso.com";
    return in;
  }

  static profiles::RoleInputs web_internal() {
    profiles::RoleInputs in;
    in.sip_domains = {"contoso.com"};
    in.pool = "se01.corp.contoso.com";
    in.meet = {"meet.contoso.com"};
    in.dialin = "dialin.contoso.com";
    in.lyncdiscover = false;
    return in;
  }

  static Ca* pub_;
  static Ca* ent_;
};
Ca* RoleRules::pub_ = nullptr;
Ca* RoleRules::ent_ = nullptr;

TEST_F(RoleRules, CorrectEdgeExternalCertificatePassesItsClients) {
  auto j = check(Role::kEdgeExternal, edge(), server("sip.contoso.com", {"sip.contoso.com", "webconf.contoso.com",
                                                                          "av.contoso.com"}),
                 *pub_);
  for (const auto& p : j.profiles) EXPECT_EQ(p.verdict, Verdict::kPass) << p.profile_id << "\n" << describe(j);
  EXPECT_EQ(j.find("exchange-um-peer"), nullptr);
}

// The Edge's own commands, never the Front End's Default or Exchange's.
TEST_F(RoleRules, EdgeExternalFixesAreTheEdgesCommands) {
  auto j = check(Role::kEdgeExternal, edge(), server("sip.contoso.com", {"sip.contoso.com"}), *pub_);
  const auto* f = find(j, "role.missing-name", "lync-desktop");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kFail);
  EXPECT_EQ(f->details.at("host"), "webconf.contoso.com");
  EXPECT_NE(f->fix.find("Request-CsCertificate -New -Type AccessEdgeExternal,DataEdgeExternal,"
                        "AudioVideoAuthentication -Output"),
            std::string::npos)
      << f->fix;
  EXPECT_NE(f->fix.find("Import-CsCertificate"), std::string::npos) << f->fix;
  EXPECT_NE(f->fix.find("-PrivateKeyExportable $true"), std::string::npos) << f->fix;  // EDGE-05
  EXPECT_NE(f->fix.find("sip.contoso.com,webconf.contoso.com,av.contoso.com"), std::string::npos) << f->fix;
  for (const auto& g : j.findings) {
    EXPECT_EQ(g.fix.find("-Type Default"), std::string::npos) << g.id << ": " << g.fix;
    EXPECT_EQ(g.fix.find("Enable-ExchangeCertificate"), std::string::npos) << g.id << ": " << g.fix;
    EXPECT_EQ(g.fix.find("# On "), std::string::npos) << g.id << ": " << g.fix;
  }
}

// EDGE-04: the A/V Edge FQDN is never name-checked: its absence is information only.
TEST_F(RoleRules, AvEdgeNameIsNotChecked) {
  auto j = check(Role::kEdgeExternal, edge(), server("sip.contoso.com", {"sip.contoso.com", "webconf.contoso.com"}),
                 *pub_);
  for (const auto& p : j.profiles) EXPECT_EQ(p.verdict, Verdict::kPass) << p.profile_id << "\n" << describe(j);
  const auto* f = find(j, "role.optional-name");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kInfo);
  EXPECT_EQ(f->details.at("host"), "av.contoso.com");
  EXPECT_NE(f->source.find("EDGE-04"), std::string::npos);
  EXPECT_EQ(find(j, "role.missing-name"), nullptr) << describe(j);
}

// EDGE-04 also when the A/V name is the one dialled: no name check at all.
TEST_F(RoleRules, DialledAvEdgeNameIsNotChecked) {
  auto leaf = issue(*pub_, server("sip.contoso.com", {"sip.contoso.com", "webconf.contoso.com"}));
  evidence::TrustInputs trust;
  trust.public_roots = {pub_->root.cert};
  trust.enterprise_roots = {pub_->root.cert};
  rules::JudgeOptions options;
  options.role = Role::kEdgeExternal;
  options.role_names = profiles::required_names(Role::kEdgeExternal, edge());
  auto j = judge_for(evidence({&leaf, &pub_->intermediate}, "av.contoso.com"), {"lync-desktop"}, trust, options);
  EXPECT_EQ(find(j, "name.mismatch"), nullptr) << describe(j);
  EXPECT_FALSE(j.profiles.front().name_checked);
  EXPECT_EQ(verdict(j, "lync-desktop"), Verdict::kPass) << describe(j);
}

// W-06: a wildcard on the Edge's external interface fails, even where it matches every name.
TEST_F(RoleRules, WildcardOnEdgeExternalFails) {
  auto j = check(Role::kEdgeExternal, edge(),
                 server("sip.contoso.com", {"sip.contoso.com", "*.contoso.com"}), *pub_);
  const auto* f = find(j, "role.wildcard-not-allowed", "lync-desktop");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kFail);
  EXPECT_EQ(f->details.at("wildcard"), "*.contoso.com");
  EXPECT_NE(f->message.find("C-01"), std::string::npos) << f->message;
  EXPECT_EQ(f->fix.find("*.contoso.com"), std::string::npos) << "the fix requests explicit names only: " << f->fix;
  EXPECT_EQ(verdict(j, "lync-desktop"), Verdict::kFail);
  EXPECT_EQ(verdict(j, "ocs-interop"), Verdict::kFail);
}

// The same wildcard on a reverse proxy is allowed for Simple URLs (RP-03, W-04).
TEST_F(RoleRules, WildcardForSimpleUrlsOnReverseProxyIsNoRoleFinding) {
  profiles::RoleInputs in;
  in.external_web = "webext.contoso.com";
  in.meet = {"meet.contoso.com"};
  in.dialin = "dialin.contoso.com";
  in.sip_domains = {"contoso.com"};
  auto j = check(Role::kReverseProxy, in, server("webext.contoso.com", {"webext.contoso.com", "*.contoso.com"}),
                 *pub_, {"lync-desktop", "mobile-ios", "browser"});
  EXPECT_EQ(find(j, "role.wildcard-not-allowed"), nullptr) << describe(j);
  EXPECT_EQ(find(j, "role.missing-name"), nullptr) << describe(j);
  EXPECT_EQ(verdict(j, "browser"), Verdict::kPass) << describe(j);
}

// EDGE-07: the internal Edge certificate with its FQDN in the CN and no SAN is the documented
// configuration: no warning, nothing uncertain.
TEST_F(RoleRules, InternalEdgeWithCnOnlyPasses) {
  profiles::RoleInputs in;
  in.edge_internal = "edgepool.corp.contoso.com";
  auto spec = server("edgepool.corp.contoso.com", {});
  auto j = check(Role::kEdgeInternal, in, spec, *ent_);
  ASSERT_EQ(j.profiles.size(), 1U);
  EXPECT_EQ(verdict(j, "lync-desktop"), Verdict::kPass) << describe(j);
  EXPECT_EQ(find(j, "name.cn-fallback"), nullptr) << describe(j);
  EXPECT_EQ(find(j, "name.cn-not-in-san"), nullptr) << describe(j);
  for (const auto& f : j.findings) EXPECT_FALSE(f.uncertain) << f.id;
}

// Without the role the same certificate is warned about (the desktop's CN reading is uncertain).
TEST_F(RoleRules, InternalEdgeCnOnlyIsWarnedWithoutTheRole) {
  auto leaf = issue(*ent_, server("edgepool.corp.contoso.com", {}));
  evidence::TrustInputs trust;
  trust.enterprise_roots = {ent_->root.cert};
  auto j = judge_for(evidence({&leaf, &ent_->intermediate}, "edgepool.corp.contoso.com"), {"lync-desktop"}, trust);
  EXPECT_NE(find(j, "name.cn-fallback", "lync-desktop"), nullptr) << describe(j);
}

// S-08, FE-03: the internal web services certificate without the dial-in Simple URL.
TEST_F(RoleRules, WebServicesMissingSimpleUrlFailsNamingIt) {
  auto j = check(Role::kFeWebInternal, web_internal(),
                 server("se01.corp.contoso.com", {"se01.corp.contoso.com", "meet.contoso.com"}), *ent_);
  const auto* f = find(j, "role.missing-name", "lync-desktop");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->details.at("host"), "dialin.contoso.com");
  EXPECT_EQ(f->details.at("name_kind"), "dialin");
  EXPECT_NE(f->message.find("dialin.contoso.com"), std::string::npos) << f->message;
  EXPECT_NE(f->message.find("FE-03"), std::string::npos) << f->message;
  EXPECT_NE(f->message.find("browser"), std::string::npos) << "the clients that dial it: " << f->message;
  // Its own usage, not the SE Front End's three.
  EXPECT_NE(f->fix.find("Set-CsCertificate -Type WebServicesInternal -Thumbprint"), std::string::npos) << f->fix;
  EXPECT_EQ(f->fix.find("Default"), std::string::npos) << f->fix;
  EXPECT_EQ(f->fix.find("Restart-Service RTCSRV"), std::string::npos) << f->fix;
  EXPECT_NE(f->fix.find("se01.corp.contoso.com,meet.contoso.com,dialin.contoso.com"), std::string::npos) << f->fix;
  EXPECT_EQ(verdict(j, "lync-desktop"), Verdict::kFail);
  // Phones never dial the Simple URLs.
  EXPECT_EQ(find(j, "role.missing-name", "phone-edition"), nullptr) << describe(j);
}

// W-02: a wildcard may cover the Simple URLs for the desktop, not for phones before 4100 (W-12),
// which never dial them; the pool name still has to be explicit.
TEST_F(RoleRules, WebServicesWildcardForSimpleUrlsIsEnough) {
  auto j = check(Role::kFeWebInternal, web_internal(),
                 server("se01.corp.contoso.com", {"se01.corp.contoso.com", "*.contoso.com"}), *ent_,
                 {"lync-desktop", "phone-edition-legacy"});
  EXPECT_EQ(find(j, "role.missing-name"), nullptr) << describe(j);
}

// A required name covered only by a wildcard a client does not take is missing for that client.
TEST_F(RoleRules, SipNameCoveredOnlyByWildcardIsMissingForLegacyPhones) {
  profiles::RoleInputs in;
  in.sip_domains = {"contoso.com"};
  in.pool = "pool01.corp.contoso.com";
  auto j = check(Role::kFeDefault, in,
                 server("pool01.corp.contoso.com", {"pool01.corp.contoso.com", "*.contoso.com"}), *ent_);
  const auto* f = find(j, "role.missing-name", "phone-edition-legacy");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->details.at("host"), "sip.contoso.com");
  EXPECT_EQ(f->details.at("wildcard"), "*.contoso.com");
  EXPECT_NE(f->fix.find("Set-CsCertificate -Type Default -Thumbprint"), std::string::npos) << f->fix;
  EXPECT_NE(f->fix.find("Restart-Service RTCSRV"), std::string::npos) << f->fix;
  EXPECT_EQ(find(j, "role.missing-name", "lync-desktop"), nullptr) << describe(j);
}

// EDGE-02: the Edge's external CN is the Access Edge FQDN.
TEST_F(RoleRules, EdgeExternalCnOtherThanAccessEdgeWarns) {
  auto j = check(Role::kEdgeExternal, edge(),
                 server("webconf.contoso.com", {"webconf.contoso.com", "sip.contoso.com"}), *pub_, {"lync-desktop"});
  const auto* f = find(j, "role.subject-cn", "lync-desktop");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kWarn);
  EXPECT_EQ(f->details.at("host"), "sip.contoso.com");
}

// Exchange UM: the UM commands, and the CN-only rule (UM-02) is the one that speaks.
TEST_F(RoleRules, ExchangeUmRoleUsesUmCommands) {
  profiles::RoleInputs in;
  in.names = {"exch01.contoso.com"};
  auto j = check(Role::kExchangeUm, in, server("mail.contoso.com", {"exch01.contoso.com"}), *ent_);
  ASSERT_EQ(j.profiles.size(), 1U);
  EXPECT_EQ(j.profiles.front().profile_id, "exchange-um-peer");
  const auto* f = find(j, "name.cn-only-mismatch");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(find(j, "role.subject-cn"), nullptr) << describe(j);
}

// Without a role nothing changes: no role.* finding.
TEST_F(RoleRules, NoRoleNoRoleFindings) {
  auto leaf = issue(*pub_, server("sip.contoso.com", {"sip.contoso.com", "*.contoso.com"}));
  evidence::TrustInputs trust;
  trust.public_roots = {pub_->root.cert};
  auto j = judge_for(evidence({&leaf, &pub_->intermediate}, "sip.contoso.com"), {"lync-desktop"}, trust);
  for (const auto& f : j.findings) EXPECT_NE(f.id.rfind("role.", 0), 0U) << f.id;
  for (const auto* id : {"role.missing-name", "role.optional-name", "role.wildcard-not-allowed", "role.subject-cn"})
    EXPECT_NE(std::find(j.not_applicable.begin(), j.not_applicable.end(), id), j.not_applicable.end()) << id;
}

}  // namespace
}  // namespace uccert::testing
