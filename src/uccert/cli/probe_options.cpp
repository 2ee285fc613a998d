#include "uccert/cli/probe_options.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>


namespace uccert::cli {

void add_connection_options(CLI::App& command, acquire::EndpointOptions& o) {
  command.add_option("--connect-to", o.connect_to,
                     "HOST:PORT:ADDR:PORT: connect to ADDR:PORT when HOST:PORT is dialled (as curl); SNI and the "
                     "name judged stay HOST (repeatable)")
      ->allow_extra_args(false);
  command.add_option("--timeout", o.timeout_seconds,
                     "Seconds one probe may take in all: connect, handshake, protocol (default 10)");
  command.add_option("--dns-server", o.dns_servers,
                     "ADDR[:PORT] of the DNS server to ask (repeatable; default the system resolver)")
      ->allow_extra_args(false);
}

void add_probe_options(CLI::App& command, acquire::EndpointOptions& o) {
  command.add_option("--sni", o.sni, "Server name to send in the TLS handshake (default: the host dialled)");
  command.add_flag("--no-sni", o.no_sni, "Send no server name (as old clients and some load balancer probes)");
  command.add_flag("--single-handshake", o.single_handshake,
                   "One handshake per endpoint: skip the second one without SNI that shows what old clients are "
                   "sent (halves the handshakes a scan costs each server)");
  command.add_option("--proto", o.proto,
                     "Protocol after (or for smtp, before) TLS: tls, sip, https, smtp (default by port: 5061/5062 "
                     "sip, 25/587 smtp, else tls)");
  command.add_option("--client-cert", o.client_cert,
                     "Present this client certificate (PEM with the chain, or PKCS#12) for mutual TLS, as Exchange "
                     "UM or a federation partner does");
  command.add_option("--client-key", o.client_key, "The PEM private key of --client-cert");
}

}  // namespace uccert::cli
