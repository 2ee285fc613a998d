// One source of truth for validity: a problem path validation marks fatal on a client's path never
// coexists with a pass verdict for that client (G-11). Every (fatal problem, profile) pair: chains
// minted to exhibit each fatal problem id the validator can report to a client, judged for all nine
// built-in profiles; the ids no minted chain can reach (a pathological budget, an undecodable key,
// encodings OpenSSL will not write, CRLs the judge is not given) drive the rule layer with a
// synthesised path. docs/problems.md lists the ids; a new fatal one not covered here fails the test.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <regex>
#include <set>
#include <sstream>

#include "fixtures/rules_fixtures.h"
#include "uccert/rules/chain_shape.h"
#include "uccert/rules/rule.h"

namespace uccert::testing {
namespace {

using pki::KeyUsageBit;
using rules::Severity;
using rules::Verdict;

constexpr pki::UnixTime kDay = 86400;

struct Case {
  std::string problem;  // the fatal problem id this chain exhibits for at least one client
  std::function<void(lab::CertSpec& root, lab::CertSpec& ica, lab::CertSpec& leaf)> edit = nullptr;
  lab::KeySpec leaf_key = lab::KeySpec::rsa(2048);
  lab::KeySpec root_key = lab::KeySpec::rsa(2048);
  bool trusted = true;            // the root is in the public, enterprise and mobile stores
  bool send_intermediate = true;
  bool send_root = false;
  bool empty = false;             // nothing presented
};

std::vector<Case> cases() {
  using S = lab::CertSpec;
  return {
      {"time.expired", [](S&, S&, S& l) { l.not_after = kAt - kDay; }},
      {"time.not-yet-valid", [](S&, S&, S& l) { l.not_before = kAt + kDay; }},
      {"time.inverted", [](S&, S&, S& l) { l.not_before = kAt - kDay; l.not_after = kAt - 2 * kDay; }},
      {"sig.invalid", [](S&, S&, S& l) { l.corrupt_signature = true; }},
      {"sig.md5", [](S&, S&, S& l) { l.digest = "md5"; }},
      {"sig.sha1", [](S&, S&, S& l) { l.digest = "sha1"; }},
      {"sig.pss", [](S&, S&, S& l) { l.rsa_pss = true; }},
      {"key.rsa-too-small", nullptr, lab::KeySpec::rsa(512)},
      {"key.rsa-weak", nullptr, lab::KeySpec::rsa(1024)},
      // A weak RSA root under a client with a 2048-bit minimum: fatal on the anchor itself.
      {"key.rsa-weak", nullptr, lab::KeySpec::rsa(2048), lab::KeySpec::rsa(1024)},
      {"key.rsa-size-not-multiple-of-8", nullptr, lab::KeySpec::rsa(2052)},
      {"key.ec-curve", nullptr, lab::KeySpec::ec("secp256k1")},
      {"key.algorithm-not-accepted", nullptr, lab::KeySpec::ed25519()},
      {"ext.unknown-critical",
       [](S&, S&, S& l) { l.extra_extensions.push_back({"1.3.6.1.4.1.311.99.1", true, {0x05, 0x00}}); }},
      {"ext.no-subject-name", [](S&, S&, S& l) { l.subject.clear(); l.san_dns.clear(); }},
      {"ext.key-usage-no-digital-signature",
       [](S&, S&, S& l) { l.key_usage = lab::ku(KeyUsageBit::kKeyEncipherment); }},
      {"ext.key-cert-sign-without-ca",
       [](S&, S&, S& l) {
         l.key_usage =
             lab::ku(KeyUsageBit::kDigitalSignature, KeyUsageBit::kKeyEncipherment, KeyUsageBit::kKeyCertSign);
       }},
      {"ext.key-usage-no-cert-sign",
       [](S&, S& i, S&) { i.key_usage = lab::ku(KeyUsageBit::kDigitalSignature, KeyUsageBit::kCrlSign); }},
      {"chain.issuer-not-ca", [](S&, S& i, S&) { i.is_ca = false; }},
      {"chain.path-length-exceeded", [](S& r, S&, S&) { r.path_len = 0; }},
      {"eku.leaf-missing", [](S&, S&, S& l) { l.eku = std::vector<std::string>{"clientAuth"}; }},
      {"eku.issuer-restricts", [](S&, S& i, S&) { i.eku = std::vector<std::string>{"clientAuth"}; }},
      {"name-constraints.not-permitted",
       [](S&, S& i, S&) {
         lab::NameConstraintsSpec nc;
         nc.permitted_dns = {"fabrikam.com"};
         i.name_constraints = nc;
       }},
      {"name-constraints.excluded",
       [](S&, S& i, S&) {
         lab::NameConstraintsSpec nc;
         nc.excluded_dns = {"contoso.com"};
         i.name_constraints = nc;
       }},
      {"encoding.serial-negative", [](S&, S&, S& l) { l.serial_negative = true; }},
      {"encoding.serial-zero", [](S&, S&, S& l) { l.serial = pki::Bytes{0x00}; }},
      {"encoding.serial-too-long", [](S&, S&, S& l) { l.serial = pki::Bytes(21, 0x11); }},
      {"encoding.empty-san", [](S&, S&, S& l) { l.san_dns.clear(); l.san_force_empty = true; }},
      {"chain.untrusted-root", nullptr, lab::KeySpec::rsa(2048), lab::KeySpec::rsa(2048), false, true, true},
      {"chain.missing-issuer", nullptr, lab::KeySpec::rsa(2048), lab::KeySpec::rsa(2048), false, false},
      {"chain.no-leaf", nullptr, lab::KeySpec::rsa(2048), lab::KeySpec::rsa(2048), true, true, false, true},
  };
}

// Fatal problems no minted chain reaches through the judge; covered by the synthesised test below.
const std::set<std::string> kSynthesised{
    "verify.budget-exhausted", "chain.no-path", "chain.too-long", "key.undecodable", "key.ec-explicit-parameters",
    "key.dsa", "ext.key-usage-missing",
    // Encodings OpenSSL (and so lab::mint) will not write.
    "encoding.duplicate-extension", "encoding.extension-undecodable", "encoding.extensions-invalid",
    "encoding.signature-algorithm-mismatch", "encoding.version", "encoding.time-format",
    "encoding.time-generalized-before-2050", "encoding.trailing-data", "encoding.issuer-empty",
    "encoding.key-usage-empty", "encoding.eku-empty", "encoding.pathlen-negative", "encoding.name-constraints-empty",
    "encoding.name-constraints-empty-subtrees", "encoding.policy-constraints-empty", "encoding.duplicate-policy",
    "encoding.ski-critical",
    "name-constraints.malformed-name", "name-constraints.malformed-constraint", "name-constraints.unsupported-form",
    // The judge is given no CRLs (revocation is not judged here).
    "crl.revoked", "crl.issuer-no-crl-sign", "crl.unknown-critical",
};

// Every problem id docs/problems.md lists that can be fatal for a client: not a note, and not a
// *profile* check (fatal only under Conformance::kStrict, which no client uses) unless a client
// knob makes it fatal (ext.key-cert-sign-without-ca on the leaf).
std::set<std::string> documented_fatal_ids() {
  std::ifstream in(std::string(UCCERT_SOURCE_DIR) + "/docs/problems.md");
  EXPECT_TRUE(in.good());
  std::set<std::string> ids;
  const std::regex id_re("`([a-z0-9-]+\\.[a-z0-9.-]+)`");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("| `", 0) != 0) continue;
    const auto second = line.find('|', 1);
    const std::string first_column = line.substr(0, second);
    const std::string meaning = line.substr(second + 1);
    const bool may_be_fatal = meaning.find(" note:") != 0 &&
                              (meaning.find("*profile*") == std::string::npos ||
                               meaning.find("fatal on the leaf") != std::string::npos);
    if (!may_be_fatal) continue;
    for (std::sregex_iterator it(first_column.begin(), first_column.end(), id_re), end; it != end; ++it)
      ids.insert((*it)[1].str());
  }
  return ids;
}

