// Certificate-profile problems (RFC 5280 section 4, CA/B Forum BR): each one recorded on a
// certificate that has it, absent on one that does not, fatal only under Conformance::kStrict.
#include <gtest/gtest.h>

#include <functional>

#include "verify/verify_fixture.h"

namespace uccert::verify::testing {
namespace {

using pki::KeyUsageBit;

struct Row {
  std::string_view id;
  int index;  // certificate the problem is expected on
  std::function<void(CertSpec& leaf, CertSpec& ica)> edit;
  bool fatal_when_lenient = false;
};

pki::Bytes from_hex(std::string_view h) {
  pki::Bytes out;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16)));
  return out;
}

struct ProfileChecks : SmallPki {
  Result run_edit(const Row& row, Conformance conformance, bool apply) {
    CertSpec leaf_spec = lab::server_spec("pool.contoso.com", {"pool.contoso.com"});
    CertSpec ica_spec = lab::intermediate_ca_spec("Test Issuing CA", "Uccert Test", std::nullopt);
    if (apply) row.edit(leaf_spec, ica_spec);
    Minted i = mint(ica_spec, ica_key, &root);
    Minted l = mint(leaf_spec, leaf_key, &i);
    Options o = options_now();
    o.conformance = conformance;
    return run(Chain{{l, i}, {}, {root}}, o);
  }
};

TEST_F(ProfileChecks, Table) {
  // authorityInfoAccess with one caIssuers URI (DER), used raw to mark it critical.
  const pki::Bytes aia = from_hex("3027302506082b060105050730028619687474703a2f2f3132372e302e302e313a312f63612e637274");
  const std::vector<Row> rows = {
      {problem::kExtAkiMissing, 0, [](CertSpec& l, CertSpec&) { l.omit_authority_key_id = true; }},
      {problem::kExtSkiMissing, 1, [](CertSpec&, CertSpec& i) { i.omit_subject_key_id = true; }},
      {problem::kExtBasicConstraintsNotCritical, 1, [](CertSpec&, CertSpec& i) { i.basic_constraints_critical = false; }},
      {problem::kExtKeyCertSignWithoutCa, 0,
       [](CertSpec& l, CertSpec&) { l.key_usage = lab::ku(KeyUsageBit::kDigitalSignature, KeyUsageBit::kKeyCertSign); }},
      {problem::kExtNameConstraintsNotCa, 0,
       [](CertSpec& l, CertSpec&) { lab::NameConstraintsSpec nc; nc.permitted_dns = {"contoso.com"}; l.name_constraints = nc; }},
      {problem::kExtSanCritical, 0, [](CertSpec& l, CertSpec&) { l.san_critical = true; }},
      {problem::kExtSanInvalidDns, 0, [](CertSpec& l, CertSpec&) { l.san_dns.push_back("under_score.contoso.com"); }},
      {problem::kExtAiaCritical, 0, [&aia](CertSpec& l, CertSpec&) { l.extra_extensions.push_back({"1.3.6.1.5.5.7.1.1", true, aia}); }},
      {problem::kChainLeafIsCa, 0, [](CertSpec& l, CertSpec&) { l.is_ca = true; }},
      {problem::kEkuLeafAbsent, 0, [](CertSpec& l, CertSpec&) { l.eku = std::vector<std::string>{}; }},
      {problem::kEkuLeafAny, 0, [](CertSpec& l, CertSpec&) { l.eku = std::vector<std::string>{"serverAuth", "anyExtendedKeyUsage"}; }},
      {problem::kEkuLeafCritical, 0, [](CertSpec& l, CertSpec&) { l.eku_critical = true; }},
      // Not profile checks: fatal either way.
      {problem::kTimeInverted, 0,
       [](CertSpec& l, CertSpec&) { l.not_before = lab::now() + lab::kDay; l.not_after = lab::now() - lab::kDay; }, true},
      {problem::kEncodingEmptySan, 0, [](CertSpec& l, CertSpec&) { l.san_dns.clear(); l.san_force_empty = true; }, true},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.id);
    auto strict = run_edit(row, Conformance::kStrict, true);
    const Problem* p = find(strict, row.id, row.index);
    ASSERT_NE(p, nullptr) << describe(strict);
    EXPECT_TRUE(p->fatal);
    EXPECT_FALSE(strict.valid());

    auto lenient = run_edit(row, Conformance::kLenient, true);
    const Problem* q = find(lenient, row.id, row.index);
    ASSERT_NE(q, nullptr) << describe(lenient);
    EXPECT_EQ(q->fatal, row.fatal_when_lenient);

    auto clean = run_edit(row, Conformance::kStrict, false);
    EXPECT_EQ(find(clean, row.id), nullptr) << describe(clean);
    EXPECT_TRUE(clean.valid()) << describe(clean);
  }
}

TEST_F(ProfileChecks, KeyTypesUnderModernAlgorithms) {
  Options modern = options_now();
  modern.algorithms = AlgorithmPolicy::kModern;
  Options permissive = options_now();
  KeyPair p192 = KeyPair::cached(KeySpec::ec("prime192v1"), 0);
  Minted l = mint(lab::server_spec("pool.contoso.com", {"pool.contoso.com"}), p192, &ica);
  auto r = run(Chain{{l, ica}, {}, {root}}, modern);
  const Problem* p = find(r, problem::kKeyEcCurve, 0);
  ASSERT_NE(p, nullptr) << describe(r);
  EXPECT_TRUE(p->fatal);
  auto lenient = run(Chain{{l, ica}, {}, {root}}, permissive);
  ASSERT_NE(find(lenient, problem::kKeyEcCurve, 0), nullptr);
  EXPECT_FALSE(find(lenient, problem::kKeyEcCurve, 0)->fatal);
  EXPECT_EQ(find(run(chain(), modern), problem::kKeyEcCurve), nullptr);
}

}  // namespace
}  // namespace uccert::verify::testing
