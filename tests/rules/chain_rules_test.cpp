// chain.* rules: what the server sends (K-08, S-10).
#include <gtest/gtest.h>

#include <algorithm>

#include "fixtures/rules_fixtures.h"
#include "uccert/pki/chain_order.h"
#include "uccert/rules/chain_shape.h"
#include "uccert/verify/problem_ids.h"

namespace uccert::testing {
namespace {

using rules::Severity;
using rules::Verdict;

class ChainRules : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pub_ = new Ca(make_ca("Public Trust", 2));
    bare_ = new Ca(make_ca("Bare", 3, /*with_aia=*/false));
  }
  static void TearDownTestSuite() {
    delete pub_;
    delete bare_;
    pub_ = bare_ = nullptr;
  }
  static evidence::TrustInputs trust() {
    evidence::TrustInputs t;
    t.public_roots = {pub_->root.cert, bare_->root.cert};
    return t;
  }
  static Ca* pub_;
  static Ca* bare_;
};
Ca* ChainRules::pub_ = nullptr;
Ca* ChainRules::bare_ = nullptr;

// The fix is done on the server the client talks to: Exchange UM for the UM peer, the SBC itself
// for Direct Routing; never Set-CsCertificate with their thumbprint.
TEST_F(ChainRules, FixForAMissingIntermediateNamesTheServersOwnCommands) {
  auto leaf = issue(*pub_, server("exch01.contoso.com", {"exch01.contoso.com"}));
  evidence::TrustInputs t = trust();
  t.enterprise_roots = {pub_->root.cert};
  auto j = judge_for(evidence({&leaf}, "exch01.contoso.com"),
                     {"exchange-um-peer", "teams-direct-routing", "mobile-ios"}, t);
  const auto* um = find(j, "chain.incomplete", "exchange-um-peer");
  ASSERT_NE(um, nullptr) << describe(j);
  EXPECT_EQ(um->fix.find("Set-CsCertificate"), std::string::npos) << um->fix;
  EXPECT_EQ(um->fix.find("RTCSRV"), std::string::npos) << um->fix;
  EXPECT_NE(um->fix.find("Restart-Service MSExchangeUM, MSExchangeUMCR"), std::string::npos) << um->fix;
  EXPECT_NE(um->fix.find("openssl s_client -connect exch01.contoso.com:5061"), std::string::npos) << um->fix;
  const auto* sbc = find(j, "chain.incomplete", "teams-direct-routing");
  ASSERT_NE(sbc, nullptr) << describe(j);
  EXPECT_EQ(sbc->fix.rfind("On the SBC", 0), 0U) << sbc->fix;
  EXPECT_EQ(sbc->fix.find("Set-CsCertificate"), std::string::npos) << sbc->fix;
  const auto* ios = find(j, "chain.incomplete", "mobile-ios");
  ASSERT_NE(ios, nullptr) << describe(j);
  EXPECT_NE(ios->fix.find("Set-CsCertificate"), std::string::npos) << ios->fix;  // a Lync server by default
  EXPECT_NE(ios->fix.find(":443 -showcerts"), std::string::npos) << ios->fix;
}

// S-10: the Edge sends only the leaf.
TEST_F(ChainRules, LeafWithoutIntermediateFailsMobileWarnsWindows) {
  auto leaf = issue(*pub_, server("sip.contoso.com", {"sip.contoso.com"}));
  auto j = judge_for(evidence({&leaf}, "sip.contoso.com"), {"mobile-ios", "lync-desktop", "phone-edition"}, trust());
  const auto* ios = find(j, "chain.incomplete", "mobile-ios");
  ASSERT_NE(ios, nullptr) << describe(j);
  EXPECT_EQ(ios->severity, Severity::kFail);
  EXPECT_EQ(ios->details.at("missing_issuer"), pub_->intermediate.cert->subject.text);
  EXPECT_EQ(ios->details.at("aia_url"), std::string(lab::kLabAiaUrl));
  EXPECT_NE(std::find(ios->problems.begin(), ios->problems.end(), verify::problem::kChainMissingIssuer),
            ios->problems.end());
  EXPECT_NE(ios->fix.find("Import-CsCertificate -Path"), std::string::npos);
  EXPECT_NE(ios->fix.find("Set-CsCertificate -Type Default,WebServicesInternal,WebServicesExternal -Thumbprint " +
                          leaf.cert->sha1_thumbprint),
            std::string::npos)
      << ios->fix;
  const auto* win = find(j, "chain.incomplete", "lync-desktop");
  ASSERT_NE(win, nullptr);
  EXPECT_EQ(win->severity, Severity::kWarn);
  EXPECT_EQ(verdict(j, "lync-desktop"), Verdict::kWarn) << describe(j);
  EXPECT_EQ(verdict(j, "mobile-ios"), Verdict::kFail);
  EXPECT_EQ(verdict(j, "phone-edition"), Verdict::kFail);
  // Not also reported as an untrusted root or a raw path problem.
  EXPECT_EQ(find(j, "trust.mobile-root-missing"), nullptr) << describe(j);
  EXPECT_EQ(find(j, "path.chain.missing-issuer"), nullptr) << describe(j);
}

