// `csr`: making a certificate request (a fresh key and a PKCS#10 request written to new files,
// and the cmdlet that would make the same request on the server), and checking one made
// elsewhere (`csr --check`) with the request rules (rules/request_rules.h).
//
// The plan a request follows (subject, SAN in order, EKU, usage) is a CsrPlan: today it comes from
// the command line; a topology's plan for a role or pool fills the same struct.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "uccert/pki/csr_builder.h"
#include "uccert/pki/error.h"
#include "uccert/report/csr_report.h"

namespace uccert::run {

// What the certificate is for: which cmdlet makes the same request on the server.
enum class CsrUsage {
  kDefault,       // Front End / Director: Default,WebServicesInternal,WebServicesExternal (PS-03)
  kEdgeExternal,  // Edge external: AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication
  kEdgeInternal,  // Edge internal: Internal
  kExchange       // Exchange: New-ExchangeCertificate -GenerateRequest
};
// "default", "edge-external", "edge-internal", "exchange"; an unknown word is an error naming them.
Result<CsrUsage> parse_csr_usage(std::string_view text);

struct CsrPlan {
  std::string subject;             // the subject CN
  std::vector<std::string> sans;   // SAN DNS names in order (the CN is put first when missing)
  std::vector<std::string> ekus;   // empty: Server Authentication
  CsrUsage usage = CsrUsage::kDefault;
};

struct CsrRequest {
  CsrPlan plan;
  pki::CsrKeySpec key;
  std::string out;      // the request (PEM); must not exist
  std::string key_out;  // the private key (PEM, 0600); must not exist, never "-"
};

// Writes both files or neither; every error is one line.
Result<report::CsrMadeReport> run_csr(const CsrRequest& request);

struct CsrCheckRequest {
  std::string file;                // the request, PEM or DER
  std::vector<std::string> names;  // the names it must carry (empty: not compared)
};

// A file that holds no request, or a request whose signature does not verify: an error.
Result<report::CsrCheckReport> run_csr_check(const CsrCheckRequest& request);

// The PowerShell line that makes the same request on the server (Request-CsCertificate, or
// New-ExchangeCertificate for Exchange), the request file named after `out`.
std::string equivalent_request_command(const CsrPlan& plan, const pki::CsrKeySpec& key, std::string_view out);

}  // namespace uccert::run
