// Why one certificate entry did or did not match the dialled host. Stable codes for rules;
// EntryVerdict::why carries the same fact as one phrase for people.
#pragma once

#include <string_view>

namespace uccert::names {

enum class Reason {
  kMatched,
  kDifferentName,               // "different name"
  kDifferentAddress,            // IP entry, another address
  kIpHostNotDns,                // the host is an IP address: DNS entries and CN never count
  kDnsHostIpEntry,              // an IP entry cannot match a DNS host
  kInvalidEntry,                // the entry is not a usable DNS name (space, non-ASCII, empty label...)
  kWildcardsNotAccepted,        // the wildcard covers the host, but this client takes no wildcards
  kPartialWildcardNotAccepted,  // "f*.contoso.com" covers the host, but only "*" labels count here
  kWildcardOneLabel,            // "*.contoso.com" vs sbc.test.contoso.com
  kWildcardNeedsLabel,          // "*.contoso.com" vs contoso.com
  kWildcardTooBroad,            // fewer than three labels: "*.com" never matches
  kWildcardNotLeftmost,         // "sip.*.contoso.com" never matches
  kWildcardMalformed,           // more than one '*'
  kWildcardOverIdn,             // a wildcard never sits inside an IDN A-label ("xn--*", "x*" vs "xn--...")
  kWildcardPublicSuffix,        // "*.co.uk": the base domain is a public suffix, never matches
  kCnNotConsulted,              // the client never reads the subject CN
  kCnNotConsultedSanPresent,    // CN read only when there is no DNS SAN entry, and there is one
  kSanNotConsulted,             // the client reads only the subject CN (UM-02)
};

// The stable, dotted lowercase id of a reason ("name.wildcard-one-label"), for JSON and tests.
std::string_view reason_id(Reason r);

}  // namespace uccert::names