TEST_F(ChainRules, WindowsFailsTooWhenThereIsNoAiaUrl) {
  auto spec = server("sip.contoso.com", {"sip.contoso.com"});
  spec.ca_issuers_urls.clear();
  auto leaf = issue(*bare_, spec);
  auto j = judge_for(evidence({&leaf}, "sip.contoso.com"), {"lync-desktop"}, trust());
  const auto* f = find(j, "chain.incomplete", "lync-desktop");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kFail);
}

TEST_F(ChainRules, AiaFetchedIntermediateIsUsedByWindowsOnly) {
  auto leaf = issue(*pub_, server("sip.contoso.com", {"sip.contoso.com"}));
  auto ev = evidence({&leaf}, "sip.contoso.com");
  ev.aia_fetched = {pub_->intermediate.cert};
  auto j = judge_for(ev, {"lync-desktop", "mobile-ios"}, trust());
  const auto* win = find(j, "chain.incomplete", "lync-desktop");
  ASSERT_NE(win, nullptr) << describe(j);
  EXPECT_EQ(win->severity, Severity::kWarn);
  EXPECT_TRUE(j.find("lync-desktop")->path.valid());
  EXPECT_FALSE(j.find("mobile-ios")->path.valid());
}

TEST_F(ChainRules, FullChainIsComplete) {
  auto leaf = issue(*pub_, server("sip.contoso.com", {"sip.contoso.com"}));
  auto j = judge_for(evidence({&leaf, &pub_->intermediate}, "sip.contoso.com"), {"mobile-ios", "lync-desktop"}, trust());
  EXPECT_EQ(find(j, "chain.incomplete"), nullptr) << describe(j);
  EXPECT_EQ(find(j, "chain.order"), nullptr);
  EXPECT_EQ(find(j, "chain.root-sent"), nullptr);
  EXPECT_EQ(find(j, "chain.extra-certificate"), nullptr);
  EXPECT_EQ(find(j, "chain.empty"), nullptr);
  EXPECT_EQ(verdict(j, "mobile-ios"), Verdict::kPass) << describe(j);
}

// The authority key identifier is a hint (RFC 5280 4.2.1.1): a leaf whose AKI names another key
// but whose signature verifies under the intermediate sent is issued by it, as Chrome builds it.
TEST_F(ChainRules, AkiMismatchWithAVerifyingSignatureIsStillComplete) {
  auto spec = server("sip.contoso.com", {"sip.contoso.com"});
  spec.authority_key_id = pki::Bytes(20, 0x5a);
  auto leaf = issue(*pub_, spec);
  ASSERT_NE(leaf.cert->authority_key_id, pub_->intermediate.cert->subject_key_id);
  const std::vector<std::string> clients{"browser", "mobile-ios", "lync-desktop"};
  auto j = judge_for(evidence({&leaf, &pub_->intermediate}, "sip.contoso.com"), clients, trust());
  EXPECT_EQ(find(j, "chain.incomplete"), nullptr) << describe(j);
  EXPECT_EQ(find(j, "chain.order"), nullptr) << describe(j);
  EXPECT_EQ(find(j, "chain.extra-certificate"), nullptr) << describe(j);
  for (const auto& client : clients) {
    EXPECT_TRUE(j.find(client)->path.valid()) << client;
    EXPECT_EQ(verdict(j, client), Verdict::kPass) << client << ": " << describe(j);
  }
  const auto shape = rules::analyse_chain({leaf.cert, pub_->intermediate.cert});
  EXPECT_EQ(shape.issuer_index[0], std::optional<std::size_t>(1));
  EXPECT_EQ(shape.linked, (std::vector<std::size_t>{0, 1}));
  EXPECT_TRUE(shape.in_order);
}

