// Findings follow the path each client validates, not the order certificates were sent: a
// certificate a client does not build through (an expired cross-signed root, an old copy of the
// intermediate) is a chain.extra-certificate note for that client; a client that does build
// through it (its only root is the old one) is judged on it.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "fixtures/rules_fixtures.h"
#include "uccert/profiles/client_profile.h"
#include "uccert/rules/chain_shape.h"
#include "uccert/rules/rule.h"

namespace uccert::testing {
namespace {

using rules::Severity;
using rules::Verdict;
constexpr pki::UnixTime kDay = 86400;
const std::string kHost = "sip.contoso.com";

// The Let's Encrypt 2021 situation in miniature: a new root, an old root that expired, the new
// root cross-signed by the old one (expired as well), an intermediate under the new root with an
// expired earlier copy (same name and key), and a leaf.
struct CrossSignedPki {
  lab::Minted new_root;
  lab::Minted old_root;
  lab::Minted cross;  // the new root's name and key, issued by the old root
  lab::Minted intermediate;
  lab::Minted old_intermediate;  // the intermediate's name and key, expired
  lab::Minted leaf;
};

CrossSignedPki make_pki() {
  const auto rsa = lab::KeySpec::rsa(2048);
  auto new_spec = lab::root_ca_spec("Fabrikam Root X1", "Fabrikam Trust");
  new_spec.not_before = kAt - 2000 * kDay;
  new_spec.not_after = kAt + 3000 * kDay;
  auto new_root = lab::mint(new_spec, lab::KeyPair::cached(rsa, 140));

  auto old_spec = lab::root_ca_spec("Fabrikam Legacy Root CA X3", "Fabrikam Legacy");
  old_spec.not_before = kAt - 7000 * kDay;
  old_spec.not_after = kAt - 200 * kDay;
  auto old_root = lab::mint(old_spec, lab::KeyPair::cached(rsa, 141));

  auto cross_spec = new_spec;
  cross_spec.not_before = kAt - 1900 * kDay;
  cross_spec.not_after = kAt - 100 * kDay;
  auto cross = lab::mint(cross_spec, new_root.key, &old_root);

  auto int_spec = lab::intermediate_ca_spec("Fabrikam R3", "Fabrikam Trust");
  int_spec.not_before = kAt - 300 * kDay;
  int_spec.not_after = kAt + 1000 * kDay;
  int_spec.crl_urls = {std::string(lab::kLabCrlUrl)};
  auto intermediate = lab::mint(int_spec, lab::KeyPair::cached(rsa, 142), &new_root);
  auto old_int_spec = int_spec;
  old_int_spec.not_before = kAt - 1500 * kDay;
  old_int_spec.not_after = kAt - 10 * kDay;
  auto old_intermediate = lab::mint(old_int_spec, intermediate.key, &new_root);

  auto leaf = lab::mint(server(kHost, {kHost}), lab::KeyPair::cached(rsa, 143), &intermediate);
  return {std::move(new_root), std::move(old_root),         std::move(cross),
          std::move(intermediate), std::move(old_intermediate), std::move(leaf)};
}

class OffPath : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { pki_ = new CrossSignedPki(make_pki()); }
  static void TearDownTestSuite() {
    delete pki_;
    pki_ = nullptr;
  }
  static evidence::TrustInputs trusting(const lab::Minted& root) {
    evidence::TrustInputs t;
    t.public_roots = {root.cert};
    return t;
  }
  // The client passes on a valid path, with at most notes, and `unused` (certificate `index` as
  // sent) is named for it by chain.extra-certificate, and by nothing worse.
  static void expect_note_only(const judge::Judgement& j, const std::string& client, const lab::Minted& unused,
                               int index) {
    SCOPED_TRACE(client);
    EXPECT_EQ(verdict(j, client), Verdict::kPass) << describe(j);
    EXPECT_TRUE(j.find(client)->path.valid());
    bool named = false;
    for (const auto& f : j.findings) {
      if (std::find(f.profiles.begin(), f.profiles.end(), client) == f.profiles.end()) continue;
      EXPECT_EQ(f.severity, Severity::kInfo) << f.id << ": " << f.message;
      if (f.cert_index != index) continue;
      EXPECT_EQ(f.id, "chain.extra-certificate") << f.message;
      EXPECT_NE(f.message.find(unused.cert->sha1_thumbprint), std::string::npos) << f.message;
      EXPECT_NE(f.message.find("expired on"), std::string::npos) << f.message;
      EXPECT_NE(f.message.find("does not use"), std::string::npos) << f.message;
      named = true;
    }
    EXPECT_TRUE(named) << describe(j);
  }
  static CrossSignedPki* pki_;
};
CrossSignedPki* OffPath::pki_ = nullptr;

const std::vector<std::string> kClients{"browser", "lync-desktop", "mobile-ios"};

// (a) Leaf, intermediate and the expired cross-signed copy of the root, the new root trusted.
TEST_F(OffPath, ExpiredCrossSignedRootNextToAValidPathIsANote) {
  const auto& p = *pki_;
  ASSERT_TRUE(p.cross.cert->subject.canonical == p.new_root.cert->subject.canonical);
  ASSERT_EQ(p.cross.cert->public_key.spki, p.new_root.cert->public_key.spki);
  auto j = judge_for(evidence({&p.leaf, &p.intermediate, &p.cross}, kHost), kClients, trusting(p.new_root));
  for (const auto& client : kClients) expect_note_only(j, client, p.cross, 2);
  EXPECT_EQ(find(j, "time.expired"), nullptr) << describe(j);
  const auto* f = find(j, "chain.extra-certificate", "browser");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("for the same CA and key"), std::string::npos) << f->message;
}

