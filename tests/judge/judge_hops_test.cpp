// The autodiscover walk (RP-04, MOB-04): the certificates of redirect targets and linked web
// services URLs are judged for the clients whose profile walks autodiscover, and a hop that fails
// or warns is a finding on the target naming the hop's URL.
#include <gtest/gtest.h>

#include "fixtures/rules_fixtures.h"

namespace uccert::testing {
namespace {

using rules::Severity;
using rules::Verdict;

struct Walk {
  Ca public_ca = make_ca("Public Trust", 2);
  Ca internal_ca = make_ca("Contoso Internal", 3);
  lab::Minted discover = issue(public_ca, server("lyncdiscover.contoso.com", {"lyncdiscover.contoso.com"}));
  lab::Minted internal_hop = issue(internal_ca, server("webext2.contoso.com", {"webext2.contoso.com"}), 1);
  lab::Minted public_hop = issue(public_ca, server("webext.contoso.com", {"webext.contoso.com"}), 2);
  evidence::TrustInputs trust;
  Walk() {
    trust.public_roots = {public_ca.root.cert};
    trust.enterprise_roots = {internal_ca.root.cert};
  }
  evidence::Evidence with_hop(const lab::Minted& leaf, const Ca& ca, const std::string& host) const {
    auto ev = evidence({&discover, &public_ca.intermediate}, "lyncdiscover.contoso.com");
    ev.endpoint = evidence::EndpointFacts{};
    ev.endpoint->host = "lyncdiscover.contoso.com";
    ev.endpoint->protocol = "https";
    evidence::HopCertificate hop;
    hop.kind = "redirect";
    hop.number = 1;
    hop.via = "redirect 1";
    hop.url = "https://" + host + "/Autodiscover/AutodiscoverService.svc/root";
    hop.host = host;
    hop.port = 443;
    hop.chain = {leaf.cert, ca.intermediate.cert};
    ev.endpoint->hops.push_back(hop);
    return ev;
  }
};

const Walk& walk() {
  static const Walk w;
  return w;
}

TEST(JudgeHops, ARedirectTargetFromTheInternalCaFailsTheMobileClientsOnly) {
  const auto& w = walk();
  auto j = judge_for(w.with_hop(w.internal_hop, w.internal_ca, "webext2.contoso.com"),
                     {"lync-desktop", "mobile-ios", "mobile-android", "browser"}, w.trust);
  const auto* f = find(j, "autodiscover.hop-certificate", "mobile-ios");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kFail);
  EXPECT_EQ(f->profiles, (std::vector<std::string>{"mobile-ios", "mobile-android"}));
  EXPECT_EQ(f->details.at("url"), "https://webext2.contoso.com/Autodiscover/AutodiscoverService.svc/root");
  EXPECT_EQ(f->details.at("hop"), "redirect 1");
  EXPECT_EQ(f->details.at("host"), "webext2.contoso.com");
  EXPECT_EQ(f->details.at("hop_verdict"), "fail");
  EXPECT_NE(f->details.at("hop_findings").find("trust.mobile-root-missing"), std::string::npos)
      << f->details.at("hop_findings");
  EXPECT_NE(f->message.find("https://webext2.contoso.com/Autodiscover/AutodiscoverService.svc/root (redirect 1)"),
            std::string::npos)
      << f->message;
  EXPECT_EQ(verdict(j, "mobile-ios"), Verdict::kFail);
  EXPECT_EQ(verdict(j, "mobile-android"), Verdict::kFail);
  // The desktop and the browser do not walk autodiscover: the target alone is theirs.
  EXPECT_EQ(verdict(j, "lync-desktop"), Verdict::kPass) << describe(j);
  EXPECT_EQ(verdict(j, "browser"), Verdict::kPass) << describe(j);
}

TEST(JudgeHops, AGoodRedirectTargetAddsNothing) {
  const auto& w = walk();
  auto j = judge_for(w.with_hop(w.public_hop, w.public_ca, "webext.contoso.com"), {"mobile-ios", "mobile-android"},
                     w.trust);
  EXPECT_EQ(find(j, "autodiscover.hop-certificate"), nullptr) << describe(j);
  EXPECT_EQ(j.worst(), Verdict::kPass) << describe(j);
}

TEST(JudgeHops, TheHopIsJudgedForItsOwnHostAndAnUnreachedHopIsNotJudged) {
  const auto& w = walk();
  // The public certificate of webext.contoso.com at a URL on another host: the name fails.
  auto ev = w.with_hop(w.public_hop, w.public_ca, "webext3.contoso.com");
  auto j = judge_for(ev, {"mobile-ios"}, w.trust);
  const auto* f = find(j, "autodiscover.hop-certificate", "mobile-ios");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_NE(f->details.at("hop_findings").find("name.mismatch"), std::string::npos) << f->details.at("hop_findings");
  ev.endpoint->hops[0].chain.clear();
  ev.endpoint->hops[0].error = "connect: connection refused";
  auto unreached = judge_for(ev, {"mobile-ios"}, w.trust);
  EXPECT_EQ(find(unreached, "autodiscover.hop-certificate"), nullptr) << describe(unreached);
}

TEST(JudgeHops, AClientWithTheKnobTakesPartWhateverItsId) {
  const auto& w = walk();
  const auto ev = w.with_hop(w.internal_hop, w.internal_ca, "webext2.contoso.com");
  const auto* browser = profiles::builtin_profiles().find("browser");
  ASSERT_NE(browser, nullptr);
  auto profile = *browser;
  profile.id = "my-walker";
  profile.walks_autodiscover = true;
  rules::JudgeOptions options;
  options.at = kAt;
  evidence::TrustInputs public_only;  // the internal CA's root not installed: the hop is not trusted
  public_only.public_roots = w.trust.public_roots;
  const auto j = judge::judge(ev, {&profile}, public_only, options);
  EXPECT_NE(find(j, "autodiscover.hop-certificate", "my-walker"), nullptr) << describe(j);
}

}  // namespace
}  // namespace uccert::testing