std::string fatal_ids(const rules::ProfileJudgement& pj) {
  std::string out;
  for (const auto& p : pj.path.best.problems)
    if (p.fatal) out += p.id + " ";
  for (const auto& p : pj.path.path_wide)
    if (p.fatal) out += p.id + " ";
  return out;
}

bool explained_for(const judge::Judgement& j, const std::string& profile, const std::string& problem) {
  for (const auto& f : j.findings) {
    if (f.severity == Severity::kInfo) continue;
    if (std::find(f.profiles.begin(), f.profiles.end(), profile) == f.profiles.end()) continue;
    if (std::find(f.problems.begin(), f.problems.end(), problem) != f.problems.end()) return true;
  }
  return false;
}

TEST(PathValidity, NoPassVerdictWithAFatalProblemOnThePath) {
  std::set<std::string> exhibited;
  for (const auto& c : cases()) {
    auto root_spec = lab::root_ca_spec("Validity Root CA", "Validity");
    root_spec.not_before = kAt - 3650 * kDay;
    root_spec.not_after = kAt + 3650 * kDay;
    auto ica_spec = lab::intermediate_ca_spec("Validity Issuing CA", "Validity", std::nullopt);
    ica_spec.not_before = kAt - 1000 * kDay;
    ica_spec.not_after = kAt + 2000 * kDay;
    auto leaf_spec = server("sip.contoso.com", {"sip.contoso.com"});
    if (c.edit) c.edit(root_spec, ica_spec, leaf_spec);
    auto root = lab::mint(root_spec, lab::KeyPair::cached(c.root_key, 300));
    auto ica = lab::mint(ica_spec, lab::KeyPair::cached(lab::KeySpec::rsa(2048), 301), &root);
    auto leaf = lab::mint(leaf_spec, lab::KeyPair::cached(c.leaf_key, 302), &ica);

    std::vector<const lab::Minted*> chain;
    if (!c.empty) chain.push_back(&leaf);
    if (!c.empty && c.send_intermediate) chain.push_back(&ica);
    if (!c.empty && c.send_root) chain.push_back(&root);
    evidence::TrustInputs t;
    if (c.trusted) t.public_roots = t.enterprise_roots = t.mobile_roots = {root.cert};
    const auto j = judge_for(evidence(chain, "sip.contoso.com"), {}, t);
    ASSERT_EQ(j.profiles.size(), 9U);

    for (const auto& pj : j.profiles) {
      const std::string fatal = fatal_ids(pj);
      if (fatal.find(c.problem + " ") != std::string::npos) exhibited.insert(c.problem);
      if (fatal.empty()) {
        EXPECT_TRUE(pj.path.valid()) << c.problem << " / " << pj.profile_id;
        continue;
      }
      EXPECT_FALSE(pj.path.valid()) << c.problem << " / " << pj.profile_id;
      EXPECT_NE(pj.verdict, Verdict::kPass)
          << c.problem << " / " << pj.profile_id << ": fatal " << fatal << "\n" << describe(j);
      // Each fatal problem is named by a finding of warn or worse for this client.
      for (const auto& p : pj.path.best.problems) {
        if (!p.fatal) continue;
        EXPECT_TRUE(explained_for(j, pj.profile_id, p.id))
            << c.problem << " / " << pj.profile_id << ": " << p.id << " unexplained\n" << describe(j);
      }
      for (const auto& p : pj.path.path_wide)
        EXPECT_TRUE(explained_for(j, pj.profile_id, p.id))
            << c.problem << " / " << pj.profile_id << ": " << p.id << " unexplained\n" << describe(j);
    }
  }
  for (const auto& c : cases()) EXPECT_TRUE(exhibited.contains(c.problem)) << c.problem << " was never fatal";

  // Every fatal id the validator documents is minted above or synthesised below.
  for (const auto& id : documented_fatal_ids())
    EXPECT_TRUE(exhibited.contains(id) || kSynthesised.contains(id)) << id << " is covered by no case";
}

