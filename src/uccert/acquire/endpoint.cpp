#include "uccert/acquire/endpoint.h"

#include <fmt/format.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>

#include <cmath>
#include <filesystem>

#include "uccert/names/reference_host.h"
#include "uccert/pki/secret.h"

namespace uccert::acquire {

std::optional<net::HostPort> endpoint_target(const std::string& target) {
  std::error_code ec;
  if (std::filesystem::exists(target, ec)) return std::nullopt;
  auto hp = net::parse_host_port(target);
  if (!hp) return std::nullopt;
  return *hp;
}

Result<net::ProbeOptions> make_connection_options(const EndpointOptions& o) {
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

Status check_probe_values(const EndpointOptions& o) {
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

Result<net::ProbeOptions> make_probe_options(const EndpointOptions& o, const net::HostPort& target,
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
  p.compare_without_sni = !o.single_handshake;
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

asio::awaitable<Result<evidence::Evidence>> acquire_endpoint_async(AcquireContext& context, net::HostPort target,
                                                                   std::string name, EndpointOptions options,
                                                                   pki::PasswordSource password) {
  auto p = make_probe_options(options, target, name, password);
  if (!p) co_return p.error();
  p->pool = &context.pool();
  p->shared_context = &context.tls_context();
  auto ev = co_await net::probe_async(context.io(), std::move(*p));
  if (ev) ev->target = net::format_host_port(target.host, target.port);  // as given
  co_return ev;
}

Result<evidence::Evidence> acquire_endpoint(AcquireContext& context, const net::HostPort& target,
                                            const std::string& name, const EndpointOptions& options,
                                            const pki::PasswordSource& password) {
  auto p = make_probe_options(options, target, name, password);
  if (!p) return p.error();
  p->pool = &context.pool();
  p->shared_context = &context.tls_context();
  std::optional<Result<evidence::Evidence>> ev;
  asio::co_spawn(
      context.io(), [&]() -> asio::awaitable<void> { ev.emplace(co_await net::probe_async(context.io(), *p)); },
      asio::detached);
  context.run();
  if (!ev) return Error{"the probe of " + net::format_host_port(target.host, target.port) + " did not finish"};
  if (*ev) (*ev)->target = net::format_host_port(target.host, target.port);  // as given
  return std::move(*ev);
}

}  // namespace uccert::acquire