// Names alone do not make an issuer: a CA of the same name with another key (AKI disagreeing,
// signature failing) did not issue the leaf, so the chain is still incomplete.
TEST_F(ChainRules, SameNameOtherKeyIsNotTheIssuer) {
  auto leaf = issue(*pub_, server("sip.contoso.com", {"sip.contoso.com"}));
  // make_ca's intermediate name, on another key.
  auto impostor = lab::mint(lab::intermediate_ca_spec("Public Trust Issuing CA", "Public Trust"),
                            lab::KeyPair::cached(lab::KeySpec::rsa(2048), 9), &pub_->root);
  ASSERT_EQ(impostor.cert->subject.canonical, leaf.cert->issuer.canonical) << leaf.cert->issuer.text;
  const auto shape = rules::analyse_chain({leaf.cert, impostor.cert});
  EXPECT_EQ(shape.issuer_index[0], std::nullopt);
  EXPECT_TRUE(shape.issuer_missing);
  EXPECT_EQ(shape.top, 0U);
  EXPECT_FALSE(pki::issued_by(*leaf.cert, *impostor.cert));
  EXPECT_TRUE(pki::issued_by(*leaf.cert, *pub_->intermediate.cert));
}

// What Chrome refuses breaks the browser (the reference), not the clients that tolerate it: a
// critical authorityInfoAccess on the leaf, an empty subject with a non-critical SAN.
TEST_F(ChainRules, ExtensionsChromeRefusesFailTheBrowserOnly) {
  // authorityInfoAccess with one caIssuers URI http://127.0.0.1:1/ca.crt (DER).
  const pki::Bytes aia{0x30, 0x27, 0x30, 0x25, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02, 0x86, 0x19,
                       'h',  't',  't',  'p',  ':',  '/',  '/',  '1',  '2',  '7',  '.',  '0',  '.',  '0',  '.',  '1',
                       ':',  '1',  '/',  'c',  'a',  '.',  'c',  'r',  't'};
  auto critical_aia = server("sip.contoso.com", {"sip.contoso.com"});
  critical_aia.ca_issuers_urls.clear();
  critical_aia.extra_extensions.push_back({"1.3.6.1.5.5.7.1.1", true, aia});
  auto empty_subject = server("sip.contoso.com", {"sip.contoso.com"});
  empty_subject.subject.clear();
  const std::pair<lab::CertSpec, std::string> cases[] = {{critical_aia, "path.ext.aia-critical"},
                                                         {empty_subject, "path.ext.san-not-critical"}};
  for (const auto& [spec, id] : cases) {
    auto leaf = issue(*pub_, spec);
    auto j = judge_for(evidence({&leaf, &pub_->intermediate}, "sip.contoso.com"), {"browser", "lync-desktop"}, trust());
    const auto* f = find(j, id, "browser");
    ASSERT_NE(f, nullptr) << id << ": " << describe(j);
    EXPECT_EQ(f->severity, Severity::kFail);
    EXPECT_EQ(verdict(j, "browser"), Verdict::kFail) << id << ": " << describe(j);
    EXPECT_FALSE(j.find("browser")->path.valid());
    EXPECT_TRUE(j.find("lync-desktop")->path.valid()) << id;
    const auto* note = find(j, id, "lync-desktop");
    ASSERT_NE(note, nullptr) << id << ": " << describe(j);
    EXPECT_EQ(note->severity, Severity::kInfo);
  }
}

