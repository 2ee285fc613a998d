// Certificate::from_der on hostile bytes (a server's Certificate message, a file), then what
// every later stage reads from the decoded view: the derived fields, the self-signature check and
// host name matching under each policy shape (W-12: no wildcards, UM-02: CN only).
#include <cstddef>
#include <cstdint>
#include <span>

#include "uccert/names/match.h"
#include "uccert/names/name_policy.h"
#include "uccert/pki/certificate.h"

namespace {

void exercise(const uccert::pki::Certificate& cert) {
  using uccert::names::CommonName;
  using uccert::names::Wildcards;
  // Touch the strings so a dangling view inside the decoder shows up under ASan.
  std::size_t sink = cert.subject.text.size() + cert.issuer.text.size() + cert.serial_hex.size();
  for (const auto& g : cert.subject_alt_names) sink += g.value.size() + g.raw.size();
  for (const auto& e : cert.extensions) sink += e.value.size();
  (void)cert.find_extension("2.5.29.17");
  (void)cert.key_usage.names();
  (void)uccert::pki::verify_signature(cert, cert);
  (void)uccert::pki::format_time(cert.not_before);
  (void)uccert::pki::format_time(cert.not_after);
  (void)uccert::pki::canonical_rdns_of(cert.subject.der);

  uccert::names::NamePolicy policy;
  for (auto w : {Wildcards::kNone, Wildcards::kLeftmostLabel, Wildcards::kPartialLabel}) {
    for (auto cn : {CommonName::kIgnore, CommonName::kFallback, CommonName::kAlways, CommonName::kOnly}) {
      policy.wildcards = w;
      policy.common_name = cn;
      (void)uccert::names::match("sip.contoso.com", cert, policy);
      (void)uccert::names::match("192.0.2.1", cert, policy);
      if (!cert.subject_common_names.empty()) (void)uccert::names::match(cert.subject_common_names.front(), cert, policy);
    }
  }
  (void)sink;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto cert = uccert::pki::Certificate::from_der(std::span<const std::uint8_t>(data, size));
  if (cert) exercise(**cert);
  return 0;
}