// The ids a minted chain cannot reach: a path carrying each one, as path validation would report
// it, for every built-in profile. No rule explains them, so the judge's last step fails the client.
TEST(PathValidity, SynthesisedFatalProblemsFailTheClient) {
  auto leaf =
      lab::mint(server("sip.contoso.com", {"sip.contoso.com"}), lab::KeyPair::cached(lab::KeySpec::rsa(2048), 302));
  const auto ev = evidence({&leaf}, "sip.contoso.com");
  const evidence::TrustInputs trust;
  rules::JudgeOptions options;
  options.at = kAt;
  const auto shape = rules::analyse_chain(ev.chain);
  const rules::RuleContext ctx{ev, trust, options, shape};
  for (const auto& profile : profiles::builtin_profiles().profiles) {
    for (const auto& id : kSynthesised) {
      rules::ProfileJudgement pj;
      pj.profile_id = profile.id;
      pj.path.best.certificates = {leaf.cert};
      pj.path.best.origins = {"presented"};
      pj.path.best.anchor_source = "public-roots";
      const bool path_wide = id == "verify.budget-exhausted" || id == "chain.no-path";
      verify::Problem problem{id, path_wide ? verify::kPathWide : 0, "synthesised " + id, {}, true};
      (path_wide ? pj.path.path_wide : pj.path.best.problems).push_back(problem);
      ASSERT_FALSE(pj.path.valid());

      const rules::ProfileView view{&profile, &pj};
      rules::Findings findings;
      rules::add_unexplained_fatal_problems(ctx, view, findings);
      ASSERT_EQ(findings.size(), 1U) << id << " / " << profile.id;
      EXPECT_EQ(findings[0].id, "path." + id);
      EXPECT_EQ(findings[0].severity, Severity::kFail);
      EXPECT_EQ(findings[0].profiles, std::vector<std::string>{profile.id});
      EXPECT_EQ(findings[0].problems, std::vector<std::string>{id});

      // A warning that names the problem for this client explains it; one for another client does not.
      rules::Finding other;
      other.id = "some.rule";
      other.severity = Severity::kWarn;
      other.profiles = {"another-client"};
      other.problems = {id};
      rules::Findings elsewhere{other};
      rules::add_unexplained_fatal_problems(ctx, view, elsewhere);
      EXPECT_EQ(elsewhere.size(), 2U) << id;
      other.profiles = {profile.id};
      rules::Findings explained{other};
      rules::add_unexplained_fatal_problems(ctx, view, explained);
      EXPECT_EQ(explained.size(), 1U) << id;
      // Information is not an explanation: it would leave the client a pass.
      other.severity = Severity::kInfo;
      rules::Findings info{other};
      rules::add_unexplained_fatal_problems(ctx, view, info);
      EXPECT_EQ(info.size(), 2U) << id;
    }
  }
}

}  // namespace
}  // namespace uccert::testing
