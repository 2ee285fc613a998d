// Fix text names the real issuer and the right server: -CA is the CA that issued the leaf (found by
// name and signature, not the certificate sent second), and a certificate that is not the pool's
// is never assigned as the Front End's Default (PS-01..PS-05, PS-08; FE-01, EDGE-01..07, CAS-01).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "fixtures/rules_fixtures.h"
#include "uccert/rules/fix_text.h"

namespace uccert::testing {
namespace {

using rules::Severity;
using rules::Verdict;

constexpr pki::UnixTime kDay = 86400;

// Root -> "Contoso Policy CA" -> "Contoso Issuing CA" -> leaf: two intermediates to send in the
// wrong order.
struct ThreeTier {
  lab::Minted root;
  lab::Minted policy;
  lab::Minted issuing;
};

ThreeTier make_three_tier() {
  auto root_spec = lab::root_ca_spec("Contoso Root CA", "Contoso");
  root_spec.not_before = kAt - 3650 * kDay;
  root_spec.not_after = kAt + 3650 * kDay;
  auto root = lab::mint(root_spec, lab::KeyPair::cached(lab::KeySpec::rsa(2048), 130));
  auto policy_spec = lab::intermediate_ca_spec("Contoso Policy CA", "Contoso", 1);
  policy_spec.not_before = kAt - 1000 * kDay;
  policy_spec.not_after = kAt + 2000 * kDay;
  policy_spec.crl_urls = {std::string(lab::kLabCrlUrl)};
  auto policy = lab::mint(policy_spec, lab::KeyPair::cached(lab::KeySpec::rsa(2048), 131), &root);
  auto issuing_spec = lab::intermediate_ca_spec("Contoso Issuing CA", "Contoso");
  issuing_spec.not_before = kAt - 900 * kDay;
  issuing_spec.not_after = kAt + 1900 * kDay;
  issuing_spec.crl_urls = {std::string(lab::kLabCrlUrl)};
  auto issuing = lab::mint(issuing_spec, lab::KeyPair::cached(lab::KeySpec::rsa(2048), 132), &policy);
  return {std::move(root), std::move(policy), std::move(issuing)};
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The role blocks of a fix that lists several ("# On <role>:" then its commands), in order.
std::vector<std::string> role_blocks(const std::string& fix) {
  std::vector<std::string> blocks;
  const std::string mark = "\n# On ";
  auto at = fix.find(mark);
  while (at != std::string::npos) {
    const auto body = fix.find('\n', at + 1);
    const auto next = fix.find(mark, at + 1);
    if (body == std::string::npos) break;
    // The full-chain fix ends with the common openssl line after the last block.
    auto end = next == std::string::npos ? fix.find("\nopenssl s_client", body) : next;
    blocks.push_back(fix.substr(body + 1, end == std::string::npos ? std::string::npos : end - body - 1));
    at = next;
  }
  return blocks;
}

class FixDestination : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tier_ = new ThreeTier(make_three_tier());
    pub_ = new Ca(make_ca("Public Trust", 2));
    ent_ = new Ca(make_ca("Contoso Enterprise", 1));
  }
  static void TearDownTestSuite() {
    delete tier_;
    delete pub_;
    delete ent_;
    tier_ = nullptr;
    pub_ = ent_ = nullptr;
  }
  static ThreeTier* tier_;
  static Ca* pub_;
  static Ca* ent_;
};
ThreeTier* FixDestination::tier_ = nullptr;
Ca* FixDestination::pub_ = nullptr;
Ca* FixDestination::ent_ = nullptr;

// Sent leaf, policy CA, issuing CA: the certificate sent second did not issue the leaf, so -CA
// names the issuing CA, found by name and signature.
TEST_F(FixDestination, CaIsTheLeafsRealIssuerWhenIntermediatesAreSentOutOfOrder) {
  auto leaf = lab::mint(server("pool.contoso.com", {"pool.contoso.com"}),
                        lab::KeyPair::cached(lab::KeySpec::rsa(2048), 0), &tier_->issuing);
  evidence::TrustInputs t;
  t.enterprise_roots = {tier_->root.cert};
  const auto ev = evidence({&leaf, &tier_->policy, &tier_->issuing}, "sip.contoso.com");
  EXPECT_EQ(rules::fix::issuing_ca_name(ev, t), "Contoso Issuing CA");

  auto j = judge_for(ev, {"lync-desktop", "phone-edition", "mobile-ios"}, t);
  const auto* f = find(j, "name.mismatch", "lync-desktop");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_NE(f->fix.find("-CA \"<CA server FQDN>\\Contoso Issuing CA\""), std::string::npos) << f->fix;
  EXPECT_EQ(f->fix.find("Contoso Policy CA"), std::string::npos) << f->fix;
  // The order itself: a note for Windows, which builds any order; a warning for devices.
  const auto* order = find(j, "chain.order", "lync-desktop");
  ASSERT_NE(order, nullptr) << describe(j);
  EXPECT_EQ(order->severity, Severity::kInfo);
  const auto* phone_order = find(j, "chain.order", "phone-edition");
  ASSERT_NE(phone_order, nullptr) << describe(j);
  EXPECT_EQ(phone_order->severity, Severity::kWarn);
  EXPECT_EQ(verdict(j, "lync-desktop"), Verdict::kFail) << describe(j);  // the name
  EXPECT_EQ(verdict(j, "mobile-ios"), Verdict::kFail) << describe(j);
}

// The issuer is not sent at all: found among the trust inputs, else named as the leaf states it.
TEST_F(FixDestination, CaFromTrustInputsOrTheLeafsIssuerName) {
  auto leaf = issue(*ent_, server("pool.contoso.com", {"pool.contoso.com"}));
  const auto ev = evidence({&leaf}, "pool.contoso.com");
  evidence::TrustInputs t;
  t.enterprise_roots = {ent_->root.cert, ent_->intermediate.cert};
  EXPECT_EQ(rules::fix::issuing_ca_name(ev, t), "Contoso Enterprise Issuing CA");
  EXPECT_EQ(rules::fix::issuing_ca_name(ev, {}), "Contoso Enterprise Issuing CA");
  // Sent after an unrelated CA certificate: still its own issuer.
  const auto shuffled = evidence({&leaf, &pub_->intermediate, &ent_->intermediate}, "pool.contoso.com");
  EXPECT_EQ(rules::fix::issuing_ca_name(shuffled, {}), "Contoso Enterprise Issuing CA");
}

// An Exchange certificate from a public CA while the pool's is given: the Front End's Default is
// never the fix; Exchange's own cmdlets are.
TEST_F(FixDestination, ExchangeCertificateIsNeverAssignedAsTheFrontEndsDefault) {
  auto pool = issue(*ent_, server("pool.contoso.com", {"pool.contoso.com"}), 1);
  auto mail = issue(*pub_, server("mail.contoso.com", {"mail.contoso.com", "autodiscover.contoso.com"}));
  evidence::TrustInputs t;
  t.public_roots = {pub_->root.cert};
  t.enterprise_roots = {ent_->root.cert};
  t.pool_chain = {pool.cert, ent_->intermediate.cert};
  // Sent without its intermediate, dialled under a name it does not carry.
  auto j = judge_for(evidence({&mail}, "owa.contoso.com"), {"lync-desktop", "mobile-ios", "phone-edition"}, t);
  for (const char* id : {"chain.incomplete", "name.mismatch"}) {
    const auto* f = find(j, id, "mobile-ios");
    ASSERT_NE(f, nullptr) << id << "\n" << describe(j);
    EXPECT_EQ(f->fix.find("-Type Default"), std::string::npos) << id << ":\n" << f->fix;
    EXPECT_NE(f->fix.find("# On Exchange Client Access (OWA, EWS, Autodiscover):"), std::string::npos) << f->fix;
    EXPECT_NE(f->fix.find("-Type AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication"), std::string::npos)
        << f->fix;
  }
  const auto* chain = find(j, "chain.incomplete", "mobile-ios");
  EXPECT_NE(chain->fix.find("Import-ExchangeCertificate -FileData"), std::string::npos) << chain->fix;
  EXPECT_NE(chain->fix.find("Enable-ExchangeCertificate -Thumbprint " + mail.cert->sha1_thumbprint + " -Services IIS"),
            std::string::npos)
      << chain->fix;
  const auto* name = find(j, "name.mismatch", "mobile-ios");
  EXPECT_NE(name->fix.find("New-ExchangeCertificate -GenerateRequest -SubjectName \"CN=owa.contoso.com\" -DomainName "
                           "\"owa.contoso.com\",\"mail.contoso.com\",\"autodiscover.contoso.com\""),
            std::string::npos)
      << name->fix;
  // The Edge requests offline: the request file goes to the CA that issued the certificate.
  EXPECT_NE(name->fix.find("# send the request to Public Trust Issuing CA"), std::string::npos) << name->fix;
  EXPECT_EQ(verdict(j, "mobile-ios"), Verdict::kFail) << describe(j);
  EXPECT_EQ(verdict(j, "phone-edition"), Verdict::kFail) << describe(j);  // LPE-02: another CA
}

// Without --pool-cert the role is unknown: every role's commands, labelled, shortest first; the
// Front End's Default only as one of them.
TEST_F(FixDestination, UnknownRoleListsEveryRoleShortestFirst) {
  auto leaf = issue(*pub_, server("sip.contoso.com", {"sip.contoso.com"}));
  evidence::TrustInputs t;
  t.public_roots = {pub_->root.cert};
  auto j = judge_for(evidence({&leaf}, "sip.contoso.com"), {"mobile-ios"}, t);
  const auto* f = find(j, "chain.incomplete", "mobile-ios");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_NE(f->fix.find("not known here"), std::string::npos) << f->fix;
  for (const char* label : {"# On a Front End pool or Director", "# On an Edge Server, external interface",
                            "# On an Edge Server, internal interface", "# On Exchange Client Access",
                            "# On a reverse proxy"})
    EXPECT_EQ(count(f->fix, label), 1U) << label << "\n" << f->fix;
  EXPECT_EQ(count(f->fix, "-Type Default,WebServicesInternal,WebServicesExternal"), 1U) << f->fix;
  const auto blocks = role_blocks(f->fix);
  ASSERT_EQ(blocks.size(), 5U) << f->fix;
  for (std::size_t i = 1; i < blocks.size(); ++i)
    EXPECT_LE(blocks[i - 1].size(), blocks[i].size()) << "block " << i << " of\n" << f->fix;
  // The Front End's block is the one with its Default types, and it names the leaf's thumbprint.
  const auto fe = std::find_if(blocks.begin(), blocks.end(), [](const std::string& b) {
    return b.find("-Type Default,") != std::string::npos;
  });
  ASSERT_NE(fe, blocks.end());
  EXPECT_NE(fe->find(leaf.cert->sha1_thumbprint), std::string::npos) << *fe;
  EXPECT_NE(f->fix.find("openssl s_client -connect sip.contoso.com:443 -showcerts"), std::string::npos) << f->fix;
}

// The pool certificate itself (--pool-cert is the target): the Front End's commands only.
TEST_F(FixDestination, PoolCertificateGetsOnlyTheFrontEndsCommands) {
  auto pool = issue(*ent_, server("pool.contoso.com", {"pool.contoso.com"}));
  evidence::TrustInputs t;
  t.enterprise_roots = {ent_->root.cert};
  t.pool_chain = {pool.cert, ent_->intermediate.cert};
  auto j = judge_for(evidence({&pool, &ent_->intermediate}, "sip.contoso.com"), {"lync-desktop"}, t);
  const auto* f = find(j, "name.mismatch", "lync-desktop");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->fix.find("# On "), std::string::npos) << f->fix;
  EXPECT_NE(f->fix.find("Request-CsCertificate -New -Type Default,WebServicesInternal,WebServicesExternal -CA "
                        "\"<CA server FQDN>\\Contoso Enterprise Issuing CA\""),
            std::string::npos)
      << f->fix;
  EXPECT_EQ(f->fix.find("ExchangeCertificate"), std::string::npos) << f->fix;
  EXPECT_EQ(f->fix.find("AccessEdgeExternal"), std::string::npos) << f->fix;
}

