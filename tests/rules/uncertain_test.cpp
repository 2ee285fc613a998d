// Conservative readings of undocumented client behaviour (the "(?)" entries of uc-rules): the
// stricter verdict stays, and the finding says so and carries `uncertain` for the clients whose
// profile names the knob in `uncertain`, never for those where the behaviour is documented.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "fixtures/rules_fixtures.h"
#include "uccert/rules/registry.h"

namespace uccert::testing {
namespace {

using rules::Severity;

TEST(Uncertain, SmallRsaKeyIsUncertainForAndroidOnly) {
  auto ca = make_ca("Public Trust", 2);
  auto leaf = lab::mint(server("sip.contoso.com", {"sip.contoso.com"}),
                        lab::KeyPair::cached(lab::KeySpec::rsa(1024), 0), &ca.intermediate);
  evidence::TrustInputs t;
  t.public_roots = {ca.root.cert};
  auto j = judge_for(evidence({&leaf, &ca.intermediate}, "sip.contoso.com"), {"mobile-android", "mobile-ios"}, t);
  const auto* android = find(j, "key.rsa-too-small", "mobile-android");
  const auto* ios = find(j, "key.rsa-too-small", "mobile-ios");
  ASSERT_NE(android, nullptr) << describe(j);
  ASSERT_NE(ios, nullptr) << describe(j);
  // Both fail: the stricter reading is kept where it is a guess (Android, "platform-dependent")
  // and where it is documented (iOS 13+, APPLE13).
  EXPECT_EQ(android->severity, Severity::kFail);
  EXPECT_EQ(ios->severity, Severity::kFail);
  EXPECT_TRUE(android->uncertain);
  EXPECT_NE(android->message.find("Microsoft does not document"), std::string::npos) << android->message;
  EXPECT_FALSE(ios->uncertain);
  EXPECT_EQ(ios->message.find("Microsoft does not document"), std::string::npos) << ios->message;
}

TEST(Uncertain, MissingIntermediateIsUncertainForPhonesAndMobiles) {
  auto ca = make_ca("Public Trust", 2);
  auto leaf = issue(ca, server("sip.contoso.com", {"sip.contoso.com"}));
  evidence::TrustInputs t;
  t.public_roots = {ca.root.cert};
  auto j = judge_for(evidence({&leaf}, "sip.contoso.com"), {"mobile-ios", "mobile-android", "browser"}, t);
  const auto* mobile = find(j, "chain.incomplete", "mobile-ios");
  ASSERT_NE(mobile, nullptr) << describe(j);
  EXPECT_TRUE(mobile->uncertain);
  // One finding for both mobiles: the words do not name the client.
  EXPECT_NE(std::find(mobile->profiles.begin(), mobile->profiles.end(), "mobile-android"), mobile->profiles.end());
  // The browser fetches by AIA here and documents it: whatever it says is not marked.
  for (const auto& f : j.findings) {
    if (std::find(f.profiles.begin(), f.profiles.end(), "browser") != f.profiles.end()) {
      EXPECT_FALSE(f.uncertain) << f.id;
    }
  }
}

// Every knob a built-in profile calls uncertain is read by some rule, so the marker can show.
TEST(Uncertain, EveryUncertainKnobIsReadByARule) {
  std::set<std::string_view> read;
  for (const auto* r : rules::all_rules())
    for (const auto k : r->descriptor.knobs) read.insert(k);
  for (const auto& p : profiles::builtin_profiles().profiles)
    for (const auto& k : p.uncertain) EXPECT_TRUE(read.contains(k)) << p.id << ": " << k;
}

}  // namespace
}  // namespace uccert::testing
