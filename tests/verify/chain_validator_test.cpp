// RFC 5280 validation of one path: for each problem id, one chain that has it and one that
// does not. Chains are minted (lab/mint.h), validated through verify().
#include "uccert/verify/chain_validator.h"

#include <gtest/gtest.h>

#include "verify/verify_fixture.h"

namespace uccert::verify::testing {
namespace {

using pki::KeyUsageBit;
using Validation = SmallPki;

// Re-mints the leaf with `edit` applied to its spec and validates leaf <- ica <- root.
template <class Edit>
Result with_leaf(const SmallPki& pki, Edit edit, const Options& o = options_now()) {
  CertSpec spec = lab::server_spec("pool.contoso.com", {"pool.contoso.com"});
  edit(spec);
  Minted l = mint(spec, pki.leaf_key, &pki.ica);
  return run(Chain{{l, pki.ica}, {}, {pki.root}}, o);
}

template <class Edit>
Result with_ica(const SmallPki& pki, Edit edit, const Options& o = options_now()) {
  CertSpec spec = lab::intermediate_ca_spec("Test Issuing CA", "Uccert Test", std::nullopt);
  edit(spec);
  Minted i = mint(spec, pki.ica_key, &pki.root);
  Minted l = mint(lab::server_spec("pool.contoso.com", {"pool.contoso.com"}), pki.leaf_key, &i);
  return run(Chain{{l, i}, {}, {pki.root}}, o);
}

TEST_F(Validation, CleanChainHasNoProblems) {
  auto r = run(chain());
  ASSERT_TRUE(r.valid()) << describe(r);
  EXPECT_TRUE(r.best.problems.empty()) << describe(r);
}

TEST_F(Validation, EveryProblemIsCollectedNotOnlyTheFirst) {
  auto r = with_leaf(*this, [](CertSpec& s) {
    s.not_after = lab::now() - lab::kDay;
    s.not_before = lab::now() - 2 * lab::kDay;
    s.corrupt_signature = true;
    s.eku = std::vector<std::string>{"clientAuth"};
  }, [] { Options o = options_now(); o.required_eku = std::string(pki::kOidServerAuth); return o; }());
  EXPECT_FALSE(r.valid());
  EXPECT_NE(find(r, problem::kTimeExpired, 0), nullptr) << describe(r);
  EXPECT_NE(find(r, problem::kSigInvalid, 0), nullptr) << describe(r);
  EXPECT_NE(find(r, problem::kEkuLeafMissing, 0), nullptr) << describe(r);
  const Problem* p = find(r, problem::kTimeExpired, 0);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(pki::parse_time(p->params.at("not_after")).value_or(0) / 60, (lab::now() - lab::kDay) / 60);
}

TEST_F(Validation, Validity) {
  Options o = options_now();
  o.at = leaf.cert->not_after + 1;
  auto expired = run(chain(), o);
  EXPECT_NE(find(expired, problem::kTimeExpired, 0), nullptr) << describe(expired);
  o.at = leaf.cert->not_after;  // inclusive
  EXPECT_EQ(find(run(chain(), o), problem::kTimeExpired), nullptr);
  o.at = leaf.cert->not_before - 1;
  auto early = run(chain(), o);
  EXPECT_NE(find(early, problem::kTimeNotYetValid, 0), nullptr) << describe(early);
  o.at = leaf.cert->not_before;
  EXPECT_EQ(find(run(chain(), o), problem::kTimeNotYetValid), nullptr);
}

TEST_F(Validation, WeakDigests) {
  KeyPair rsa_root_key = KeyPair::cached(KeySpec::rsa(2048), 0);
  Minted rsa_root = mint(lab::root_ca_spec("RSA Root"), rsa_root_key);
  auto leaf_signed = [&](const std::string& digest, bool pss) {
    CertSpec s = lab::server_spec("pool.contoso.com", {"pool.contoso.com"});
    s.digest = digest;
    s.rsa_pss = pss;
    return mint(s, leaf_key, &rsa_root);
  };
  Options permissive = options_now();
  Options modern = options_now();
  modern.algorithms = AlgorithmPolicy::kModern;

  auto md5 = run(Chain{{leaf_signed("md5", false)}, {}, {rsa_root}}, permissive);
  EXPECT_FALSE(md5.valid());
  EXPECT_NE(find(md5, problem::kSigMd5, 0), nullptr) << describe(md5);

  Minted sha1 = leaf_signed("sha1", false);
  auto sha1_permissive = run(Chain{{sha1}, {}, {rsa_root}}, permissive);
  EXPECT_TRUE(sha1_permissive.valid()) << describe(sha1_permissive);
  ASSERT_NE(find(sha1_permissive, problem::kSigSha1, 0), nullptr);
  EXPECT_FALSE(find(sha1_permissive, problem::kSigSha1, 0)->fatal);
  EXPECT_FALSE(run(Chain{{sha1}, {}, {rsa_root}}, modern).valid());

  Minted sha256 = leaf_signed("sha256", false);
  auto clean = run(Chain{{sha256}, {}, {rsa_root}}, modern);
  EXPECT_TRUE(clean.valid()) << describe(clean);
  EXPECT_EQ(find(clean, problem::kSigSha1), nullptr);

  // G-04: Lync 2013 / Skype for Business reject RSASSA-PSS.
  Minted pss = leaf_signed("sha256", true);
  Options reject = options_now();
  reject.pss = PssPolicy::kReject;
  auto pss_rejected = run(Chain{{pss}, {}, {rsa_root}}, reject);
  EXPECT_FALSE(pss_rejected.valid());
  EXPECT_NE(find(pss_rejected, problem::kSigPss, 0), nullptr) << describe(pss_rejected);
  auto pss_allowed = run(Chain{{pss}, {}, {rsa_root}}, permissive);
  EXPECT_TRUE(pss_allowed.valid()) << describe(pss_allowed);
}

TEST_F(Validation, WeakRsaKeys) {
  KeyPair small = KeyPair::cached(KeySpec::rsa(1024), 0);
  Minted l = mint(lab::server_spec("pool.contoso.com", {"pool.contoso.com"}), small, &ica);
  Options permissive = options_now();
  auto r = run(Chain{{l, ica}, {}, {root}}, permissive);
  EXPECT_TRUE(r.valid()) << describe(r);
  ASSERT_NE(find(r, problem::kKeyRsaWeak, 0), nullptr);
  EXPECT_FALSE(find(r, problem::kKeyRsaWeak, 0)->fatal);
  Options modern = options_now();
  modern.algorithms = AlgorithmPolicy::kModern;
  EXPECT_FALSE(run(Chain{{l, ica}, {}, {root}}, modern).valid());

  KeyPair ok = KeyPair::cached(KeySpec::rsa(2048), 0);
  Minted l2 = mint(lab::server_spec("pool.contoso.com", {"pool.contoso.com"}), ok, &ica);
  EXPECT_EQ(find(run(Chain{{l2, ica}, {}, {root}}, modern), problem::kKeyRsaWeak), nullptr);
}

TEST_F(Validation, IssuerMustBeACa) {
  auto not_ca = with_ica(*this, [](CertSpec& s) { s.is_ca = false; s.key_usage = lab::ku(KeyUsageBit::kDigitalSignature); });
  EXPECT_FALSE(not_ca.valid());
  EXPECT_NE(find(not_ca, problem::kChainIssuerNotCa, 1), nullptr) << describe(not_ca);
  auto no_bc = with_ica(*this, [](CertSpec& s) { s.omit_basic_constraints = true; });
  EXPECT_NE(find(no_bc, problem::kChainIssuerNotCa, 1), nullptr) << describe(no_bc);
  auto v1 = with_ica(*this, [](CertSpec& s) { s.version = 1; });
  EXPECT_NE(find(v1, problem::kChainIssuerNotCa, 1), nullptr) << describe(v1);
  EXPECT_EQ(find(run(chain()), problem::kChainIssuerNotCa), nullptr);
}

TEST_F(Validation, IssuerNeedsKeyCertSign) {
  auto r = with_ica(*this, [](CertSpec& s) { s.key_usage = lab::ku(KeyUsageBit::kCrlSign, KeyUsageBit::kDigitalSignature); });
  EXPECT_FALSE(r.valid());
  EXPECT_NE(find(r, problem::kExtKeyUsageNoCertSign, 1), nullptr) << describe(r);
  EXPECT_EQ(find(run(chain()), problem::kExtKeyUsageNoCertSign), nullptr);
}

TEST_F(Validation, PathLengthConstraint) {
  CertSpec constrained = lab::intermediate_ca_spec("Test Issuing CA", "Uccert Test", 0);
  Minted ica0 = mint(constrained, ica_key, &root);
  Minted sub = mint(lab::intermediate_ca_spec("Sub CA", {}, std::nullopt), key(30), &ica0);
  Minted ee = mint(lab::server_spec("pool.contoso.com", {"pool.contoso.com"}), key(31), &sub);
  auto r = run(Chain{{ee, sub, ica0}, {}, {root}});
  EXPECT_FALSE(r.valid());
  EXPECT_NE(find(r, problem::kChainPathLengthExceeded, 2), nullptr) << describe(r);

  // pathLen 0 with only the leaf below: fine.
  Minted ee0 = mint(lab::server_spec("pool.contoso.com", {"pool.contoso.com"}), key(31), &ica0);
  EXPECT_TRUE(run(Chain{{ee0, ica0}, {}, {root}}).valid());

  // A self-issued intermediate below does not count (RFC 5280 6.1.4 (l)).
  Minted rollover = mint(lab::intermediate_ca_spec("Test Issuing CA", "Uccert Test", std::nullopt), key(32), &ica0);
  Minted ee_roll = mint(lab::server_spec("pool.contoso.com", {"pool.contoso.com"}), key(33), &rollover);
  auto roll = run(Chain{{ee_roll, rollover, ica0}, {}, {root}});
  EXPECT_TRUE(roll.valid()) << describe(roll);
}

TEST_F(Validation, ExtendedKeyUsage) {
  Options server = options_now();
  server.required_eku = std::string(pki::kOidServerAuth);
  auto leaf_client_only = with_leaf(*this, [](CertSpec& s) { s.eku = std::vector<std::string>{"clientAuth"}; }, server);
  EXPECT_NE(find(leaf_client_only, problem::kEkuLeafMissing, 0), nullptr) << describe(leaf_client_only);
  auto leaf_any = with_leaf(*this, [](CertSpec& s) { s.eku = std::vector<std::string>{"anyExtendedKeyUsage"}; }, server);
  EXPECT_TRUE(leaf_any.valid()) << describe(leaf_any);
  EXPECT_TRUE(run(chain(), server).valid());

  // An issuer restricted to clientAuth: fatal when EKU is intersected down the chain (Windows),
  // ignored under plain RFC 5280.
  auto restricted = with_ica(*this, [](CertSpec& s) { s.eku = std::vector<std::string>{"clientAuth"}; }, server);
  EXPECT_NE(find(restricted, problem::kEkuIssuerRestricts, 1), nullptr) << describe(restricted);
  server.eku_chaining = EkuChaining::kRfc5280;
  auto rfc = with_ica(*this, [](CertSpec& s) { s.eku = std::vector<std::string>{"clientAuth"}; }, server);
  EXPECT_TRUE(rfc.valid()) << describe(rfc);

  // No required purpose, but leaf and issuer share none.
  Options any = options_now();
  auto disjoint = with_ica(*this, [](CertSpec& s) { s.eku = std::vector<std::string>{"emailProtection"}; }, any);
  EXPECT_NE(find(disjoint, problem::kEkuIssuerRestricts, 1), nullptr) << describe(disjoint);
}

TEST_F(Validation, UnknownCriticalExtension) {
  auto edit = [](CertSpec& s) { s.extra_extensions.push_back({"1.3.6.1.4.1.55738.666.1", true, pki::Bytes{0x05, 0x00}}); };
  auto r = with_leaf(*this, edit);
  EXPECT_FALSE(r.valid());
  EXPECT_NE(find(r, problem::kExtUnknownCritical, 0), nullptr) << describe(r);
  Options ignore = options_now();
  ignore.unknown_critical = UnknownCritical::kIgnore;
  EXPECT_TRUE(with_leaf(*this, edit, ignore).valid());
  auto noncritical = with_leaf(*this, [](CertSpec& s) { s.extra_extensions.push_back({"1.3.6.1.4.1.55738.666.1", false, pki::Bytes{0x05, 0x00}}); });
  EXPECT_TRUE(noncritical.valid()) << describe(noncritical);
}

TEST_F(Validation, AkiSkiMismatchIsANote) {
  auto r = with_leaf(*this, [](CertSpec& s) { s.authority_key_id = pki::Bytes{1, 2, 3, 4}; });
  EXPECT_TRUE(r.valid()) << describe(r);
  ASSERT_NE(find(r, problem::kChainAkiMismatch, 0), nullptr);
  EXPECT_FALSE(find(r, problem::kChainAkiMismatch, 0)->fatal);
  EXPECT_EQ(find(run(chain()), problem::kChainAkiMismatch), nullptr);
}

TEST_F(Validation, EncodingNotesAreFatal) {
  auto r = with_leaf(*this, [](CertSpec& s) { s.san_force_empty = true; s.san_dns.clear(); });
  EXPECT_FALSE(r.valid());
  EXPECT_NE(find(r, problem::kEncodingEmptySan, 0), nullptr) << describe(r);
}

TEST_F(Validation, ProfileChecksAreFatalOnlyWhenStrict) {
  Options lenient = options_now();
  Options strict = options_now();
  strict.conformance = Conformance::kStrict;
  auto no_aki = [](CertSpec& s) { s.omit_authority_key_id = true; };
  auto r = with_leaf(*this, no_aki, lenient);
  EXPECT_TRUE(r.valid()) << describe(r);
  ASSERT_NE(find(r, problem::kExtAkiMissing, 0), nullptr);
  EXPECT_FALSE(with_leaf(*this, no_aki, strict).valid());

  auto ca_leaf = [](CertSpec& s) { s.is_ca = true; };
  auto lenient_ca = with_leaf(*this, ca_leaf, lenient);
  EXPECT_TRUE(lenient_ca.valid()) << describe(lenient_ca);
  EXPECT_NE(find(lenient_ca, problem::kChainLeafIsCa, 0), nullptr);
  EXPECT_FALSE(with_leaf(*this, ca_leaf, strict).valid());

  auto no_ski = with_ica(*this, [](CertSpec& s) { s.omit_subject_key_id = true; }, strict);
  EXPECT_NE(find(no_ski, problem::kExtSkiMissing, 1), nullptr) << describe(no_ski);
  EXPECT_FALSE(no_ski.valid());

  auto bc = with_ica(*this, [](CertSpec& s) { s.basic_constraints_critical = false; }, strict);
  EXPECT_NE(find(bc, problem::kExtBasicConstraintsNotCritical, 1), nullptr) << describe(bc);

  auto clean = run(chain(), strict);
  EXPECT_TRUE(clean.valid()) << describe(clean);
}

}  // namespace
}  // namespace uccert::verify::testing
