// Host name matching under a NamePolicy: case-insensitive, trailing dot ignored, IDNA A-labels
// compared as ASCII, IP addresses only against IP SANs. Says how it matched or, when it did
// not, the nearest entries and why each one failed.
//
// Exact in the RFC 6125 sense (section 6.4): a wildcard is a whole left-most label ("*") unless
// the policy allows partial labels, stands for exactly one label (an IDN A-label too), needs at
// least three labels in the pattern ("*.com" never matches), never sits inside an IDN A-label
// ("xn--*"), is never in another label, and never covers a registry-controlled suffix of the
// Public Suffix List ("*.co.uk", public_suffix.h). Presented names are never absolute: an entry
// "sip.contoso.com." is not a usable DNS name. When a subject holds several CNs, each one is an
// entry (a client reading "the CN" may read only one of them). A U-label host is converted to
// its A-label form before it is compared (reference_host.h); a U-label entry is never usable.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "uccert/names/name_policy.h"
#include "uccert/names/reason.h"
#include "uccert/names/reference_host.h"
#include "uccert/pki/certificate.h"

namespace uccert::names {

enum class EntrySource { kSanDns, kSanIp, kSubjectCn };

struct EntryVerdict {
  EntrySource source = EntrySource::kSanDns;
  std::string entry;      // as in the certificate
  std::size_t position = 0;  // index in Certificate::subject_alt_names, or in subject_common_names
  bool matched = false;
  bool wildcard = false;  // the entry is a wildcard
  Reason reason = Reason::kDifferentName;
  std::string why;        // when not matched: "wildcards not accepted by this client",
                          // "wildcard covers one label only: ...", "different name", "CN not consulted by this client"...
  // Not matched only because of this client's policy: the entry names the host, but the client
  // takes no wildcards / only whole-label ones / does not read the CN / does not read the SAN.
  bool would_match = false;
  int shared_labels = 0;  // labels in common with the host, counted from the right (nearness)
};

struct NameMatch {
  bool matched = false;
  std::string host;                    // the normalised reference name
  std::string host_error;              // non-empty: the host itself is unusable, nothing compared
  // The matching entries first (explicit before wildcard); then entries the client reads but
  // whose wildcard it refuses; then entries naming the host where the client does not look (CN
  // not consulted, SAN not consulted); then the rest. Within each group the nearest (most labels
  // shared with the host) first, certificate order (SAN, then CN) breaking ties.
  // Every SAN dNSName / iPAddress entry and every subject CN is listed; other SAN types are not.
  std::vector<EntryVerdict> entries;
  const EntryVerdict* matching() const;
  // True when the host is matched only by a wildcard entry (W-11/W-12 reasoning).
  bool only_by_wildcard() const;
};

// The names a certificate (or a CSR) presents, apart from the certificate: tests and CSR checks
// build one directly.
struct PresentedNames {
  std::vector<pki::GeneralName> subject_alt_names;  // DNS and IP entries are read; others skipped
  std::vector<std::string> common_names;            // every subject CN, in order
  static PresentedNames of(const pki::Certificate& cert);
};

NameMatch match(std::string_view host, const pki::Certificate& cert, const NamePolicy& policy);
NameMatch match(std::string_view host, const PresentedNames& names, const NamePolicy& policy);

// Where the host stands among the DNS SAN entries, whatever a client's policy: the facts behind
// W-11 (explicit FQDN before any wildcard), W-12/S-01 (covered only by a wildcard) and G-12.
// Indexes are into subject_alt_names. A "covering" wildcard is a whole left-most "*" label
// that would match the host under Wildcards::kLeftmostLabel.
struct SanCoverage {
  std::optional<std::size_t> explicit_entry;     // first DNS entry equal to the host
  std::optional<std::size_t> covering_wildcard;  // first wildcard DNS entry covering the host
  std::optional<std::size_t> first_wildcard;     // first wildcard DNS entry of any kind
  // The host is in the SAN only through a wildcard (S-01: legacy phones fail).
  bool only_wildcard() const { return !explicit_entry && covering_wildcard; }
  // A wildcard entry comes before the explicit entry for the host (W-11: strict devices fail).
  bool wildcard_before_explicit() const {
    return explicit_entry && first_wildcard && *first_wildcard < *explicit_entry;
  }
};
SanCoverage san_coverage(std::string_view host, const PresentedNames& names);
SanCoverage san_coverage(std::string_view host, const pki::Certificate& cert);

// True when `entry` (a DNS SAN or CN value) is a wildcard: it contains '*'.
bool is_wildcard_entry(std::string_view entry);

}  // namespace uccert::names
