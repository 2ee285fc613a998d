// Certificate-profile problems (RFC 5280 section 4, CA/B Forum BR): each one recorded on a
// certificate that has it, absent on one that does not, fatal only under Conformance::kStrict,
// and also under kBrowser for what Chrome refuses.
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
  bool fatal_for_browsers = false;  // Chrome refuses it: fatal under Conformance::kBrowser
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
  // authorityKeyIdentifier [0] keyIdentifier (20 bytes) and cRLDistributionPoints with one URI
  // http://127.0.0.1:1/ca.crl, DER, to mark them critical.
  const pki::Bytes aki = from_hex("30168014" + std::string(40, 'b'));
  const pki::Bytes cdp = from_hex("3021301fa01da01b8619687474703a2f2f3132372e302e302e313a312f63612e63726c");
  const std::vector<Row> rows = {
      {problem::kExtAkiMissing, 0, [](CertSpec& l, CertSpec&) { l.omit_authority_key_id = true; }},
      {problem::kExtSkiMissing, 1, [](CertSpec&, CertSpec& i) { i.omit_subject_key_id = true; }},
      {problem::kExtBasicConstraintsNotCritical, 1, [](CertSpec&, CertSpec& i) { i.basic_constraints_critical = false; }},
      {problem::kExtKeyCertSignWithoutCa, 0,
       [](CertSpec& l, CertSpec&) { l.key_usage = lab::ku(KeyUsageBit::kDigitalSignature, KeyUsageBit::kKeyCertSign); }},
      {problem::kExtNameConstraintsNotCa, 0,
       [](CertSpec& l, CertSpec&) { lab::NameConstraintsSpec nc; nc.permitted_dns = {"contoso.com"}; l.name_constraints = nc; }},
      {"ext.san-critical", 0, [](CertSpec& l, CertSpec&) { l.san_critical = true; }},
      {"ext.san-invalid-dns", 0, [](CertSpec& l, CertSpec&) { l.san_dns.push_back("under_score.contoso.com"); }},
      {"ext.aia-critical", 0, [&aia](CertSpec& l, CertSpec&) { l.extra_extensions.push_back({"1.3.6.1.5.5.7.1.1", true, aia}); },
       false, true},
      {"ext.aki-critical", 0,
       [&aki](CertSpec& l, CertSpec&) { l.omit_authority_key_id = true; l.extra_extensions.push_back({"2.5.29.35", true, aki}); },
       false, true},
      {"ext.crl-dp-critical", 0, [&cdp](CertSpec& l, CertSpec&) { l.extra_extensions.push_back({"2.5.29.31", true, cdp}); },
       false, true},
      {"ext.san-not-critical", 0, [](CertSpec& l, CertSpec&) { l.subject.clear(); }, false, true},
      {"chain.leaf-is-ca", 0, [](CertSpec& l, CertSpec&) { l.is_ca = true; }},
      {"eku.leaf-absent", 0, [](CertSpec& l, CertSpec&) { l.eku = std::vector<std::string>{}; }},
      {"eku.leaf-any", 0, [](CertSpec& l, CertSpec&) { l.eku = std::vector<std::string>{"serverAuth", "anyExtendedKeyUsage"}; }},
      {"eku.leaf-critical", 0, [](CertSpec& l, CertSpec&) { l.eku_critical = true; }},
      // Not profile checks: fatal either way.
      {"time.inverted", 0,
       [](CertSpec& l, CertSpec&) { l.not_before = lab::now() + lab::kDay; l.not_after = lab::now() - lab::kDay; }, true,
       true},
      {"encoding.empty-san", 0, [](CertSpec& l, CertSpec&) { l.san_dns.clear(); l.san_force_empty = true; }, true, true},
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

    auto browser = run_edit(row, Conformance::kBrowser, true);
    const Problem* b = find(browser, row.id, row.index);
    ASSERT_NE(b, nullptr) << describe(browser);
    EXPECT_EQ(b->fatal, row.fatal_for_browsers);

    auto clean = run_edit(row, Conformance::kStrict, false);
    EXPECT_EQ(find(clean, row.id), nullptr) << describe(clean);
    EXPECT_TRUE(clean.valid()) << describe(clean);
  }
}

// Chrome enforces anchor constraints: an unknown critical extension or two extensions of one
// OID on the trust anchor break the path under kBrowser and kStrict. Under kLenient the anchor
// is trusted as configured (RFC 5280 6.1.1 (d)) and they are notes.
TEST_F(ProfileChecks, AnchorConstraintsAreEnforcedForBrowsers) {
  struct AnchorRow {
    const char* id;
    std::function<void(CertSpec&)> edit;
  };
  const std::vector<AnchorRow> rows = {
      {"ext.unknown-critical",
       [](CertSpec& r) { r.extra_extensions.push_back({"1.3.6.1.4.1.55555.1", true, from_hex("0500")}); }},
      {"encoding.ski-critical",
       [](CertSpec& r) { r.omit_subject_key_id = true;
         r.extra_extensions.push_back({"2.5.29.14", true, from_hex("0414" + std::string(40, 'a'))}); }},
      {"encoding.duplicate-extension",
       [](CertSpec& r) { r.extra_extensions.push_back({"2.5.29.31", false, from_hex(
           "3021301fa01da01b8619687474703a2f2f3132372e302e302e313a312f63612e63726c")});
         r.extra_extensions.push_back({"2.5.29.31", false, from_hex(
           "3021301fa01da01b8619687474703a2f2f3132372e302e302e313a312f63612e63726c")}); }},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.id);
    CertSpec root_spec = lab::root_ca_spec("Test Root", "Uccert Test");
    row.edit(root_spec);
    Minted odd_root = mint(root_spec, root_key);
    Minted i = mint(lab::intermediate_ca_spec("Test Issuing CA", "Uccert Test", std::nullopt), ica_key, &odd_root);
    Minted l = mint(lab::server_spec("pool.contoso.com", {"pool.contoso.com"}), leaf_key, &i);
    for (auto conformance : {Conformance::kLenient, Conformance::kBrowser, Conformance::kStrict}) {
      Options o = options_now();
      o.conformance = conformance;
      auto r = run(Chain{{l, i}, {}, {odd_root}}, o);
      const Problem* p = find(r, row.id, 2);
      ASSERT_NE(p, nullptr) << describe(r);
      const bool enforced = conformance != Conformance::kLenient;
      EXPECT_EQ(p->fatal, enforced) << static_cast<int>(conformance);
      EXPECT_EQ(r.valid(), !enforced) << describe(r);
    }
  }
  // The same root without them is a valid anchor under every conformance.
  Options o = options_now();
  o.conformance = Conformance::kBrowser;
  EXPECT_TRUE(run(chain(), o).valid()) << describe(run(chain(), o));
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
