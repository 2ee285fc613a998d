// One x509-limbo testcase through uccert's path builder, RFC 5280 validator and host name
// matcher: what the conformance harness (main.cpp) runs for each case, and what the
// limbo_case fuzz target feeds with arbitrary JSON.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "uccert/pki/certificate.h"
#include "uccert/pki/error.h"

namespace uccert::limbo {

// Certificates shared between cases (the BetterTLS root, limbo's roots) are decoded once.
class CertCache {
 public:
  Result<pki::CertificatePtr> get(const std::string& pem);

 private:
  std::unordered_map<std::string, pki::CertificatePtr> cache_;
};

struct Outcome {
  std::string actual;  // SUCCESS | FAILURE | SKIPPED
  std::string context;
};

// `now`: the validation time when the case names none. `explain`: print every problem of the
// best path on stdout (the harness's --explain).
Outcome run_case(const nlohmann::json& tc, CertCache& cache, std::int64_t now, bool explain);

}  // namespace uccert::limbo
