#include "uccert/cli/probe_options.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "uccert/names/reference_host.h"
#include "uccert/pki/secret.h"

namespace uccert::cli {

void add_connection_options(CLI::App& command, ProbeCliOptions& o) {
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

void add_probe_options(CLI::App& command, ProbeCliOptions& o) {
  command.add_option("--sni", o.sni, "Server name to send in the TLS handshake (default: the host dialled)");
  command.add_flag("--no-sni", o.no_sni, "Send no server name (as old clients and some load balancer probes)");
  command.add_option("--proto", o.proto,
                     "Protocol after (or for smtp, before) TLS: tls, sip, https, smtp (default by port: 5061/5062 "
                     "sip, 25/587 smtp, else tls)");
  command.add_option("--client-cert", o.client_cert,
                     "Present this client certificate (PEM with the chain, or PKCS#12) for mutual TLS, as Exchange "
                     "UM or a federation partner does");
  command.add_option("--client-key", o.client_key, "The PEM private key of --client-cert");
}

std::optional<net::HostPort> endpoint_target(const std::string& target) {
  std::error_code ec;
  if (std::filesystem::exists(target, ec)) return std::nullopt;
  auto hp = net::parse_host_port(target);
  if (!hp) return std::nullopt;
  return *hp;
}

Result<net::ProbeOptions> make_connection_options(const ProbeCliOptions& o) {
  net::ProbeOptions p;
  if (!(o.timeout_seconds > 0) || o.timeout_seconds > 3600 || std::isnan(o.timeout_seconds)) {
    return Error{fmt::format("--timeout {}: give a number of seconds above 0, at most 3600", o.timeout_seconds)};
  }
  p.timeout = std::chrono::milliseconds(static_cast<long long>(std::llround(o.timeout_seconds * 1000)));
  if (p.timeout.count() == 0) p.timeout = std::chrono::milliseconds(1);
  for (const auto& c : o.connect_to) {
    auto rule = net::parse_connect_to(c);
    if (!rule) return rule.error();
    p.connect_to.push_back(*rule);
  }
  p.dns.servers = o.dns_servers;
  p.dns.query_timeout = std::min(p.timeout, std::chrono::milliseconds(5000));
  if (!o.dns_servers.empty()) {
    if (auto s = net::validate_resolver_options(p.dns); !s) return s.error();
  }
  return p;
}

Status check_probe_values(const ProbeCliOptions& o) {
  if (o.no_sni && !o.sni.empty()) return Error{"--sni and --no-sni contradict each other: give one"};
  if (!o.sni.empty()) {
    // RFC 6066: the server name is a DNS host name, never an address literal.
    auto host = names::parse_reference_host(o.sni);
    if (!host) return Error{"--sni: " + host.error().message};
    if (host->is_ip()) {
      return Error{"--sni " + o.sni +
                   ": an address is never sent as a server name (RFC 6066); give a DNS name, or --no-sni"};
    }
  }
  if (!o.proto.empty() && !net::parse_protocol(o.proto)) {
    return Error{fmt::format("--proto {}: not one of tls, sip, https, smtp", o.proto)};
  }
  if (!o.client_key.empty() && o.client_cert.empty()) return Error{"--client-key needs --client-cert"};
  return Ok{};
}

Result<net::ProbeOptions> make_probe_options(const ProbeCliOptions& o, const net::HostPort& target,
                                             const std::string& name, const pki::PasswordSource& password) {
  auto base = make_connection_options(o);
  if (!base) return base.error();
  net::ProbeOptions p = std::move(*base);
  // The name dialled is the one judged; --name changes it, the connection still goes to HOST
  // (through --connect-to when given).
  p.host = target.host;
  p.port = target.port;
  if (!name.empty() && net::lower_name(name) != net::lower_name(target.host)) {
    // Dial the given name: connect-to rules for it apply, else connect to the target's host.
    auto to = net::apply_connect_to(p.connect_to, target.host, target.port);
    p.connect_to.push_back(net::ConnectTo{net::lower_name(name), target.port, to.host, to.port});
    p.host = name;
  }
  if (auto s = check_probe_values(o); !s) return s.error();
  p.no_sni = o.no_sni;
  if (!o.sni.empty()) p.sni = o.sni;
  if (!o.proto.empty()) p.protocol = *net::parse_protocol(o.proto);
  if (!o.client_cert.empty()) {
    net::ClientIdentitySource src{o.client_cert, o.client_key, ""};
    auto id = net::load_client_identity(src);
    if (!id && o.client_key.empty() && password) {
      // Perhaps a protected PKCS#12: ask the password source once.
      if (auto secret = password(o.client_cert)) {
        src.password = std::string(secret->view());
        id = net::load_client_identity(src);
        pki::wipe(src.password);
      }
    }
    if (!id) return id.error();
    p.client_identity = std::make_shared<const net::ClientIdentity>(std::move(*id));
  }
  return p;
}

Result<pki::Evidence> acquire_endpoint(const net::HostPort& target, const std::string& name,
                                       const ProbeCliOptions& options, const pki::PasswordSource& password) {
  auto p = make_probe_options(options, target, name, password);
  if (!p) return p.error();
  auto ev = net::probe(*p);
  if (ev) ev->target = net::format_host_port(target.host, target.port);  // as given
  return ev;
}

std::vector<std::string> endpoint_notes(const pki::EndpointFacts& f) {
  std::vector<std::string> out;
  auto detail = [&](const char* k) -> std::string {
    auto it = f.application_details.find(k);
    return it == f.application_details.end() ? std::string() : it->second;
  };
  namespace key = net::detail_key;
  // With --connect-to the connection went elsewhere than the name dialled: say both ports.
  const std::string at = f.connected_port != 0 && f.connected_port != f.port
                             ? fmt::format("port {} at {} port {}", f.port, f.address, f.connected_port)
                             : fmt::format("at {} port {}", f.address, f.port);
  out.push_back(fmt::format("endpoint: {} {}, {} over {} ({}), SNI {}", f.host, at, f.protocol, f.tls_version,
                            f.cipher, f.sni.empty() ? "none" : f.sni));
  out.push_back(fmt::format("OCSP response stapled: {}", f.ocsp_stapled ? "yes" : "no"));
  if (auto t = detail(key::kChainTruncated); !t.empty()) out.push_back(t);
  if (!f.application_status.empty()) out.push_back(fmt::format("{} answer: {}", f.protocol, f.application_status));
  if (auto d = detail(key::kSipMsDiagnostics); !d.empty()) {
    std::string hr = detail(key::kSipHresult);
    std::string hr_name = detail(key::kSipHresultName);
    std::string rule = detail(key::kSipRule);
    out.push_back(fmt::format("ms-diagnostics {}: {}{}{}", detail(key::kSipDiagnosticsCode),
                              detail(key::kSipDiagnosticsReason),
                              hr.empty() ? "" : fmt::format("; HRESULT {}{}", hr, hr_name.empty() ? "" : " " + hr_name),
                              rule.empty() ? "" : fmt::format(" (uc-rules {})", rule)));
  }
  if (auto h = detail(key::kHttpHops); !h.empty()) {
    std::string certs;
    for (int hop = 1; hop <= net::kMaxHttpRedirects; ++hop) {
      if (auto c = detail(net::detail_key::http_hop_certificate(hop).c_str()); !c.empty()) certs += "; certificate at " + c;
    }
    out.push_back(fmt::format("HTTP redirects followed: {}: {}{}", detail(key::kHttpRedirects), h, certs));
  }
  if (auto g = detail(key::kSmtpGreeting); !g.empty()) out.push_back("SMTP greeting: " + g);
  if (detail(key::kClientCertRequested) == "yes") {
    out.push_back(f.client_ca_names.empty()
                      ? std::string("the server asks for a client certificate and names no CA")
                      : fmt::format("the server asks for a client certificate from: {}",
                                    fmt::join(f.client_ca_names, "; ")));
  }
  if (auto s = detail(key::kClientCertSent); !s.empty()) out.push_back("client certificate sent: " + s);
  if (auto l = detail(key::kClientCertIssuerListed); !l.empty()) out.push_back("its issuer among the server's CAs: " + l);
  if (auto c = detail(key::kClientCertOutcome); !c.empty()) out.push_back("client certificate: " + c);
  if (auto s = detail(key::kSniComparison); !s.empty() && f.chain_without_sni) out.push_back("without SNI: " + s);
  else if (!s.empty() && s.rfind("handshake without SNI failed", 0) == 0) out.push_back(s);
  return out;
}

}  // namespace uccert::cli
