// Host name matching under a NamePolicy: case-insensitive, trailing dot ignored, IDNA A-labels
// compared as ASCII, IP addresses only against IP SANs. Says how it matched or, when it did
// not, the nearest entries and why each one failed.
#pragma once

#include <string>
#include <vector>

#include "uccert/names/name_policy.h"
#include "uccert/pki/certificate.h"

namespace uccert::names {

enum class EntrySource { kSanDns, kSanIp, kSubjectCn };

struct EntryVerdict {
  EntrySource source = EntrySource::kSanDns;
  std::string entry;      // as in the certificate
  bool matched = false;
  bool wildcard = false;  // the entry is a wildcard
  std::string why;        // when not matched: "wildcards not accepted by this client",
                          // "wildcard covers one label only", "different name", "CN not consulted"...
};

struct NameMatch {
  bool matched = false;
  std::string host;                    // the normalised reference name
  std::vector<EntryVerdict> entries;   // the matching one first, then the nearest failures
  const EntryVerdict* matching() const;
  // True when the host is matched only by a wildcard entry (W-11/W-12 reasoning).
  bool only_by_wildcard() const;
};

NameMatch match(std::string_view host, const pki::Certificate& cert, const NamePolicy& policy);

// Lower-level helpers (also used for name constraints elsewhere).
bool is_ip_address(std::string_view host);
std::string normalise_host(std::string_view host);  // lower case, no trailing dot

}  // namespace uccert::names
