// Path building through the verify() facade: order, duplicates, extras, cross-signs, loops,
// missing links, alternatives, depth and budget.
#include "uccert/verify/path_builder.h"

#include <gtest/gtest.h>

#include "verify/verify_fixture.h"

namespace uccert::verify::testing {
namespace {

using PathBuilding = SmallPki;

TEST_F(PathBuilding, PresentedInOrder) {
  auto r = run(chain());
  ASSERT_TRUE(r.valid()) << describe(r);
  ASSERT_EQ(r.best.certificates.size(), 3U);
  EXPECT_EQ(r.best.certificates[1], ica.cert);
  EXPECT_EQ(r.best.certificates[2], root.cert);
  EXPECT_EQ(r.best.origins, (std::vector<std::string>{"presented", "presented", "anchor"}));
  EXPECT_EQ(r.best.anchor_source, "test");
}

TEST_F(PathBuilding, WrongOrderDuplicatesAndUnrelatedExtras) {
  Minted stranger_root = mint(lab::root_ca_spec("Stranger Root"), key(7));
  Minted stranger = mint(lab::server_spec("other.fabrikam.com", {"other.fabrikam.com"}), key(8), &stranger_root);
  Chain c{{leaf, stranger, root, ica, ica, stranger_root, leaf}, {}, {root}};
  auto r = run(c);
  ASSERT_TRUE(r.valid()) << describe(r);
  ASSERT_EQ(r.best.certificates.size(), 3U);
  EXPECT_EQ(r.best.certificates[1], ica.cert);
  // The root sent by the server is the same DER as the anchor: one node, trusted.
  EXPECT_EQ(r.best.origins.back(), "anchor");
}

TEST_F(PathBuilding, MissingIntermediateIsReportedAndExtraIntermediatesFillIt) {
  Chain missing{{leaf}, {}, {root}};
  auto r = run(missing);
  EXPECT_FALSE(r.valid());
  const Problem* p = find(r, problem::kChainMissingIssuer, 0);
  ASSERT_NE(p, nullptr) << describe(r);
  EXPECT_EQ(p->params.at("issuer"), "CN=Test Issuing CA, O=Uccert Test");

  Chain fetched{{leaf}, {ica}, {root}};
  auto ok = run(fetched);
  ASSERT_TRUE(ok.valid()) << describe(ok);
  EXPECT_EQ(ok.best.origins[1], "extra");
}

TEST_F(PathBuilding, UntrustedSelfSignedRoot) {
  Minted other_root = mint(lab::root_ca_spec("Other Root"), key(9));
  Chain c{{leaf, ica, root}, {}, {other_root}};
  auto r = run(c);
  EXPECT_FALSE(r.valid());
  EXPECT_NE(find(r, problem::kChainUntrustedRoot, 2), nullptr) << describe(r);
}

TEST_F(PathBuilding, CrossSignedRootServesOldAndNewAnchors) {
  // The new root is also certified by an old root the legacy client trusts.
  Minted old_root = mint(lab::root_ca_spec("Old Root"), key(10));
  CertSpec cross_spec = lab::root_ca_spec("Test Root", "Uccert Test");
  Minted cross = mint(cross_spec, root_key, &old_root);
  Chain for_new{{leaf, ica, cross}, {}, {root}};
  auto r_new = run(for_new);
  ASSERT_TRUE(r_new.valid()) << describe(r_new);
  EXPECT_EQ(r_new.best.certificates.size(), 3U);

  Chain for_old{{leaf, ica, cross}, {}, {old_root}};
  auto r_old = run(for_old);
  ASSERT_TRUE(r_old.valid()) << describe(r_old);
  ASSERT_EQ(r_old.best.certificates.size(), 4U);
  EXPECT_EQ(r_old.best.certificates[2], cross.cert);
  EXPECT_EQ(r_old.best.certificates[3], old_root.cert);
}

TEST_F(PathBuilding, TriesAlternativesWhenTheFirstPathFails) {
  // Two certificates for the same CA key: the first presented restricts EKU to e-mail.
  CertSpec restricted = lab::intermediate_ca_spec("Test Issuing CA", "Uccert Test", std::nullopt);
  restricted.eku = std::vector<std::string>{"emailProtection"};
  Minted ica_email = mint(restricted, ica_key, &root);
  Chain c{{leaf, ica_email, ica}, {}, {root}};
  Options o = options_now();
  o.required_eku = std::string(pki::kOidServerAuth);
  auto r = run(c, o);
  ASSERT_TRUE(r.valid()) << describe(r);
  EXPECT_EQ(r.best.certificates[1], ica.cert);
  ASSERT_GE(r.attempted.size(), 2U);
  EXPECT_TRUE(has_problem(r.attempted[0].problems, problem::kEkuIssuerRestricts));
}

TEST_F(PathBuilding, MutualCrossSignLoopEndsWithoutAnAnchor) {
  KeyPair ka = key(11), kb = key(12);
  Minted a_self = mint(lab::root_ca_spec("CA A"), ka);
  Minted b_self = mint(lab::root_ca_spec("CA B"), kb);
  Minted a_by_b = mint(lab::intermediate_ca_spec("CA A", {}, std::nullopt), ka, &b_self);
  Minted b_by_a = mint(lab::intermediate_ca_spec("CA B", {}, std::nullopt), kb, &a_self);
  Minted ee = mint(lab::server_spec("loop.contoso.com", {"loop.contoso.com"}), key(13), &a_by_b);
  Chain c{{ee, a_by_b, b_by_a}, {}, {root}};
  auto r = run(c);
  EXPECT_FALSE(r.valid());
  EXPECT_EQ(find(r, problem::kVerifyBudgetExhausted), nullptr) << describe(r);
  EXPECT_FALSE(r.attempted.empty());
}

TEST_F(PathBuilding, DepthLimitCountsOnlyNonSelfIssuedIntermediates) {
  Minted ica2 = mint(lab::intermediate_ca_spec("Second CA", {}, std::nullopt), key(14), &ica);
  Minted ee = mint(lab::server_spec("deep.contoso.com", {"deep.contoso.com"}), key(15), &ica2);
  Options o = options_now();
  o.max_intermediates = 1;
  auto r = run(Chain{{ee, ica2, ica}, {}, {root}}, o);
  EXPECT_FALSE(r.valid());
  EXPECT_NE(find(r, problem::kChainTooLong), nullptr) << describe(r);
  o.max_intermediates = 2;
  EXPECT_TRUE(run(Chain{{ee, ica2, ica}, {}, {root}}, o).valid());

  // A key rollover certificate (same name, new key, self-issued) does not count.
  KeyPair new_ica_key = key(16);
  Minted rollover = mint(lab::intermediate_ca_spec("Test Issuing CA", "Uccert Test", std::nullopt), new_ica_key, &ica);
  ASSERT_TRUE(rollover.cert->self_issued);
  Minted ee2 = mint(lab::server_spec("roll.contoso.com", {"roll.contoso.com"}), key(17), &rollover);
  o.max_intermediates = 1;
  auto r2 = run(Chain{{ee2, rollover, ica}, {}, {root}}, o);
  EXPECT_TRUE(r2.valid()) << describe(r2);
}

TEST_F(PathBuilding, BudgetExhaustionIsNeverAPass) {
  // Many certificates claim to be the issuing CA; none of their keys signed the leaf, and the
  // leaf names no key (no AKI) to help choose.
  CertSpec no_aki = lab::server_spec("pool.contoso.com", {"pool.contoso.com"});
  no_aki.omit_authority_key_id = true;
  Chain c{{mint(no_aki, leaf_key, &ica)}, {}, {root}};
  for (int i = 0; i < 12; ++i)
    c.presented.push_back(mint(lab::intermediate_ca_spec("Test Issuing CA", "Uccert Test", std::nullopt), key(20 + i), &root));
  c.presented.push_back(ica);
  Options o = options_now();
  o.budget.signature_checks = 5;
  auto r = run(c, o);
  EXPECT_FALSE(r.valid());
  ASSERT_NE(find(r, problem::kVerifyBudgetExhausted, kPathWide), nullptr) << describe(r);

  o.budget = Budget{};
  auto ok = run(c, o);
  EXPECT_TRUE(ok.valid()) << describe(ok);

  o.budget.build_calls = 1;
  auto r2 = run(chain(), o);
  EXPECT_FALSE(r2.valid());
  EXPECT_NE(find(r2, problem::kVerifyBudgetExhausted), nullptr) << describe(r2);
}

TEST_F(PathBuilding, LeafThatIsItselfAnAnchor) {
  CertSpec self = lab::server_spec("self.contoso.com", {"self.contoso.com"});
  Minted s = mint(self, key(40));
  auto r = run(Chain{{s}, {}, {s}});
  ASSERT_TRUE(r.valid()) << describe(r);
  EXPECT_EQ(r.best.certificates.size(), 1U);
  auto untrusted = run(Chain{{s}, {}, {root}});
  EXPECT_FALSE(untrusted.valid());
  EXPECT_NE(find(untrusted, problem::kChainUntrustedRoot, 0), nullptr) << describe(untrusted);
}

TEST(PathBuildingInput, NoLeaf) {
  Input in;
  Options o;
  auto r = verify(in, o);
  EXPECT_FALSE(r.valid());
  ASSERT_EQ(r.path_wide.size(), 1U);
  EXPECT_EQ(r.path_wide[0].id, problem::kChainNoLeaf);
}

// AKI/SKI only order the candidates (RFC 5280 4.2.1.1): a leaf whose AKI names no key of its
// issuer, but whose signature verifies under it, has a valid path (Chrome builds it too). The
// mismatch stays a note, also under strict conformance.
TEST_F(PathBuilding, AkiMismatchIsAHintNotARefusal) {
  CertSpec spec = lab::server_spec("pool.contoso.com", {"pool.contoso.com"});
  spec.authority_key_id = pki::Bytes(20, 0x5a);
  Minted odd = mint(spec, leaf_key, &ica);
  for (auto conformance : {Conformance::kLenient, Conformance::kStrict}) {
    Options o = options_now();
    o.conformance = conformance;
    auto r = run(Chain{{odd, ica}, {}, {root}}, o);
    ASSERT_TRUE(r.valid()) << describe(r);
    ASSERT_EQ(r.best.certificates.size(), 3U);
    EXPECT_EQ(r.best.certificates[1], ica.cert);
    const Problem* note = find(r, "chain.aki-mismatch", 0);
    ASSERT_NE(note, nullptr) << describe(r);
    EXPECT_FALSE(note->fatal);
  }
}

// A decoy of the issuer's name whose key id is the one the leaf's AKI names is tried first and
// refused by the signature; the real issuer, whose key id disagrees, completes the path.
TEST_F(PathBuilding, AkiMatchingDecoyLosesToTheIssuerWhoseKeySigned) {
  CertSpec decoy_spec = lab::intermediate_ca_spec("Test Issuing CA", "Uccert Test", std::nullopt);
  decoy_spec.subject_key_id = pki::Bytes(20, 0x5a);
  Minted decoy = mint(decoy_spec, key(42), &root);
  CertSpec spec = lab::server_spec("pool.contoso.com", {"pool.contoso.com"});
  spec.authority_key_id = pki::Bytes(20, 0x5a);
  Minted odd = mint(spec, leaf_key, &ica);
  auto r = run(Chain{{odd, decoy, ica}, {}, {root}});
  ASSERT_TRUE(r.valid()) << describe(r);
  EXPECT_EQ(r.best.certificates[1], ica.cert);
  EXPECT_GE(r.attempted.size(), 2U);  // the decoy was offered first and failed on its signature
  EXPECT_EQ(r.attempted.front().certificates[1], decoy.cert);
}

TEST_F(PathBuilding, BadSignatureLinkIsOfferedOnceAndNotExtended) {
  CertSpec forged = lab::intermediate_ca_spec("Test Issuing CA", "Uccert Test", std::nullopt);
  Minted impostor = mint(forged, key(41), &root);  // right name, wrong key
  auto r = run(Chain{{leaf, impostor}, {}, {root}});
  EXPECT_FALSE(r.valid());
  EXPECT_NE(find(r, problem::kSigInvalid, 0), nullptr) << describe(r);
}

}  // namespace
}  // namespace uccert::verify::testing
