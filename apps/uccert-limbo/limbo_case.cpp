#include "limbo_case.h"

#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "uccert/names/match.h"
#include "uccert/names/name_policy.h"
#include "uccert/pki/pem.h"
#include "uccert/verify/verify.h"

namespace uccert::limbo {

namespace {

using nlohmann::json;
using pki::Certificate;
using pki::CertificatePtr;

// Features this engine does not implement; a case that needs one is SKIPPED.
const std::set<std::string> kUnsupported = {
    // RFC 5280 4.2.1.10 requires nameConstraints to be critical; CA/B BR 7.1.2.5.2 allows it
    // non-critical and this engine follows the CA/B Forum (and rustls-webpki) there.
    "rfc5280-incompatible-with-webpki",
    // A trust anchor is trusted as configured (RFC 5280 6.1.1 (d)); its own AKI is not judged.
    "pedantic-rfc5280",
};

std::string eku_oid(const std::string& name) {
  static const std::map<std::string, std::string> kOids = {
      {"serverAuth", "1.3.6.1.5.5.7.3.1"},      {"clientAuth", "1.3.6.1.5.5.7.3.2"},
      {"codeSigning", "1.3.6.1.5.5.7.3.3"},     {"emailProtection", "1.3.6.1.5.5.7.3.4"},
      {"timeStamping", "1.3.6.1.5.5.7.3.8"},    {"OCSPSigning", "1.3.6.1.5.5.7.3.9"},
      {"anyExtendedKeyUsage", "2.5.29.37.0"},
  };
  auto it = kOids.find(name);
  return it == kOids.end() ? name : it->second;
}

std::optional<uccert::pki::KeyUsageBit> key_usage_bit(const std::string& name) {
  using uccert::pki::KeyUsageBit;
  static const std::map<std::string, KeyUsageBit> kBits = {
      {"digitalSignature", KeyUsageBit::kDigitalSignature}, {"contentCommitment", KeyUsageBit::kNonRepudiation},
      {"nonRepudiation", KeyUsageBit::kNonRepudiation},     {"keyEncipherment", KeyUsageBit::kKeyEncipherment},
      {"dataEncipherment", KeyUsageBit::kDataEncipherment}, {"keyAgreement", KeyUsageBit::kKeyAgreement},
      {"keyCertSign", KeyUsageBit::kKeyCertSign},           {"cRLSign", KeyUsageBit::kCrlSign},
      {"encipherOnly", KeyUsageBit::kEncipherOnly},         {"decipherOnly", KeyUsageBit::kDecipherOnly},
  };
  auto it = kBits.find(name);
  if (it == kBits.end()) return std::nullopt;
  return it->second;
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// RFC 822 reference identity (CLIENT cases): an rfc822Name SAN equal to the mailbox, the local
// part exactly and the domain without case.
bool email_present(const Certificate& leaf, const std::string& mailbox) {
  auto at = mailbox.find('@');
  if (at == std::string::npos) return false;
  for (const auto& g : leaf.subject_alt_names) {
    if (g.type != uccert::pki::GeneralNameType::kEmail) continue;
    auto gat = g.value.find('@');
    if (gat == std::string::npos || g.value.substr(0, gat) != mailbox.substr(0, at)) continue;
    std::string a = g.value.substr(gat + 1), b = mailbox.substr(at + 1);
    if (a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); }))
      return true;
  }
  return false;
}

}  // namespace

Result<pki::CertificatePtr> CertCache::get(const std::string& pem) {
  if (auto it = cache_.find(pem); it != cache_.end()) return it->second;
  auto blocks = pki::parse_pem(pem);
  if (!blocks) return blocks.error();
  if (blocks->empty()) return Error{"no PEM block"};
  auto cert = pki::Certificate::from_der(blocks->front().der);
  if (!cert) return cert.error();
  cache_.emplace(pem, *cert);
  return *cert;
}

