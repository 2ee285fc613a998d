#include "uccert/run/csr.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "uccert/names/reference_host.h"
#include "uccert/pki/load.h"
#include "uccert/pki/pem.h"
#include "uccert/pki/write_new_file.h"
#include "uccert/rules/fix_text.h"
#include "uccert/rules/request_rules.h"

namespace uccert::run {

namespace {

// A name a request may carry: letters, digits, hyphens, dots, and '*' (a wildcard label); no
// spaces or control characters, which a CA would refuse after the request was sent.
Status check_name(std::string_view what, const std::string& name) {
  const bool ok = !name.empty() && name.size() <= 253 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '*';
  });
  if (!ok) return Error{fmt::format("{} '{}' is not a DNS name (letters, digits, '-', '.', a '*' label)", what, name)};
  return Ok{};
}

std::string key_description(const pki::CsrKeySpec& key) {
  return key.algorithm == pki::CsrKeySpec::Algorithm::kRsa ? fmt::format("RSA {}", key.rsa_bits)
                                                           : fmt::format("ECDSA {}", key.curve);
}

std::string request_file_name(std::string_view out) {
  const std::string base = std::filesystem::path(std::string(out)).filename().string();
  return "C:\\certs\\" + (base.empty() ? std::string("request.req") : base);
}

}  // namespace

Result<CsrUsage> parse_csr_usage(std::string_view text) {
  if (text == "default") return CsrUsage::kDefault;
  if (text == "edge-external") return CsrUsage::kEdgeExternal;
  if (text == "edge-internal") return CsrUsage::kEdgeInternal;
  if (text == "exchange") return CsrUsage::kExchange;
  return Error{fmt::format("unknown usage '{}' (default, edge-external, edge-internal, exchange)", text)};
}

std::string equivalent_request_command(const CsrPlan& plan, const pki::CsrKeySpec& key, std::string_view out) {
  using rules::fix::ps_quoted;
  const bool rsa = key.algorithm == pki::CsrKeySpec::Algorithm::kRsa;
  const std::string file = ps_quoted(request_file_name(out));
  if (plan.usage == CsrUsage::kExchange) {
    std::string names;
    for (const auto& n : plan.sans) names += (names.empty() ? "" : ",") + ps_quoted(n);
    // New-ExchangeCertificate makes RSA keys only: an ECDSA request has no Exchange equivalent.
    return fmt::format("New-ExchangeCertificate -GenerateRequest -SubjectName {} -DomainName {} -KeySize {} "
                       "-PrivateKeyExportable $true -RequestFile {}{}",
                       ps_quoted("CN=" + plan.subject), names, rsa ? key.rsa_bits : 2048, file,
                       rsa ? "" : "  # RSA: New-ExchangeCertificate makes no ECDSA key");
  }
  std::string_view type = "Default,WebServicesInternal,WebServicesExternal";
  if (plan.usage == CsrUsage::kEdgeExternal) type = "AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication";
  if (plan.usage == CsrUsage::kEdgeInternal) type = "Internal";
  // The subject and the pool's own names come from the topology (PS-01); -DomainName adds the rest.
  const std::string key_option = rsa ? fmt::format("-KeySize {}", key.rsa_bits)
                                     : fmt::format("-KeyAlg ECDH_{}", key.curve == "P-384" ? "P384" : "P256");
  return fmt::format("Request-CsCertificate -New -Type {} -DomainName {} {} -PrivateKeyExportable $true -Output {}",
                     type, ps_quoted(rules::fix::join_names(plan.sans)), key_option, file);
}

Result<report::CsrMadeReport> run_csr(const CsrRequest& request) {
  if (request.key_out == "-")
    return Error{"--key-out -: a private key is never written to a terminal or a pipe; give a file name"};
  if (request.out == "-") return Error{"--out -: give a file name for the request"};
  if (request.out.empty() || request.key_out.empty()) return Error{"--out and --key-out are required"};
  CsrPlan plan = request.plan;
  if (auto s = check_name("--subject", plan.subject); !s) return s.error();
  for (const auto& n : plan.sans)
    if (auto s = check_name("--san", n); !s) return s.error();
  report::CsrMadeReport made;
  const auto same = [&](const std::string& n) {
    return names::normalise_host(n) == names::normalise_host(plan.subject);
  };
  if (std::none_of(plan.sans.begin(), plan.sans.end(), same)) {
    plan.sans.insert(plan.sans.begin(), plan.subject);
    made.notes.push_back("the subject CN was put first in the SAN: clients read the SAN, not the CN (G-12)");
  }
  if (plan.ekus.empty()) plan.ekus = {"serverAuth"};

  pki::CsrSpec spec{plan.subject, plan.sans, plan.ekus};
  auto built = pki::make_csr(spec, request.key);
  if (!built) return built.error();
  auto decoded = pki::load_bytes(
      std::span(reinterpret_cast<const std::uint8_t*>(built->csr_pem.data()), built->csr_pem.size()), request.out);
  if (!decoded || !decoded->csr) return Error{"the request just made does not decode (a broken build)"};

  const std::vector<pki::NewFile> files = {{request.key_out, built->private_key_pem.view(), true},
                                           {request.out, built->csr_pem, false}};
  if (auto s = pki::write_new_files(files); !s) return s.error();

  made.request_path = request.out;
  made.key_path = request.key_out;
  made.key_description = key_description(request.key);
  made.csr = *decoded->csr;
  made.equivalent_command = equivalent_request_command(plan, request.key, request.out);
  made.findings = rules::check_request(made.csr, rules::RequestPlan{plan.sans});
  return made;
}

Result<report::CsrCheckReport> run_csr_check(const CsrCheckRequest& request) {
  for (const auto& n : request.names)
    if (auto s = check_name("--name", n); !s) return s.error();
  auto loaded = pki::load_file(request.file);
  if (!loaded) return loaded.error();
  if (!loaded->csr)
    return Error{fmt::format("{}: holds {} ({}), not a certificate request (PKCS#10)", request.file,
                             loaded->certificates.empty()
                                 ? std::string("no request")
                                 : fmt::format("{} certificate(s)", loaded->certificates.size()),
                             pki::container_name(loaded->container))};
  if (!loaded->csr->signature_valid)
    return Error{fmt::format("{}: the request's signature does not verify ({}): it was altered or damaged; make it "
                             "again",
                             request.file, loaded->csr->signature_error)};
  report::CsrCheckReport r;
  r.path = request.file;
  r.csr = *loaded->csr;
  r.planned_names = request.names;
  r.findings = rules::check_request(r.csr, rules::RequestPlan{request.names});
  return r;
}

}  // namespace uccert::run
