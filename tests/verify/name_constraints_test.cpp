// Name constraints: the matchers as tables, then constraints applied through whole chains.
#include "uccert/verify/name_constraints.h"

#include <gtest/gtest.h>

#include "verify/verify_fixture.h"

namespace uccert::verify::testing {
namespace {

using M = ConstraintMatch;

struct DnsRow {
  const char* name;
  const char* constraint;
  Subtree subtree;
  M expected;
};

TEST(NameConstraintMatchers, DnsTable) {
  const DnsRow rows[] = {
      {"contoso.com", "contoso.com", Subtree::kPermitted, M::kMatch},
      {"sip.contoso.com", "contoso.com", Subtree::kPermitted, M::kMatch},
      {"SIP.Contoso.COM", "contoso.com", Subtree::kPermitted, M::kMatch},
      {"badcontoso.com", "contoso.com", Subtree::kPermitted, M::kNoMatch},
      {"contoso.com", ".contoso.com", Subtree::kPermitted, M::kNoMatch},
      {"sip.contoso.com", ".contoso.com", Subtree::kPermitted, M::kMatch},
      {"anything.example", "", Subtree::kExcluded, M::kMatch},
      {"contoso.com", "sip.contoso.com", Subtree::kPermitted, M::kNoMatch},
      // A wildcard is permitted only when all it covers is; excluded when any of it is.
      {"*.contoso.com", "contoso.com", Subtree::kPermitted, M::kMatch},
      {"*.contoso.com", "foo.contoso.com", Subtree::kPermitted, M::kNoMatch},
      {"*.contoso.com", "foo.contoso.com", Subtree::kExcluded, M::kMatch},
      {"*.contoso.com", "fabrikam.com", Subtree::kExcluded, M::kNoMatch},
      {"contoso.com.", "contoso.com", Subtree::kPermitted, M::kMalformedName},
      {"bad name.com", "contoso.com", Subtree::kPermitted, M::kMalformedName},
      {"contoso.com", "contoso..com", Subtree::kPermitted, M::kMalformedConstraint},
  };
  for (const auto& r : rows)
    EXPECT_EQ(dns_name_matches_constraint(r.name, r.constraint, r.subtree), r.expected) << r.name << " vs " << r.constraint;
}

TEST(NameConstraintMatchers, IpTable) {
  const pki::Bytes v4 = {192, 0, 2, 7};
  const pki::Bytes v6 = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  EXPECT_EQ(ip_matches_constraint(v4, {192, 0, 2, 0, 255, 255, 255, 0}), M::kMatch);
  EXPECT_EQ(ip_matches_constraint(v4, {192, 0, 3, 0, 255, 255, 255, 0}), M::kNoMatch);
  EXPECT_EQ(ip_matches_constraint(v4, {0, 0, 0, 0, 0, 0, 0, 0}), M::kMatch);
  EXPECT_EQ(ip_matches_constraint(v4, {192, 0, 2, 7, 255, 255, 255, 255}), M::kMatch);
  EXPECT_EQ(ip_matches_constraint(v4, {192, 0, 2, 0, 255, 0, 255, 0}), M::kMalformedConstraint);  // not a prefix
  EXPECT_EQ(ip_matches_constraint(v4, {192, 0, 2, 0, 255}), M::kMalformedConstraint);
  pki::Bytes v6_net(32, 0);
  v6_net[0] = 0x20; v6_net[1] = 0x01; v6_net[2] = 0x0d; v6_net[3] = 0xb8;
  for (int i = 16; i < 20; ++i) v6_net[static_cast<std::size_t>(i)] = 0xff;
  EXPECT_EQ(ip_matches_constraint(v6, v6_net), M::kMatch);
  EXPECT_EQ(ip_matches_constraint(v4, v6_net), M::kNoMatch);  // families never match
  EXPECT_EQ(ip_matches_constraint({1, 2, 3}, v6_net), M::kMalformedName);
}

TEST(NameConstraintMatchers, EmailUriAndDirectoryTables) {
  EXPECT_EQ(email_matches_constraint("user@contoso.com", "contoso.com"), M::kMatch);
  EXPECT_EQ(email_matches_constraint("user@sip.contoso.com", "contoso.com"), M::kNoMatch);
  EXPECT_EQ(email_matches_constraint("user@sip.contoso.com", ".contoso.com"), M::kMatch);
  EXPECT_EQ(email_matches_constraint("user@contoso.com", ".contoso.com"), M::kNoMatch);
  EXPECT_EQ(email_matches_constraint("user@CONTOSO.com", "user@contoso.com"), M::kMatch);
  EXPECT_EQ(email_matches_constraint("User@contoso.com", "user@contoso.com"), M::kNoMatch);
  EXPECT_EQ(email_matches_constraint("*@contoso.com", "*@contoso.com"), M::kMatch);
  EXPECT_EQ(email_matches_constraint("user@contoso.com", "*@contoso.com"), M::kNoMatch);
  EXPECT_EQ(email_matches_constraint("a@b@contoso.com", "contoso.com"), M::kMalformedName);
  EXPECT_EQ(email_matches_constraint("user@contoso.com", "a@b@contoso.com"), M::kMalformedConstraint);
  EXPECT_EQ(uri_matches_constraint("https://lyncdiscover.contoso.com/x", "lyncdiscover.contoso.com"), M::kMatch);
  EXPECT_EQ(uri_matches_constraint("https://user@meet.contoso.com:443/", ".contoso.com"), M::kMatch);
  EXPECT_EQ(uri_matches_constraint("https://meet.fabrikam.com/", ".contoso.com"), M::kNoMatch);
  EXPECT_EQ(uri_matches_constraint("urn:contoso", "contoso.com"), M::kMalformedName);
  const std::vector<pki::Bytes> name = {{1}, {2}, {3}};
  EXPECT_EQ(directory_name_matches_constraint(name, {{1}, {2}}), M::kMatch);
  EXPECT_EQ(directory_name_matches_constraint(name, {}), M::kMatch);
  EXPECT_EQ(directory_name_matches_constraint(name, {{2}}), M::kNoMatch);
  EXPECT_EQ(directory_name_matches_constraint({{1}}, {{1}, {2}}), M::kNoMatch);
}

struct Constrained : SmallPki {
  // Root -> constrained ICA -> leaf(spec).
  Result run_with(const lab::NameConstraintsSpec& nc, const CertSpec& leaf_spec, const Options& o = options_now()) {
    CertSpec ica_spec = lab::intermediate_ca_spec("Test Issuing CA", "Uccert Test", std::nullopt);
    ica_spec.name_constraints = nc;
    Minted cica = mint(ica_spec, ica_key, &root);
    Minted l = mint(leaf_spec, leaf_key, &cica);
    return run(Chain{{l, cica}, {}, {root}}, o);
  }
};

TEST_F(Constrained, PermittedAndExcludedDns) {
  lab::NameConstraintsSpec nc;
  nc.permitted_dns = {"contoso.com"};
  nc.excluded_dns = {"secret.contoso.com"};
  EXPECT_TRUE(run_with(nc, lab::server_spec("pool.contoso.com", {"pool.contoso.com"})).valid());
  auto outside = run_with(nc, lab::server_spec("pool.contoso.com", {"pool.contoso.com", "sip.fabrikam.com"}));
  EXPECT_FALSE(outside.valid());
  const Problem* p = find(outside, problem::kNameConstraintsNotPermitted, 0);
  ASSERT_NE(p, nullptr) << describe(outside);
  EXPECT_EQ(p->params.at("name"), "sip.fabrikam.com");
  EXPECT_EQ(p->params.at("constrained_by"), "1");
  auto excluded = run_with(nc, lab::server_spec("x.secret.contoso.com", {"x.secret.contoso.com"}));
  EXPECT_NE(find(excluded, problem::kNameConstraintsExcluded, 0), nullptr) << describe(excluded);
}

TEST_F(Constrained, IpRanges) {
  lab::NameConstraintsSpec nc;
  nc.permitted_ip = {"10.0.0.0/8"};
  CertSpec inside = lab::server_spec("edge", {});
  inside.san_ip = {"10.1.2.3"};
  EXPECT_TRUE(run_with(nc, inside).valid());
  CertSpec outside = inside;
  outside.san_ip = {"192.0.2.1"};
  EXPECT_NE(find(run_with(nc, outside), problem::kNameConstraintsNotPermitted, 0), nullptr);
  CertSpec v6 = inside;
  v6.san_ip = {"2001:db8::1"};
  EXPECT_NE(find(run_with(nc, v6), problem::kNameConstraintsNotPermitted, 0), nullptr);
}

TEST_F(Constrained, EmailInSanAndSubject) {
  lab::NameConstraintsSpec nc;
  nc.permitted_email = {"contoso.com"};
  CertSpec ok = lab::server_spec("user", {});
  ok.san_email = {"user@contoso.com"};
  EXPECT_TRUE(run_with(nc, ok).valid());
  CertSpec subject_email = ok;
  subject_email.subject.push_back({"emailAddress", "user@fabrikam.com"});
  auto r = run_with(nc, subject_email);
  const Problem* p = find(r, problem::kNameConstraintsNotPermitted, 0);
  ASSERT_NE(p, nullptr) << describe(r);
  EXPECT_EQ(p->params.at("origin"), "subject emailAddress");
}

TEST_F(Constrained, DirectoryName) {
  lab::NameConstraintsSpec nc;
  nc.permitted_dir = {{{"O", "Contoso"}}};
  CertSpec ok = lab::server_spec("pool.contoso.com", {"pool.contoso.com"});
  ok.subject = {{"O", "contoso"}, {"CN", "pool.contoso.com"}};
  EXPECT_TRUE(run_with(nc, ok).valid());
  CertSpec bad = ok;
  bad.subject = {{"O", "Fabrikam"}, {"CN", "pool.contoso.com"}};
  EXPECT_NE(find(run_with(nc, bad), problem::kNameConstraintsNotPermitted, 0), nullptr);
}

TEST_F(Constrained, CommonNameCountsOnlyWithoutSan) {
  lab::NameConstraintsSpec nc;
  nc.permitted_dns = {"contoso.com"};
  CertSpec cn_only = lab::server_spec("pool.fabrikam.com", {});
  auto r = run_with(nc, cn_only);
  const Problem* p = find(r, problem::kNameConstraintsNotPermitted, 0);
  ASSERT_NE(p, nullptr) << describe(r);
  EXPECT_EQ(p->params.at("origin"), "subject CN");
  Options never = options_now();
  never.name_constraints_cn = CnConstraints::kNever;
  EXPECT_TRUE(run_with(nc, cn_only, never).valid());
  // With a SAN, the CN is not a constrained name under kWhenNoSan.
  CertSpec with_san = lab::server_spec("pool.fabrikam.com", {"pool.contoso.com"});
  EXPECT_TRUE(run_with(nc, with_san).valid());
}

TEST_F(Constrained, BudgetOnComparisons) {
  lab::NameConstraintsSpec nc;
  for (int i = 0; i < 50; ++i) nc.permitted_dns.push_back("n" + std::to_string(i) + ".example");
  nc.permitted_dns.push_back("contoso.com");
  Options o = options_now();
  o.budget.name_constraint_comparisons = 20;
  auto r = run_with(nc, lab::server_spec("pool.contoso.com", {"pool.contoso.com"}), o);
  EXPECT_FALSE(r.valid());
  EXPECT_NE(find(r, problem::kVerifyBudgetExhausted), nullptr) << describe(r);
}

}  // namespace
}  // namespace uccert::verify::testing
