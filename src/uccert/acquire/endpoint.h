// A live endpoint as Evidence: the options that say how to reach it and what to say to it
// (checked, each error one line naming the option), mapped to net::ProbeOptions, then the probe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <asio/awaitable.hpp>

#include "uccert/acquire/context.h"
#include "uccert/evidence/evidence.h"
#include "uccert/net/endpoint.h"
#include "uccert/net/probe.h"
#include "uccert/pki/error.h"
#include "uccert/pki/load.h"

namespace uccert::acquire {

// As given on a command line (or a web form): strings, checked here.
struct EndpointOptions {
  std::string sni;                        // --sni NAME
  bool no_sni = false;                    // --no-sni
  bool single_handshake = false;          // --single-handshake: no second handshake without SNI
  std::vector<std::string> connect_to;    // --connect-to HOST:PORT:ADDR:PORT (repeatable)
  std::string proto;                      // --proto tls|sip|https|smtp
  std::string client_cert;                // --client-cert FILE (PEM or PKCS#12)
  std::string client_key;                 // --client-key FILE
  double timeout_seconds = 10;            // --timeout SECONDS
  std::vector<std::string> dns_servers;   // --dns-server ADDR[:PORT] (repeatable)
};

// TARGET is an endpoint when it is HOST:PORT (or [IPv6]:PORT) and no file of that name exists.
std::optional<net::HostPort> endpoint_target(const std::string& target);

// Checks the options and turns them into probe options for host:port (the client certificate is
// read here; a PKCS#12 password comes from `password`). Errors are one line.
Result<net::ProbeOptions> make_probe_options(const EndpointOptions& options, const net::HostPort& target,
                                             const std::string& name, const pki::PasswordSource& password);
// The parts shared with discover: connect-to rules, timeout and DNS servers.
Result<net::ProbeOptions> make_connection_options(const EndpointOptions& options);
// The probe-only values (--sni, --proto, --client-key without --client-cert), without reading a
// file or asking for a password: what make_probe_options refuses beyond make_connection_options,
// and, with it, what `check` refuses for a file target too (where the options do not apply, but a
// value no probe could take is still a mistake to say).
Status check_probe_values(const EndpointOptions& options);

// The same as a coroutine on the context's event loop, for a caller running many at once (scan).
asio::awaitable<Result<evidence::Evidence>> acquire_endpoint_async(AcquireContext& context, net::HostPort target,
                                                                   std::string name, EndpointOptions options,
                                                                   pki::PasswordSource password);

// Probes the endpoint on the context's event loop: the Evidence is the chain as sent, judged later
// like a file's.
Result<evidence::Evidence> acquire_endpoint(AcquireContext& context, const net::HostPort& target,
                                            const std::string& name, const EndpointOptions& options,
                                            const pki::PasswordSource& password);

}  // namespace uccert::acquire
