// `mobileconfig`: an Apple configuration profile that installs internal root CAs on iPhone and
// iPad (pki/apple_profile.h), written to a new file. Only self-signed CA certificates go in: a
// leaf or an intermediate given as a root is refused with the file to give instead.
#pragma once

#include <string>
#include <vector>

#include "uccert/pki/error.h"

namespace uccert::run {

struct MobileconfigRequest {
  std::vector<std::string> roots;  // files holding root certificates (PEM, DER, PKCS#7)
  std::string out;                 // must not exist
  std::string name;                // "" -> "Root CAs: <CN>, ..."
  std::string identifier;          // reverse DNS; "" -> "local.uccert.roots"
};

struct MobileconfigWritten {
  std::string out;
  std::vector<std::string> roots;  // "<CN> (SHA-1 <thumbprint>)", in order
  std::string text;                // what to tell the administrator (the trust step included)
};

Result<MobileconfigWritten> run_mobileconfig(const MobileconfigRequest& request);

}  // namespace uccert::run
