#include "uccert/rules/audit_rules.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace uccert::rules {

namespace {

const RuleDescriptor kAuditRules[] = {
    {kAuditAvCertificateDiffers,
     "Every Edge of a pool presents the same A/V authentication certificate and key",
     Severity::kFail,
     "every client whose calls go through the Edge pool",
     nullptr,
     "EDGE-05; EDGE-12; C-03",
     "Export the certificate with its private key from one Edge and assign it on every Edge of the pool",
     {}},
    {kAuditExchangeCaDiffers,
     "Exchange's web certificate comes from another CA than the pool's, which phones do not trust",
     Severity::kWarn,
     "Lync Phone Edition (calendar, voice mail)",
     nullptr,
     "LPE-01; LPE-02; S-14",
     "Add Exchange's root to the web services TrustedCACerts, or issue Exchange's certificate from the pool's CA",
     {}},
    {kAuditNameOnSeveralCertificates,
     "A name is served by different certificates inside and outside",
     Severity::kInfo,
     "clients that roam between the inside and the outside",
     nullptr,
     "MOB-05; G-11",
     "Make sure every client that dials the name trusts each certificate's CA",
     {}},
    {kAuditNotAssigned,
     "A certificate the topology needs has no assignment, so it was not audited",
     Severity::kInfo,
     "none (the certificate was not looked at)",
     nullptr,
     "PS-04",
     "Add an [[assignment]] naming the file or endpoint that holds the certificate",
     {}},
};

}  // namespace

std::span<const RuleDescriptor> audit_rules() { return kAuditRules; }

const RuleDescriptor& audit_rule(std::string_view id) {
  const auto* it = std::find_if(std::begin(kAuditRules), std::end(kAuditRules),
                                [&](const RuleDescriptor& d) { return d.id == id; });
  if (it == std::end(kAuditRules)) throw std::logic_error("no audit rule " + std::string(id));
  return *it;
}

}  // namespace uccert::rules
