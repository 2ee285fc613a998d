// One presented DNS identifier (a dNSName SAN entry or a subject CN) against a DNS reference
// host, under a wildcard policy: RFC 6125 section 6.4.1-6.4.3.
#pragma once

#include <string>
#include <string_view>

#include "uccert/names/name_policy.h"
#include "uccert/names/reason.h"
#include "uccert/names/reference_host.h"

namespace uccert::names {

struct DnsEntryCheck {
  Reason reason = Reason::kDifferentName;
  std::string why;           // empty when matched
  bool wildcard = false;     // the entry contains '*'
  bool would_match = false;  // fails only because the policy refuses this kind of wildcard
  int shared_labels = 0;     // labels equal to the host's, counted from the right
};

// `host` must be a DNS reference host (not an IP address).
DnsEntryCheck check_dns_entry(const ReferenceHost& host, std::string_view entry, Wildcards wildcards);

}  // namespace uccert::names
