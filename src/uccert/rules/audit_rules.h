// The rules `uccert audit` applies across the certificates of a topology (run/audit.cpp makes
// the findings, since only it sees every certificate at once): registered here so that
// `uccert rules` lists them and docs/findings.md documents them like every other rule.
#pragma once

#include <span>
#include <string_view>

#include "uccert/rules/rule.h"

namespace uccert::rules {

inline constexpr std::string_view kAuditAvCertificateDiffers = "audit.av-certificate-differs";
inline constexpr std::string_view kAuditExchangeCaDiffers = "audit.exchange-ca-differs";
inline constexpr std::string_view kAuditNameOnSeveralCertificates = "audit.name-on-several-certificates";
inline constexpr std::string_view kAuditNotAssigned = "audit.not-assigned";

std::span<const RuleDescriptor> audit_rules();
// The descriptor of one of the ids above (a programming error otherwise: throws).
const RuleDescriptor& audit_rule(std::string_view id);

}  // namespace uccert::rules