// A certificate an SMTP server presented is Exchange's: its transport commands only.
TEST_F(FixDestination, SmtpEndpointIsExchangeTransport) {
  auto leaf = issue(*pub_, server("mail.contoso.com", {"mail.contoso.com"}));
  auto ev = evidence({&leaf}, "mail.contoso.com");
  ev.endpoint = evidence::EndpointFacts{};
  ev.endpoint->host = "mail.contoso.com";
  ev.endpoint->port = 25;
  ev.endpoint->protocol = "smtp";
  evidence::TrustInputs t;
  t.public_roots = {pub_->root.cert};
  auto j = judge_for(ev, {"mobile-ios"}, t);
  const auto* f = find(j, "chain.incomplete", "mobile-ios");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->fix.find("CsCertificate"), std::string::npos) << f->fix;
  EXPECT_NE(f->fix.find("Enable-ExchangeCertificate -Thumbprint " + leaf.cert->sha1_thumbprint + " -Services SMTP"),
            std::string::npos)
      << f->fix;
  EXPECT_NE(f->fix.find("openssl s_client -connect mail.contoso.com:25"), std::string::npos) << f->fix;
}

// Exchange UM sends its full chain after an Exchange import and enable, never a Lync cmdlet.
TEST_F(FixDestination, ExchangeUmFullChainUsesExchangeCmdlets) {
  auto leaf = issue(*ent_, server("exch01.contoso.com", {"exch01.contoso.com"}));
  evidence::TrustInputs t;
  t.enterprise_roots = {ent_->root.cert};
  auto j = judge_for(evidence({&leaf}, "exch01.contoso.com"), {"exchange-um-peer"}, t);
  const auto* f = find(j, "chain.incomplete", "exchange-um-peer");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_NE(f->fix.find("Import-ExchangeCertificate -FileData"), std::string::npos) << f->fix;
  EXPECT_NE(f->fix.find("Enable-ExchangeCertificate -Thumbprint " + leaf.cert->sha1_thumbprint +
                        " -Services UM,UMCallRouter"),
            std::string::npos)
      << f->fix;
  EXPECT_EQ(f->fix.find("CsCertificate"), std::string::npos) << f->fix;
}

}  // namespace
}  // namespace uccert::testing
