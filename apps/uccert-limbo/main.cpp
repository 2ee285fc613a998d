// uccert-limbo: runs the x509-limbo conformance suite (C2SP/x509-limbo) through uccert's path
// builder, RFC 5280 validator and host name matcher, and writes the harness results JSON:
//   {"version":1,"harness":"uccert","results":[{"id","actual_result","context"}]}
//
//   uccert-limbo LIMBO_JSON [--output RESULTS_JSON] [--exceptions EXCEPTIONS_JSON]
//                [--floor-file FILE] [--no-false-accept NS1,NS2,...] [--quiet]
//
// A case is skipped only when it needs a feature this engine does not implement (kUnsupported).
// The exceptions file lists known divergences (id, expected, actual, reason): they are reported
// apart from unexpected results and never change a verdict. With --floor-file, the run fails
// (exit 1) when fewer cases pass than the number in the file; with --no-false-accept, it fails
// when a case expected to FAIL is accepted in one of the listed namespaces and is not a known
// divergence (listed with that same actual result). Exit 3: unreadable input.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "uccert/names/match.h"
#include "uccert/names/name_policy.h"
#include "uccert/pki/certificate.h"
#include "uccert/pki/pem.h"
#include "uccert/verify/verify.h"

namespace {

using nlohmann::json;
using uccert::pki::Certificate;
using uccert::pki::CertificatePtr;

// Features this engine does not implement; a case that needs one is SKIPPED.
const std::set<std::string> kUnsupported = {
    // Certificate policy processing (RFC 5280 6.1.3 (d)-(f)) is not done. policyConstraints is
    // decoded and its encoding checked (criticality), which is what has-policy-constraints cases
    // of this suite test, so that feature is not skipped.
    "has-cert-policies",
    "no-cert-policies",
    "pedantic-public-suffix-wildcard",
    // RFC 5280 4.2.1.10 requires nameConstraints to be critical; CA/B BR 7.1.2.5.2 allows it
    // non-critical and this engine follows the CA/B Forum (and rustls-webpki) there.
    "rfc5280-incompatible-with-webpki",
    // A trust anchor is trusted as configured (RFC 5280 6.1.1 (d)); its own AKI is not judged.
    "pedantic-rfc5280",  // the public suffix list is not consulted (names/match.h)
};

struct Args {
  std::string limbo;
  std::string output;
  std::string exceptions;
  std::string floor_file;
  std::vector<std::string> no_false_accept;
  bool quiet = false;
  std::string explain;  // print every problem of this case's best path
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, sep))
    if (!item.empty()) out.push_back(item);
  return out;
}

bool parse_args(int argc, char** argv, Args& a) {
  for (int i = 1; i < argc; ++i) {
    std::string s = argv[i];
    auto value = [&](std::string& into) {
      if (i + 1 >= argc) return false;
      into = argv[++i];
      return true;
    };
    if (s == "--output" || s == "-o") {
      if (!value(a.output)) return false;
    } else if (s == "--exceptions") {
      if (!value(a.exceptions)) return false;
    } else if (s == "--floor-file") {
      if (!value(a.floor_file)) return false;
    } else if (s == "--no-false-accept") {
      std::string v;
      if (!value(v)) return false;
      a.no_false_accept = split(v, ',');
    } else if (s == "--explain") {
      if (!value(a.explain)) return false;
    } else if (s == "--quiet") {
      a.quiet = true;
    } else if (!s.empty() && s[0] == '-') {
      return false;
    } else if (a.limbo.empty()) {
      a.limbo = s;
    } else {
      return false;
    }
  }
  return !a.limbo.empty();
}

// Certificates shared between cases (the BetterTLS root, limbo's roots) are decoded once.
class CertCache {
 public:
  uccert::Result<CertificatePtr> get(const std::string& pem) {
    if (auto it = cache_.find(pem); it != cache_.end()) return it->second;
    auto blocks = uccert::pki::parse_pem(pem);
    if (!blocks) return blocks.error();
    if (blocks->empty()) return uccert::Error{"no PEM block"};
    auto cert = Certificate::from_der(blocks->front().der);
    if (!cert) return cert.error();
    cache_.emplace(pem, *cert);
    return *cert;
  }

