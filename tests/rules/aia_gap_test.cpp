// chain.incomplete for a client that fetches intermediates (aia = "fetch") follows what acquire
// fetched: a warning naming the URL when it gave the issuer, a failure saying why when it did
// not, and a warning "not fetched: unverified" when it was not tried; clients that do not fetch
// fail in every case.
#include <gtest/gtest.h>

#include "fixtures/rules_fixtures.h"

namespace uccert::testing {
namespace {

using rules::Severity;

struct Case {
  Ca ca = make_ca("AIA Gap", 3);
  lab::Minted leaf = issue(ca, server("sip.contoso.com", {"sip.contoso.com"}));
  evidence::TrustInputs trust() const {
    evidence::TrustInputs t;
    t.public_roots = {ca.root.cert};
    t.enterprise_roots = {ca.root.cert};
    return t;
  }
  std::string url() const { return leaf.cert->authority_info_access.ca_issuers.at(0); }
};

evidence::UrlFetch fetch(const std::string& url, evidence::FetchOutcome outcome, const std::string& detail) {
  evidence::UrlFetch f;
  f.purpose = "aia";
  f.url = url;
  f.outcome = outcome;
  f.detail = detail;
  return f;
}

TEST(AiaGap, FetchedIssuerIsAWarningWithTheUrlForWindowsOnly) {
  Case c;
  auto ev = evidence({&c.leaf}, "sip.contoso.com");
  ev.aia_fetched = {c.ca.intermediate.cert};
  ev.fetches = {fetch(c.url(), evidence::FetchOutcome::kFetched, c.url() + ": CN=...")};
  ev.fetch_mode = evidence::FetchMode::kOnline;
  auto j = judge_for(ev, {"lync-desktop", "mobile-ios"}, c.trust());
  const auto* desktop = find(j, "chain.incomplete", "lync-desktop");
  ASSERT_NE(desktop, nullptr) << describe(j);
  EXPECT_EQ(desktop->severity, Severity::kWarn);
  EXPECT_NE(desktop->message.find("from " + c.url() + " (fetched)"), std::string::npos) << desktop->message;
  const auto* ios = find(j, "chain.incomplete", "mobile-ios");
  ASSERT_NE(ios, nullptr);
  EXPECT_EQ(ios->severity, Severity::kFail);
}

TEST(AiaGap, ADeadUrlFailsForWindowsToo) {
  Case c;
  auto ev = evidence({&c.leaf}, "sip.contoso.com");
  ev.fetches = {fetch(c.url(), evidence::FetchOutcome::kFailed, c.url() + ": cannot connect: connection refused")};
  ev.fetch_mode = evidence::FetchMode::kOnline;
  auto j = judge_for(ev, {"lync-desktop"}, c.trust());
  const auto* f = find(j, "chain.incomplete", "lync-desktop");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kFail);
  EXPECT_NE(f->message.find("cannot fetch it: " + c.url() + ": cannot connect: connection refused"),
            std::string::npos)
      << f->message;
  EXPECT_EQ(f->details.at("aia_error"), c.url() + ": cannot connect: connection refused");
}

TEST(AiaGap, NotTriedIsAnUnverifiedWarning) {
  Case c;
  auto ev = evidence({&c.leaf}, "sip.contoso.com");
  ev.fetches = {fetch(c.url(), evidence::FetchOutcome::kNotFetched, "not fetched (--offline): unverified")};
  ev.fetch_mode = evidence::FetchMode::kOffline;
  auto j = judge_for(ev, {"lync-desktop"}, c.trust());
  const auto* f = find(j, "chain.incomplete", "lync-desktop");
  ASSERT_NE(f, nullptr) << describe(j);
  EXPECT_EQ(f->severity, Severity::kWarn);
  EXPECT_NE(f->message.find("(not fetched: unverified)"), std::string::npos) << f->message;
}

}  // namespace
}  // namespace uccert::testing
