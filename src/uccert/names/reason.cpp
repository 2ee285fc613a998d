#include "uccert/names/reason.h"

namespace uccert::names {

std::string_view reason_id(Reason r) {
  switch (r) {
    case Reason::kMatched: return "name.matched";
    case Reason::kDifferentName: return "name.different-name";
    case Reason::kDifferentAddress: return "name.different-address";
    case Reason::kIpHostNotDns: return "name.ip-host-dns-entry";
    case Reason::kDnsHostIpEntry: return "name.dns-host-ip-entry";
    case Reason::kInvalidEntry: return "name.invalid-entry";
    case Reason::kWildcardsNotAccepted: return "name.wildcard-not-accepted";
    case Reason::kPartialWildcardNotAccepted: return "name.partial-wildcard-not-accepted";
    case Reason::kWildcardOneLabel: return "name.wildcard-one-label";
    case Reason::kWildcardNeedsLabel: return "name.wildcard-needs-label";
    case Reason::kWildcardTooBroad: return "name.wildcard-too-broad";
    case Reason::kWildcardNotLeftmost: return "name.wildcard-not-leftmost";
    case Reason::kWildcardMalformed: return "name.wildcard-malformed";
    case Reason::kWildcardOverIdn: return "name.wildcard-idn";
    case Reason::kWildcardPublicSuffix: return "name.wildcard-public-suffix";
    case Reason::kCnNotConsulted: return "name.cn-not-consulted";
    case Reason::kCnNotConsultedSanPresent: return "name.cn-not-consulted-san-present";
    case Reason::kSanNotConsulted: return "name.san-not-consulted";
  }
  return "name.unknown";
}

}  // namespace uccert::names