 private:
  std::unordered_map<std::string, CertificatePtr> cache_;
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

struct Outcome {
  std::string actual;  // SUCCESS | FAILURE | SKIPPED
  std::string context;
};

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

std::string namespace_of(const std::string& id, int depth) {
  std::size_t pos = 0;
  for (int i = 0; i < depth; ++i) {
    auto next = id.find("::", pos);
    if (next == std::string::npos) return id.substr(0, pos == 0 ? id.size() : pos - 2);
    pos = next + 2;
  }
  return id.substr(0, pos - 2);
}

struct Tally {
  int total = 0, pass = 0, fail = 0, skipped = 0;
};

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!parse_args(argc, argv, args)) {
    std::cerr << "usage: uccert-limbo LIMBO_JSON [--output RESULTS_JSON] [--exceptions FILE] [--floor-file FILE] "
                 "[--no-false-accept NS,...] [--explain ID] [--quiet]\n";
    return 3;
  }
  json limbo;
  {
    std::ifstream in(args.limbo, std::ios::binary);
    if (!in) {
      std::cerr << args.limbo << ": cannot open\n";
      return 3;
    }
    limbo = json::parse(in, nullptr, false);
    if (limbo.is_discarded() || !limbo.is_object() || !limbo.contains("testcases") || !limbo["testcases"].is_array()) {
      std::cerr << args.limbo << ": not an x509-limbo JSON file (no \"testcases\" array)\n";
      return 3;
    }
  }
  struct Known {
    std::string actual;
    std::string reason;
  };
  std::map<std::string, Known> exceptions;  // id -> the divergence and its reason
  if (!args.exceptions.empty()) {
    std::ifstream in(args.exceptions, std::ios::binary);
    json ex = in ? json::parse(in, nullptr, false) : json();
    if (!in || ex.is_discarded() || !ex.is_array()) {
      std::cerr << args.exceptions << ": not a JSON array of {id, expected, actual, reason}\n";
      return 3;
    }
    for (const auto& e : ex)
      if (e.is_object() && e.contains("id"))
        exceptions[e["id"].get<std::string>()] = {e.value("actual", ""), e.value("reason", "")};
  }
  long floor = -1;
  if (!args.floor_file.empty()) {
    std::ifstream in(args.floor_file);
    if (!(in >> floor)) {
      std::cerr << args.floor_file << ": expected one integer (the pass-count floor)\n";
      return 3;
    }
  }

  const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  CertCache cache;
  json results = json::array();
  Tally all;
  std::map<std::string, Tally> by_ns;
  std::vector<std::string> unexpected, known, false_accepts;

  for (const auto& tc : limbo["testcases"]) {
    std::string id = tc.value("id", "");
    std::string expected = tc.value("expected_result", "");
    Outcome o;
    try {
      o = run_case(tc, cache, now, id == args.explain);
    } catch (const json::exception& e) {
      o = {"FAILURE", std::string("malformed testcase: ") + e.what()};
    }
    results.push_back({{"id", id}, {"actual_result", o.actual}, {"context", o.context}});
    std::string ns = namespace_of(id, 1);
    std::string ns2 = (ns == "bettertls" || ns == "rfc5280" || ns == "webpki") ? namespace_of(id, 2) : ns;
    for (Tally* t : {&all, &by_ns[ns2]}) {
      ++t->total;
      if (o.actual == "SKIPPED") ++t->skipped;
      else if (o.actual == expected) ++t->pass;
      else ++t->fail;
    }
    if (o.actual != "SKIPPED" && o.actual != expected) {
      std::string line = id + " expected " + expected + " got " + o.actual + " (" + o.context + ")";
      auto ex = exceptions.find(id);
      const bool is_known = ex != exceptions.end() && ex->second.actual == o.actual;
      if (is_known) known.push_back(line + " [known: " + ex->second.reason + "]");
      else unexpected.push_back(line);
      if (!is_known && expected == "FAILURE" && o.actual == "SUCCESS" &&
          std::find(args.no_false_accept.begin(), args.no_false_accept.end(), ns) != args.no_false_accept.end())
        false_accepts.push_back(id);
    }
  }

  if (!args.output.empty()) {
    std::ofstream out(args.output, std::ios::binary);
    json doc = {{"version", 1}, {"harness", "uccert"}, {"results", results}};
    out << doc.dump(1) << "\n";
    if (!out) {
      std::cerr << args.output << ": cannot write\n";
      return 3;
    }
  }

  std::cout << fmt::format("total {}  pass {}  fail {}  skipped {}\n", all.total, all.pass, all.fail, all.skipped);
  std::cout << fmt::format("{:<32} {:>6} {:>6} {:>6} {:>6}\n", "namespace", "total", "pass", "fail", "skip");
  for (const auto& [ns, t] : by_ns)
    std::cout << fmt::format("{:<32} {:>6} {:>6} {:>6} {:>6}\n", ns, t.total, t.pass, t.fail, t.skipped);
  if (!args.quiet) {
    std::cout << "unexpected results (" << unexpected.size() << "):\n";
    for (const auto& u : unexpected) std::cout << "  " << u << "\n";
    if (!known.empty()) {
      std::cout << "known divergences (" << known.size() << "):\n";
      for (const auto& k : known) std::cout << "  " << k << "\n";
    }
  } else {
    std::cout << "unexpected results: " << unexpected.size() << ", known divergences: " << known.size() << "\n";
  }

  int rc = 0;
  if (floor >= 0 && all.pass < floor) {
    std::cout << fmt::format("FAIL: {} cases pass, below the recorded floor of {}\n", all.pass, floor);
    rc = 1;
  }
  if (!false_accepts.empty()) {
    std::cout << "FAIL: accepted cases that must be rejected:\n";
    for (const auto& id : false_accepts) std::cout << "  " << id << "\n";
    rc = 1;
  }
  return rc;
}
