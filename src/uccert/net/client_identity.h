// The certificate and key uccert presents for mutual TLS, as Exchange UM or a federation
// partner presents itself to Lync (EDGE-08, UM-01).
#pragma once

#include <optional>
#include <string>

#include "uccert/pki/error.h"
#include "uccert/pki/handles.h"

namespace uccert::net {

struct ClientIdentitySource {
  std::string cert_file;  // PEM (leaf first, then any intermediates) or PKCS#12 (.pfx/.p12)
  std::string key_file;   // PEM private key; "" when the key is in cert_file
  std::string password;   // PKCS#12 password
};

struct ClientIdentity {
  pki::X509Ptr cert;
  pki::EvpPkeyPtr key;
  pki::X509StackPtr chain;  // intermediates sent after the leaf (may be empty)
  std::string origin;       // the file name, for messages
};

// Reads and checks that the key belongs to the certificate. One-line errors name the file.
Result<ClientIdentity> load_client_identity(const ClientIdentitySource& source);

}  // namespace uccert::net
