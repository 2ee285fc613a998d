// The endpoint options of `uccert check HOST:PORT` (and of `discover`): how to reach the server
// and what to say to it. Options map to net::ProbeOptions; the probe itself is net::probe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "uccert/cli/console.h"
#include "uccert/net/endpoint.h"
#include "uccert/net/probe.h"
#include "uccert/pki/error.h"
#include "uccert/pki/evidence.h"
#include "uccert/pki/load.h"

namespace CLI {
class App;
}

namespace uccert::cli {

struct ProbeCliOptions {
  std::string sni;                        // --sni NAME
  bool no_sni = false;                    // --no-sni
  std::vector<std::string> connect_to;    // --connect-to HOST:PORT:ADDR:PORT (repeatable)
  std::string proto;                      // --proto tls|sip|https|smtp
  std::string client_cert;                // --client-cert FILE (PEM or PKCS#12)
  std::string client_key;                 // --client-key FILE
  double timeout_seconds = 10;            // --timeout SECONDS
  std::vector<std::string> dns_servers;   // --dns-server ADDR[:PORT] (repeatable)
};

// Registers --connect-to, --timeout and --dns-server (shared by check and discover).
void add_connection_options(CLI::App& command, ProbeCliOptions& options);
// Registers the rest: --sni, --no-sni, --proto, --client-cert, --client-key.
void add_probe_options(CLI::App& command, ProbeCliOptions& options);

// TARGET is an endpoint when it is HOST:PORT (or [IPv6]:PORT) and no file of that name exists.
std::optional<net::HostPort> endpoint_target(const std::string& target);

// Checks the options and turns them into probe options for host:port (the client certificate is
// read here; a PKCS#12 password comes from `password`). Errors are one line.
Result<net::ProbeOptions> make_probe_options(const ProbeCliOptions& options, const net::HostPort& target,
                                             const std::string& name, const pki::PasswordSource& password);
// The parts shared with discover: connect-to rules, timeout and DNS servers.
Result<net::ProbeOptions> make_connection_options(const ProbeCliOptions& options);
// The probe-only values (--sni, --proto, --client-key without --client-cert), without reading a
// file or asking for a password: what make_probe_options refuses beyond make_connection_options,
// and, with it, what `check` refuses for a file target too (where the options do not apply, but a
// value no probe could take is still a mistake to say).
Status check_probe_values(const ProbeCliOptions& options);

// Probes the endpoint: the Evidence is the chain as sent, judged later like a file's.
Result<pki::Evidence> acquire_endpoint(const net::HostPort& target, const std::string& name,
                                       const ProbeCliOptions& options, const pki::PasswordSource& password);

// What the endpoint said, one line each, for the report's notes: address, SNI, TLS version and
// cipher, OCSP stapling, the application's answer (SIP status and ms-diagnostics decoded, SMTP,
// HTTP), client-certificate facts, and a different certificate without SNI.
std::vector<std::string> endpoint_notes(const pki::EndpointFacts& facts);

}  // namespace uccert::cli
