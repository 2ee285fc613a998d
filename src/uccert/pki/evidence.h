// Evidence: what a client would actually see for one target, as acquired from a file or a live
// endpoint. It lives in pki/ (the lowest folder) so every layer can carry it; acquire fills it,
// rules read it, renderers print it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "uccert/pki/certificate.h"

namespace uccert::pki {

// Facts only a live endpoint gives (filled by net/).
struct EndpointFacts {
  std::string host;           // as dialled
  std::string address;        // the address connected to ("127.0.0.1", "::1")
  std::uint16_t port = 0;            // as dialled
  std::uint16_t connected_port = 0;  // the port connected to: `port` unless --connect-to moved it
  std::string sni;            // "" when none was sent
  std::string protocol;       // "tls", "sip", "smtp", "https"
  std::string tls_version;    // "TLSv1.2"
  std::string cipher;
  bool ocsp_stapled = false;
  std::vector<std::string> client_ca_names;  // CA names the server accepts client certificates from
  std::string application_status;            // "SIP/2.0 200 OK", "250 STARTTLS", "HTTP/1.1 200 OK"
  std::map<std::string, std::string> application_details;  // "ms-diagnostics", "hresult", ...
  // The chain served without SNI, when it differs from the one served with it.
  std::optional<std::vector<CertificatePtr>> chain_without_sni;
};

struct Evidence {
  std::string target;        // the file path or HOST:PORT as given
  std::string dialled_name;  // the name the client dialled (--name, or the host)
  std::vector<CertificatePtr> chain;        // exactly as presented, in order; [0] is the leaf
  std::vector<CertificatePtr> aia_fetched;  // intermediates fetched via AIA during acquire
  UnixTime observed_at = 0;
  std::string container;     // "PEM", "DER", "PKCS#7", "PKCS#12" (files)
  std::optional<bool> private_key_matches;  // PKCS#12: the key matches the leaf
  std::optional<EndpointFacts> endpoint;
};

}  // namespace uccert::pki