// Chrome enforces anchor constraints: a trusted root with an unknown critical extension breaks
// the browser; Windows trusts the root as configured.
TEST(ChainRulesAnchor, UnknownCriticalExtensionOnTheRootFailsTheBrowser) {
  auto root_spec = lab::root_ca_spec("Odd Root CA", "Odd");
  root_spec.not_before = kAt - 3650 * lab::kDay;
  root_spec.not_after = kAt + 3650 * lab::kDay;
  root_spec.extra_extensions.push_back({"1.3.6.1.4.1.55555.1", true, pki::Bytes{0x05, 0x00}});
  auto root = lab::mint(root_spec, lab::KeyPair::cached(lab::KeySpec::rsa(2048), 120));
  auto int_spec = lab::intermediate_ca_spec("Odd Issuing CA", "Odd");
  int_spec.not_before = kAt - 1000 * lab::kDay;
  int_spec.not_after = kAt + 2000 * lab::kDay;
  Ca odd{root, lab::mint(int_spec, lab::KeyPair::cached(lab::KeySpec::rsa(2048), 121), &root)};
  auto leaf = issue(odd, server("sip.contoso.com", {"sip.contoso.com"}));
  evidence::TrustInputs t;
  t.public_roots = {odd.root.cert};
  t.enterprise_roots = {odd.root.cert};
  auto j = judge_for(evidence({&leaf, &odd.intermediate}, "sip.contoso.com"), {"browser", "lync-desktop"}, t);
  const auto* f = find(j, "path.ext.unknown-critical", "browser");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kFail);
  EXPECT_EQ(verdict(j, "browser"), Verdict::kFail) << describe(j);
  EXPECT_TRUE(j.find("lync-desktop")->path.valid()) << describe(j);
}

TEST_F(ChainRules, RootSentIsInformation) {
  auto leaf = issue(*pub_, server("sip.contoso.com", {"sip.contoso.com"}));
  auto j = judge_for(evidence({&leaf, &pub_->intermediate, &pub_->root}, "sip.contoso.com"), {"mobile-ios"}, trust());
  const auto* f = find(j, "chain.root-sent", "mobile-ios");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kInfo);
  EXPECT_EQ(f->cert_index, 2);
  EXPECT_EQ(verdict(j, "mobile-ios"), Verdict::kPass) << describe(j);
}

TEST_F(ChainRules, WrongOrderWarnsDevicesInformsWindows) {
  auto leaf = issue(*pub_, server("sip.contoso.com", {"sip.contoso.com"}));
  auto j = judge_for(evidence({&leaf, &pub_->root, &pub_->intermediate}, "sip.contoso.com"),
                 {"mobile-ios", "lync-desktop"}, trust());
  const auto* ios = find(j, "chain.order", "mobile-ios");
  ASSERT_NE(ios, nullptr) << describe(j);
  EXPECT_EQ(ios->severity, Severity::kWarn);
  const auto* win = find(j, "chain.order", "lync-desktop");
  ASSERT_NE(win, nullptr);
  EXPECT_EQ(win->severity, Severity::kInfo);
}

TEST_F(ChainRules, UnrelatedAndDuplicateCertificatesAreReported) {
  auto leaf = issue(*pub_, server("sip.contoso.com", {"sip.contoso.com"}));
  auto j = judge_for(evidence({&leaf, &pub_->intermediate, &pub_->intermediate, &bare_->intermediate}, "sip.contoso.com"),
                 {"lync-desktop"}, trust());
  int extra = 0;
  for (const auto& f : j.findings)
    if (f.id == "chain.extra-certificate") ++extra;
  EXPECT_EQ(extra, 2) << describe(j);
}

TEST_F(ChainRules, EmptyChainFails) {
  evidence::Evidence ev;
  ev.dialled_name = "sip.contoso.com";
  auto j = judge_for(ev, {"lync-desktop"}, trust());
  ASSERT_NE(find(j, "chain.empty", "lync-desktop"), nullptr) << describe(j);
  EXPECT_EQ(verdict(j, "lync-desktop"), Verdict::kFail);
}

TEST(ChainShape, LeafFirstOrdersAnUnorderedSet) {
  auto ca = make_ca("Public Trust", 2);
  auto leaf = issue(ca, server("sip.contoso.com", {"sip.contoso.com"}));
  auto ordered = pki::leaf_first({ca.root.cert, leaf.cert, ca.intermediate.cert});
  ASSERT_EQ(ordered.size(), 3U);
  EXPECT_EQ(ordered[0], leaf.cert);
  EXPECT_EQ(ordered[1], ca.intermediate.cert);
  EXPECT_EQ(ordered[2], ca.root.cert);
}

}  // namespace
}  // namespace uccert::testing
