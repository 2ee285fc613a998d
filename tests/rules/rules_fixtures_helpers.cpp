#include <gtest/gtest.h>

#include <fmt/format.h>

#include "rules/rules_fixtures.h"

namespace uccert::testing {

namespace {
constexpr pki::UnixTime kDay = 86400;
}

Ca make_ca(const std::string& name, int key_index, bool with_aia) {
  auto root_spec = lab::root_ca_spec(name + " Root CA", name);
  root_spec.not_before = kAt - 3650 * kDay;
  root_spec.not_after = kAt + 3650 * kDay;
  auto root = lab::mint(root_spec, lab::KeyPair::cached(lab::KeySpec::rsa(2048), 100 + key_index * 2));
  auto int_spec = lab::intermediate_ca_spec(name + " Issuing CA", name);
  int_spec.not_before = kAt - 1000 * kDay;
  int_spec.not_after = kAt + 2000 * kDay;
  int_spec.crl_urls = {std::string(lab::kLabCrlUrl)};
  if (with_aia) int_spec.ca_issuers_urls = {std::string(lab::kLabAiaUrl)};
  auto inter = lab::mint(int_spec, lab::KeyPair::cached(lab::KeySpec::rsa(2048), 101 + key_index * 2), &root);
  return Ca{std::move(root), std::move(inter)};
}

lab::CertSpec server(const std::string& cn, std::vector<std::string> dns) {
  auto spec = lab::server_spec(cn, std::move(dns));
  spec.not_before = kAt - 30 * kDay;
  spec.not_after = kAt + 365 * kDay;
  spec.crl_urls = {std::string(lab::kLabCrlUrl)};
  spec.ca_issuers_urls = {std::string(lab::kLabAiaUrl)};
  return spec;
}

lab::Minted issue(const Ca& ca, lab::CertSpec spec, int key_index) {
  return lab::mint(spec, lab::KeyPair::cached(lab::KeySpec::rsa(2048), key_index), &ca.intermediate);
}

pki::Evidence evidence(const std::vector<const lab::Minted*>& chain, const std::string& name) {
  pki::Evidence ev;
  ev.target = "test.pem";
  ev.dialled_name = name;
  ev.container = "PEM";
  ev.observed_at = kAt;
  for (const auto* m : chain) ev.chain.push_back(m->cert);
  return ev;
}

rules::Judgement judge_for(const pki::Evidence& ev, const std::vector<std::string>& profile_ids,
                       const rules::TrustInputs& trust, rules::JudgeOptions options) {
  const auto& set = profiles::builtin_profiles();
  std::vector<const profiles::ClientProfile*> ps;
  if (profile_ids.empty()) {
    for (const auto& p : set.profiles) ps.push_back(&p);
  } else {
    for (const auto& id : profile_ids) {
      const auto* p = set.find(id);
      EXPECT_NE(p, nullptr) << "no built-in profile " << id;
      if (p != nullptr) ps.push_back(p);
    }
  }
  if (options.at == 0) options.at = kAt;
  return rules::judge(ev, ps, trust, options);
}

const rules::Finding* find(const rules::Judgement& j, const std::string& id, const std::string& profile) {
  for (const auto& f : j.findings) {
    if (f.id != id) continue;
    if (profile.empty()) return &f;
    for (const auto& p : f.profiles)
      if (p == profile) return &f;
  }
  return nullptr;
}

rules::Verdict verdict(const rules::Judgement& j, const std::string& profile) {
  const auto* pj = j.find(profile);
  EXPECT_NE(pj, nullptr) << "profile " << profile << " not judged";
  return pj != nullptr ? pj->verdict : rules::Verdict::kFail;
}

std::string describe(const rules::Judgement& j) {
  std::string s;
  for (const auto& pj : j.profiles) s += fmt::format("{}={} ", pj.profile_id, rules::to_string(pj.verdict));
  s += "\n";
  for (const auto& f : j.findings) {
    std::string ps;
    for (const auto& p : f.profiles) ps += p + ",";
    s += fmt::format("  {} {} [{}] {}\n", rules::to_string(f.severity), f.id, ps, f.message);
  }
  return s;
}

}  // namespace uccert::testing
