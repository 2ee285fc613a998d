// Evidence: what a client would actually see for one target, as acquired from a file or a live
// endpoint. Plain values, below everything that judges: acquire/ fills it, the judge reads it,
// renderers print it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "uccert/evidence/fetch.h"
#include "uccert/pki/certificate.h"
#include "uccert/pki/certificate_revocation_list.h"
#include "uccert/pki/ocsp_response.h"

namespace uccert::evidence {

using pki::CertificatePtr;
using pki::UnixTime;

// A certificate a mobile client meets after the endpoint dialled, on its autodiscover walk
// (DNS-01, MOB-04): the target of a redirect on another host:port, or a web services URL the
// autodiscover document links to. net/ records it; the judge validates it for the clients whose
// profile walks autodiscover.
struct HopCertificate {
  std::string kind;         // "redirect" or "link"
  int number = 0;           // redirect N (1 = the first redirect's target); for a link, its order in the document
  std::string via;          // "redirect 1", or the link's name in the document ("user", "xframe", "self")
  std::string url;          // the hop's URL (at most net::kMaxUrlLength)
  std::string host;         // the URL's host: the name the client validates
  std::uint16_t port = 0;
  std::string address;      // the address connected to; "" when none
  std::vector<CertificatePtr> chain;  // as presented, leaf first; empty when the handshake failed
  std::string error;        // why there is no chain (connection or handshake failure); "" otherwise
  // Revocation data acquire/ fetched for this chain (as Evidence::crls and ocsp_responses).
  std::vector<pki::CrlPtr> crls;
  std::vector<pki::OcspPtr> ocsp_responses;
};

// Facts only a live endpoint gives (filled by net/; the keys of application_details are in
// evidence/endpoint_details.h).
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
  pki::Bytes ocsp_staple;  // the stapled OCSP response (DER) as sent, when there was one
  std::vector<std::string> client_ca_names;  // CA names the server accepts client certificates from
  std::string application_status;            // "SIP/2.0 200 OK", "250 STARTTLS", "HTTP/1.1 200 OK"
  std::map<std::string, std::string> application_details;  // "ms-diagnostics", "hresult", ...
  // The chain served without SNI, when it differs from the one served with it.
  std::optional<std::vector<CertificatePtr>> chain_without_sni;
  // HTTPS: the certificates of the autodiscover walk beyond the endpoint dialled, in the order met.
  std::vector<HopCertificate> hops;
};

struct Evidence {
  std::string target;        // the file path or HOST:PORT as given
  std::string dialled_name;  // the name the client dialled (--name, or the host)
  std::vector<CertificatePtr> chain;        // exactly as presented, in order; [0] is the leaf
  std::vector<CertificatePtr> aia_fetched;  // intermediates fetched via AIA during acquire
  // Every URL acquire fetched (or would have, offline) for this target, and whether it fetched.
  std::vector<UrlFetch> fetches;
  FetchMode fetch_mode = FetchMode::kNone;
  // Revocation data at hand: CRLs fetched from the CDPs or given (--crl), OCSP responses fetched,
  // stapled by the endpoint, or given (--ocsp-response). Path validation reads them.
  std::vector<pki::CrlPtr> crls;
  std::vector<pki::OcspPtr> ocsp_responses;
  UnixTime observed_at = 0;
  std::string container;     // "PEM", "DER", "PKCS#7", "PKCS#12" (files)
  // A PEM or DER file that does not start with its leaf (intermediates first, root first): the
  // chain above is put leaf first, as Windows sends it after import, and this is the position in
  // `chain` of the certificate the file starts with (what a server sending the file as it is,
  // such as nginx, Kamailio or many SBCs, would send first).
  std::optional<std::size_t> file_starts_with;
  std::optional<bool> private_key_matches;  // PKCS#12: the key matches the leaf
  std::optional<EndpointFacts> endpoint;
};

}  // namespace uccert::evidence
