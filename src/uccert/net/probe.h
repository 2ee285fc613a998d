// Acquires a live endpoint's certificate chain exactly as a client sees it: connects (through
// --connect-to overrides), speaks the protocol's preamble (SMTP STARTTLS), completes the TLS
// handshake with verification off (uccert records; it never lets OpenSSL's verify callback
// decide), keeps the chain in the order sent, then speaks the application protocol (SIP OPTIONS,
// HTTP GET) and records the answer. One deadline bounds the whole probe. Every read is capped.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>

#include "uccert/net/client_identity.h"
#include "uccert/net/endpoint.h"
#include "uccert/net/resolver.h"
#include "uccert/net/tls_client_context.h"
#include "uccert/pki/certificate_pool.h"
#include "uccert/pki/error.h"
#include "uccert/evidence/endpoint_details.h"
#include "uccert/evidence/evidence.h"

namespace uccert::net {

// Caps on what a server can make uccert hold in memory.
inline constexpr std::size_t kMaxSipResponseHead = 64 * 1024;
inline constexpr std::size_t kMaxHttpResponseHead = 64 * 1024;
inline constexpr std::size_t kMaxSmtpReply = 16 * 1024;
inline constexpr int kMaxSipProvisionalResponses = 8;
// HTTPS redirects (301, 302, 303, 307, 308) followed from the first answer, each hop a new
// connection within the probe's one deadline: as browsers and the mobile clients' HTTP stacks,
// a bound rather than a hop count that matters in practice (lyncdiscover redirects once or twice).
inline constexpr int kMaxHttpRedirects = 10;
// Certificates taken from one handshake. Real UC chains hold 2 to 5; a server sending hundreds
// (within OpenSSL's 100 KiB certificate-message limit) would otherwise turn into seconds of
// path building for every profile after the probe's deadline.
inline constexpr std::size_t kMaxPeerChain = 32;
// A stapled OCSP response is a few KiB; a larger one is recorded as stapled but not kept.
inline constexpr std::size_t kMaxOcspStaple = 64 * 1024;

struct ProbeOptions {
  std::string host;  // the name dialled (judged against the certificate)
  std::uint16_t port = 0;
  std::optional<std::string> sni;  // default: the host, unless it is an IP address
  bool no_sni = false;
  // Also handshake without SNI and report when that certificate differs (with SNI sent only).
  bool compare_without_sni = true;
  std::vector<ConnectTo> connect_to;
  std::optional<Protocol> protocol;  // default: default_protocol(port)
  std::shared_ptr<const ClientIdentity> client_identity;  // MTLS
  std::chrono::milliseconds timeout{10000};  // the whole probe
  ResolverOptions dns;
  std::string http_path = "/";
  std::string ehlo_name = "uccert.invalid";
  std::string sip_from_domain;  // default: the host
  // The run's certificate pool (acquire::AcquireContext): certificates served by several
  // endpoints of a run are decoded once. nullptr: decoded afresh.
  pki::CertificatePool* pool = nullptr;
  // The run's one TLS client context for probes without a client certificate
  // (acquire::AcquireContext): nullptr makes one for this probe.
  SharedTlsClientContext* shared_context = nullptr;
};

// Detail keys put in EndpointFacts::application_details: evidence/endpoint_details.h.
namespace detail_key = evidence::detail_key;

// Runs on the caller's io_context (many probes may share it). Never throws for network or
// server behaviour: the error names the target and what went wrong.
asio::awaitable<Result<evidence::Evidence>> probe_async(asio::io_context& io, ProbeOptions options);

// The probe failed because the address refused the connection (nothing listens there): the one
// failure a scan retries, after a pause (a service restarting), never a timeout or a TLS error.
bool is_connection_refused(const Error& error);

// One probe on its own io_context.
Result<evidence::Evidence> probe(const ProbeOptions& options);

}  // namespace uccert::net
