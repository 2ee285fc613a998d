#include "uccert/report/csr_render.h"

#include <fmt/format.h>

#include <algorithm>

#include "uccert/report/check_json.h"
#include "uccert/report/json_keys.h"
#include "uccert/report/json_text.h"
#include "uccert/report/csr_json_keys.h"
#include "uccert/report/printable.h"
#include "uccert/report/report.h"

namespace uccert::report {

namespace k = json_keys;

namespace {

std::vector<std::string> dns_sans(const pki::CsrView& csr) {
  std::vector<std::string> out;
  for (const auto& n : csr.requested_sans)
    if (n.type == pki::GeneralNameType::kDns) out.push_back(n.value);
  return out;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string key_text(const pki::PublicKeyInfo& k) {
  if (k.algorithm == "EC") return fmt::format("ECDSA {}", k.curve);
  return fmt::format("{} {}", k.algorithm, k.bits);
}

std::string request_text(const pki::CsrView& csr) {
  std::string out;
  const std::string subject = csr.subject.text.empty() ? std::string("(empty)") : printable(csr.subject.text);
  out += fmt::format("  Subject  {}\n", subject);
  const auto sans = dns_sans(csr);
  out += fmt::format("  SAN      {}\n", sans.empty() ? std::string("(none)") : printable(joined(sans)));
  const auto& eku = csr.requested_extended_key_usage;
  out += fmt::format("  EKU      {}\n",
                     eku.present ? joined(eku.names) : std::string("(none: the CA's template decides)"));
  out += fmt::format("  Key      {}\n", key_text(csr.public_key));
  out += fmt::format("  SHA-256  {}\n", csr.sha256);
  return out;
}

void findings_text(std::string& out, const rules::Findings& findings) {
  if (findings.empty()) return;
  out += fmt::format("\nFindings ({})\n", findings.size());
  for (const auto& f : findings) {
    out += fmt::format("\n{}  {}\n", rules::to_string(f.severity), f.id);
    out += fmt::format("  Fix: {}\n", printable(f.fix));
    out += fmt::format("  Problem: {}\n", printable(f.message));
    out += fmt::format("  Why: {} ({})\n", f.title, f.source);
  }
}

nlohmann::ordered_json request_json(const pki::CsrView& csr) {
  nlohmann::ordered_json j;
  j[k::kCsrSubject] = csr.subject.text;
  j[k::kCsrSan] = dns_sans(csr);
  j[k::kCsrEku] = csr.requested_extended_key_usage.names;
  j[k::kCsrKeyAlgorithm] = csr.public_key.algorithm;
  j[k::kCsrKeyBits] = csr.public_key.bits;
  j[k::kCsrKeyCurve] = csr.public_key.curve;
  j[k::kCsrSignatureValid] = csr.signature_valid;
  j[k::kCsrSha256] = csr.sha256;
  return j;
}

nlohmann::ordered_json findings_json(const rules::Findings& findings) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& f : findings) list.push_back(finding_json(f));
  return list;
}

}  // namespace

int exit_code(const CsrCheckReport& report) {
  int code = kExitPass;
  for (const auto& f : report.findings) {
    if (f.severity == rules::Severity::kFail) code = kExitFail;
    else if (f.severity == rules::Severity::kWarn) code = std::max(code, kExitWarn);
  }
  return code;
}

std::string render_csr_made_text(const CsrMadeReport& r) {
  std::string out;
  out += fmt::format("Wrote the request {} and its private key {} ({}, mode 0600).\n", printable(r.request_path),
                     printable(r.key_path), r.key_description);
  out += "Keep the key where only you can read it: the certificate the CA returns is useless without it.\n\n";
  out += request_text(r.csr);
  for (const auto& n : r.notes) out += fmt::format("  note: {}\n", printable(n));
  out += "\nThe same request made on the server instead (the key then never leaves it):\n";
  out += fmt::format("  {}\n", r.equivalent_command);
  findings_text(out, r.findings);
  return out;
}

std::string render_csr_made_json(const CsrMadeReport& r) {
  nlohmann::ordered_json j;
  j[k::kSchema] = k::kSchemaVersion;
  j[k::kCommand] = "csr";
  j[k::kCsrRequestPath] = r.request_path;
  j[k::kCsrKeyPath] = r.key_path;
  j[k::kCsrRequest] = request_json(r.csr);
  j[k::kCsrEquivalentCommand] = r.equivalent_command;
  j[k::kCsrNotes] = r.notes;
  j[k::kCsrFindings] = findings_json(r.findings);
  return json_text(j);
}

std::string render_csr_check_text(const CsrCheckReport& r) {
  std::string out = fmt::format("uccert csr --check {}\n\n", printable(r.path));
  out += request_text(r.csr);
  if (!r.planned_names.empty()) out += fmt::format("  Planned  {}\n", printable(joined(r.planned_names)));
  findings_text(out, r.findings);
  if (r.findings.empty()) out += "\nNo findings: the request asks for what the plan needs.\n";
  return out;
}

std::string render_csr_check_json(const CsrCheckReport& r) {
  nlohmann::ordered_json j;
  j[k::kSchema] = k::kSchemaVersion;
  j[k::kCommand] = "csr-check";
  j[k::kCsrRequestPath] = r.path;
  j[k::kCsrRequest] = request_json(r.csr);
  j[k::kCsrPlanned] = r.planned_names;
  j[k::kCsrFindings] = findings_json(r.findings);
  return json_text(j);
}

}  // namespace uccert::report
