// The Public Suffix List, as Chrome consults it for wildcard certificates: a wildcard whose
// base domain is a registry-controlled suffix ("*.co.uk", "*.com.au") never matches. Only the
// list's ICANN section counts, as in Chrome (EXCLUDE_PRIVATE_REGISTRIES: "*.appspot.com" and
// "*.s3.amazonaws.com" do match); a top-level domain the list does not know is a registry too
// (INCLUDE_UNKNOWN_REGISTRIES). The list is libpsl's: the newer of its built-in copy and the file
// Debian's publicsuffix package installs; never fetched.
#pragma once

#include <string_view>

namespace uccert::names {

// True when `domain` (lower-case ASCII, A-labels, no trailing dot) is a public suffix in the
// ICANN section of the list, or a single label the list does not know.
bool is_registry_controlled(std::string_view domain);

}  // namespace uccert::names
