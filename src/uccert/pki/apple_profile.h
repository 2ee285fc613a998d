// An Apple configuration profile (.mobileconfig: an XML property list) whose payloads install
// root certificates on iPhone and iPad (`com.apple.security.root`, one payload per root, fresh
// UUIDs). The iOS case of an internal CA: the device trusts the root only once it is installed
// and, from iOS 10.3, given full trust by hand (MOB-01, MOB-02, MOB-06).
#pragma once

#include <string>
#include <vector>

#include "uccert/pki/certificate.h"

namespace uccert::pki {

struct AppleProfileSpec {
  std::string display_name;  // what Settings shows for the profile
  std::string identifier;    // reverse DNS: "com.contoso.uc-roots"
  std::string organization;  // "" leaves PayloadOrganization out
};

// A random RFC 4122 version 4 UUID in upper case ("9C1B...-...").
std::string random_uuid();

// The property list, UTF-8 XML. Each root's payload is named after its subject CN (its subject
// when it has none); text is escaped for XML, and bytes XML cannot carry are replaced.
std::string apple_root_profile(const AppleProfileSpec& spec, const std::vector<CertificatePtr>& roots);

// The name Settings shows for a certificate: its subject CN, else its subject, else its SHA-1.
std::string certificate_display_name(const Certificate& cert);

}  // namespace uccert::pki
