// Certificate policy processing (RFC 5280 6.1.3 (d)-(f), 6.1.4, 6.1.5) through the verify()
// facade: requireExplicitPolicy, policy mapping and its inhibition, anyPolicy and its inhibition.
#include <gtest/gtest.h>

#include "verify/verify_fixture.h"

namespace uccert::verify::testing {
namespace {

constexpr const char* kPolicyA = "1.3.6.1.4.1.55555.1.1";
constexpr const char* kPolicyB = "1.3.6.1.4.1.55555.1.2";
constexpr const char* kAnyPolicy = "2.5.29.32.0";

pki::Bytes hex(std::string_view h) {
  pki::Bytes out;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16)));
  return out;
}

// policyConstraints (critical), DER: requireExplicitPolicy 0; inhibitPolicyMapping 0 as well.
lab::RawExtension require_explicit() { return {"2.5.29.36", true, hex("3003800100")}; }
lab::RawExtension require_explicit_inhibit_mapping() { return {"2.5.29.36", true, hex("3006800100810100")}; }
// policyMappings: A -> B, and A -> anyPolicy (forbidden).
lab::RawExtension map_a_to_b() {
  return {"2.5.29.33", true, hex("301a3018060a2b0601040183b2030101060a2b0601040183b2030102")};
}
lab::RawExtension map_a_to_any() { return {"2.5.29.33", true, hex("30143012060a2b0601040183b20301010604551d2000")}; }
// inhibitAnyPolicy 0.
lab::RawExtension inhibit_any() { return {"2.5.29.54", true, hex("020100")}; }

struct Policies : SmallPki {
  // Root -> ICA (ica_policies, ica_extensions) -> leaf (leaf_policies), validated leniently.
  Result run_with(std::vector<std::string> ica_policies, std::vector<lab::RawExtension> ica_extensions,
                  std::vector<std::string> leaf_policies) {
    CertSpec ica_spec = lab::intermediate_ca_spec("Test Issuing CA", "Uccert Test", std::nullopt);
    ica_spec.policy_oids = std::move(ica_policies);
    ica_spec.extra_extensions = std::move(ica_extensions);
    CertSpec leaf_spec = lab::server_spec("pool.contoso.com", {"pool.contoso.com"});
    leaf_spec.policy_oids = std::move(leaf_policies);
    Minted i = mint(ica_spec, ica_key, &root);
    Minted l = mint(leaf_spec, leaf_key, &i);
    return run(Chain{{l, i}, {}, {root}});
  }
};

TEST_F(Policies, NoConstraintsNoPoliciesIsValid) {
  auto r = run_with({}, {}, {});
  EXPECT_TRUE(r.valid()) << describe(r);
  EXPECT_EQ(find(r, "policy.explicit-policy-required"), nullptr);
}

TEST_F(Policies, RequireExplicitPolicyWithoutAnyPolicyFails) {
  auto r = run_with({}, {require_explicit()}, {});
  EXPECT_FALSE(r.valid());
  const Problem* p = find(r, "policy.explicit-policy-required");
  ASSERT_NE(p, nullptr) << describe(r);
  EXPECT_TRUE(p->fatal);
  EXPECT_EQ(p->params.at("required_by"), "1");
}

TEST_F(Policies, RequireExplicitPolicyIsMetByACommonPolicy) {
  auto r = run_with({kPolicyA}, {require_explicit()}, {kPolicyA});
  EXPECT_TRUE(r.valid()) << describe(r);
}

TEST_F(Policies, RequireExplicitPolicyFailsOnDisjointPolicies) {
  auto r = run_with({kPolicyA}, {require_explicit()}, {kPolicyB});
  EXPECT_FALSE(r.valid());
  EXPECT_NE(find(r, "policy.explicit-policy-required", 0), nullptr) << describe(r);
}

TEST_F(Policies, AnyPolicyInTheIssuerCoversTheLeafsPolicy) {
  auto r = run_with({kAnyPolicy}, {require_explicit()}, {kPolicyB});
  EXPECT_TRUE(r.valid()) << describe(r);
}

TEST_F(Policies, InhibitAnyPolicyMakesTheLeafsAnyPolicyCountForNothing) {
  // inhibitAnyPolicy 0 in the ICA: the leaf's anyPolicy no longer stands for A.
  auto inhibited = run_with({kPolicyA}, {require_explicit(), inhibit_any()}, {kAnyPolicy});
  EXPECT_FALSE(inhibited.valid());
  EXPECT_NE(find(inhibited, "policy.explicit-policy-required"), nullptr) << describe(inhibited);
  auto allowed = run_with({kPolicyA}, {require_explicit()}, {kAnyPolicy});
  EXPECT_TRUE(allowed.valid()) << describe(allowed);
}

TEST_F(Policies, MappingCarriesAPolicyIntoTheSubjectDomain) {
  auto mapped = run_with({kPolicyA}, {require_explicit(), map_a_to_b()}, {kPolicyB});
  EXPECT_TRUE(mapped.valid()) << describe(mapped);
}

// inhibitPolicyMapping 0 forbids mappings in the certificates below the one that says it (its
// own mappings still apply): a second intermediate mapping A to B then invalidates A, and the
// leaf's B was never valid.
TEST_F(Policies, InhibitPolicyMappingStopsMappingsFurtherDown) {
  auto run_two_cas = [&](lab::RawExtension upper_constraints) {
    CertSpec upper_spec = lab::intermediate_ca_spec("Test Policy CA", "Uccert Test", std::nullopt);
    upper_spec.policy_oids = {kPolicyA};
    upper_spec.extra_extensions = {std::move(upper_constraints)};
    Minted upper = mint(upper_spec, key(43), &root);
    CertSpec lower_spec = lab::intermediate_ca_spec("Test Issuing CA", "Uccert Test", std::nullopt);
    lower_spec.policy_oids = {kPolicyA};
    lower_spec.extra_extensions = {map_a_to_b()};
    Minted lower = mint(lower_spec, ica_key, &upper);
    CertSpec leaf_spec = lab::server_spec("pool.contoso.com", {"pool.contoso.com"});
    leaf_spec.policy_oids = {kPolicyB};
    Minted l = mint(leaf_spec, leaf_key, &lower);
    return run(Chain{{l, lower, upper}, {}, {root}});
  };
  auto allowed = run_two_cas(require_explicit());
  EXPECT_TRUE(allowed.valid()) << describe(allowed);
  auto inhibited = run_two_cas(require_explicit_inhibit_mapping());
  EXPECT_FALSE(inhibited.valid());
  const Problem* p = find(inhibited, "policy.explicit-policy-required");
  ASSERT_NE(p, nullptr) << describe(inhibited);
  EXPECT_EQ(p->params.at("required_by"), "2");
}

TEST_F(Policies, MappingToAnyPolicyIsRefused) {
  auto r = run_with({kPolicyA}, {map_a_to_any()}, {kPolicyA});
  EXPECT_FALSE(r.valid());
  const Problem* p = find(r, "policy.mapping-any-policy", 1);
  ASSERT_NE(p, nullptr) << describe(r);
  EXPECT_TRUE(p->fatal);
}

}  // namespace
}  // namespace uccert::verify::testing