// (b) An expired old copy of the intermediate sent as well, after the valid one or before it.
TEST_F(OffPath, ExpiredOldCopyOfTheIntermediateIsANote) {
  const auto& p = *pki_;
  auto after = judge_for(evidence({&p.leaf, &p.intermediate, &p.old_intermediate}, kHost), kClients,
                         trusting(p.new_root));
  for (const auto& client : kClients) expect_note_only(after, client, p.old_intermediate, 2);
  EXPECT_EQ(find(after, "time.expired"), nullptr) << describe(after);

  // Sent right after the leaf, the old copy is what the presented order links the leaf to; the
  // clients still build through the current one.
  auto before = judge_for(evidence({&p.leaf, &p.old_intermediate, &p.intermediate}, kHost), kClients,
                          trusting(p.new_root));
  for (const auto& client : kClients) expect_note_only(before, client, p.old_intermediate, 1);
  EXPECT_EQ(find(before, "time.expired"), nullptr) << describe(before);
}

// (c) A client whose trust holds only the old root builds through the cross-sign: its expiry
// fails that client.
TEST_F(OffPath, AClientTrustingOnlyTheOldRootIsJudgedOnTheCrossSign) {
  const auto& p = *pki_;
  auto j = judge_for(evidence({&p.leaf, &p.intermediate, &p.cross}, kHost), kClients, trusting(p.old_root));
  for (const auto& client : kClients) {
    SCOPED_TRACE(client);
    EXPECT_EQ(verdict(j, client), Verdict::kFail) << describe(j);
    const auto& path = j.find(client)->path.best.certificates;
    ASSERT_EQ(path.size(), 4U);
    EXPECT_EQ(path[2]->der_sha256, p.cross.cert->der_sha256);
    bool expired_cross = false;
    for (const auto& f : j.findings) {
      if (std::find(f.profiles.begin(), f.profiles.end(), client) == f.profiles.end()) continue;
      if (f.id == "time.expired" && f.cert_index == 2) {
        EXPECT_EQ(f.severity, Severity::kFail);
        expired_cross = true;
      }
      EXPECT_FALSE(f.id == "chain.extra-certificate" && f.cert_index == 2) << "on this client's path: " << f.message;
    }
    EXPECT_TRUE(expired_cross) << describe(j);
  }
}

// Per client in one run: the clients that hold the new root (enterprise roots) pass with a note;
// those that hold only the old one (public roots) fail on the cross-sign's expiry.
TEST_F(OffPath, EachClientIsJudgedOnItsOwnPath) {
  const auto& p = *pki_;
  evidence::TrustInputs t = trusting(p.old_root);
  t.enterprise_roots = {p.new_root.cert};
  auto j = judge_for(evidence({&p.leaf, &p.intermediate, &p.cross}, kHost), {"browser", "mobile-ios"}, t);
  expect_note_only(j, "browser", p.cross, 2);
  const auto* expired = find(j, "time.expired", "mobile-ios");
  ASSERT_NE(expired, nullptr) << describe(j);
  EXPECT_EQ(expired->cert_index, 2);
  EXPECT_EQ(std::find(expired->profiles.begin(), expired->profiles.end(), "browser"), expired->profiles.end());
  EXPECT_EQ(verdict(j, "mobile-ios"), Verdict::kFail);
}

// The rule helpers: the path's certificates with their presented index; the rest, each once.
TEST_F(OffPath, PathAndOffPathCertificatesPartitionThePresentedChain) {
  const auto& p = *pki_;
  auto ev = evidence({&p.leaf, &p.old_intermediate, &p.intermediate, &p.old_intermediate, &p.cross}, kHost);
  const auto trust = trusting(p.new_root);
  auto j = judge_for(ev, {"browser"}, trust);
  const auto shape = rules::analyse_chain(ev.chain);
  rules::JudgeOptions options;
  options.at = kAt;
  const rules::RuleContext ctx{ev, trust, options, shape};
  const auto& set = profiles::builtin_profiles();
  const rules::ProfileView view{set.find("browser"), j.find("browser")};
  const auto on = rules::certificates_on_path(ctx, view);
  ASSERT_EQ(on.size(), 3U);
  EXPECT_EQ(on[0].second, 0);
  EXPECT_EQ(on[1].second, 2);
  EXPECT_EQ(on[2].second, -1);  // the client's own root
  EXPECT_EQ(rules::off_path_certificates(ctx, view), (std::vector<std::size_t>{1, 4}));
}

}  // namespace
}  // namespace uccert::testing