Outcome run_case(const json& tc, CertCache& cache, std::int64_t now, bool explain) {
  if (tc.contains("features") && tc["features"].is_array()) {
    for (const auto& f : tc["features"]) {
      if (kUnsupported.count(f.get<std::string>()) != 0) return {"SKIPPED", "unsupported feature: " + f.get<std::string>()};
    }
  }
  uccert::verify::Input input;
  auto leaf = cache.get(tc.at("peer_certificate").get<std::string>());
  if (!leaf) return {"FAILURE", "leaf: " + leaf.error().message};
  input.presented.push_back(*leaf);
  for (const auto& pem : tc.at("untrusted_intermediates")) {
    auto c = cache.get(pem.get<std::string>());
    if (!c) return {"FAILURE", "intermediate: " + c.error().message};
    input.presented.push_back(*c);
  }
  for (const auto& pem : tc.at("trusted_certs")) {
    auto c = cache.get(pem.get<std::string>());
    if (!c) return {"FAILURE", "trust anchor: " + c.error().message};
    input.anchors.push_back({*c, "limbo"});
  }

  if (tc.contains("crls") && tc["crls"].is_array()) {
    for (const auto& pem : tc["crls"]) {
      auto blocks = uccert::pki::parse_pem(pem.get<std::string>());
      if (!blocks || blocks->empty()) return {"FAILURE", "unreadable CRL"};
      auto crl = uccert::pki::CertificateRevocationList::from_der(blocks->front().der);
      if (!crl) return {"FAILURE", "CRL: " + crl.error().message};
      input.crls.push_back(*crl);
    }
  }

  uccert::verify::Options options;
  options.at = now;
  if (tc.contains("validation_time") && tc["validation_time"].is_string()) {
    auto t = uccert::pki::parse_time(tc["validation_time"].get<std::string>());
    if (!t) return {"FAILURE", "bad validation_time"};
    options.at = *t;
  }
  const std::string kind = tc.value("validation_kind", "SERVER");
  if (tc.contains("extended_key_usage") && tc["extended_key_usage"].is_array() && !tc["extended_key_usage"].empty())
    options.required_eku = eku_oid(tc["extended_key_usage"].front().get<std::string>());
  if (tc.contains("key_usage") && tc["key_usage"].is_array()) {
    for (const auto& k : tc["key_usage"])
      if (auto bit = key_usage_bit(k.get<std::string>())) options.required_key_usage.push_back(*bit);
  }
  if (tc.contains("max_chain_depth") && tc["max_chain_depth"].is_number_integer())
    options.max_intermediates = tc["max_chain_depth"].get<int>();
  options.algorithms = uccert::verify::AlgorithmPolicy::kModern;
  options.eku_chaining = uccert::verify::EkuChaining::kIntersect;
  options.conformance = uccert::verify::Conformance::kStrict;

  const auto result = uccert::verify::verify(input, options);
  if (explain) {
    std::cout << tc.value("id", "") << ": " << (result.valid() ? "valid" : "invalid") << " best path of "
              << result.best.certificates.size() << ", " << result.attempted.size() << " attempted\n";
    for (const auto* list : {&result.path_wide, &result.best.problems})
      for (const auto& p : *list)
        std::cout << "  [" << p.cert_index << "] " << p.id << (p.fatal ? "" : " (note)") << ": " << p.message << "\n";
  }
  if (!result.valid()) {
    const uccert::verify::Problem* first = nullptr;
    for (const auto& p : result.path_wide)
      if (p.fatal) { first = &p; break; }
    if (first == nullptr)
      for (const auto& p : result.best.problems)
        if (p.fatal) { first = &p; break; }
    if (first == nullptr) return {"FAILURE", "no path to a trust anchor"};
    return {"FAILURE", first->id + ": " + first->message};
  }

  const Certificate& ee = *input.presented.front();
  if (kind == "SERVER" && tc.contains("expected_peer_name") && tc["expected_peer_name"].is_object()) {
    const auto& peer = tc["expected_peer_name"];
    const std::string value = peer.at("value").get<std::string>();
    uccert::names::NamePolicy policy;
    policy.wildcards = uccert::names::Wildcards::kLeftmostLabel;
    policy.common_name = uccert::names::CommonName::kIgnore;
    auto m = uccert::names::match(value, ee, policy);
    if (!m.matched) return {"FAILURE", "name: " + value + " not in the certificate" + (m.host_error.empty() ? "" : " (" + m.host_error + ")")};
  }
  if (kind == "CLIENT" && tc.contains("expected_peer_names") && tc["expected_peer_names"].is_array()) {
    for (const auto& peer : tc["expected_peer_names"]) {
      if (peer.value("kind", "") != "RFC822") continue;
      const std::string value = peer.at("value").get<std::string>();
      if (!email_present(ee, value)) return {"FAILURE", "name: " + value + " not in the certificate"};
    }
  }
  return {"SUCCESS", "valid path of " + std::to_string(result.best.certificates.size()) + " certificates"};
}

}  // namespace uccert::limbo
