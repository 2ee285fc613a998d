// `uccert serve`: the local web page (serve/): paste or upload a chain, or probe an allowed
// endpoint, and read the same HTML report as --format html. Listens on 127.0.0.1:8443 unless
// --listen says otherwise; any other address requires a token (docs/serve.md).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <csignal>
#include <memory>
#include <string>
#include <vector>

#include "uccert/cli/app.h"
#include "uccert/cli/error_line.h"
#include "uccert/cli/trust_options.h"
#include "uccert/net/endpoint.h"
#include "uccert/serve/server.h"

namespace uccert::cli {

namespace {

struct ServeOptions {
  std::string listen = "127.0.0.1:8443";
  std::string token;
  std::vector<std::string> allow;
  acquire::TrustFiles trust;
  std::string profiles_file;
  std::string at;
  double timeout_seconds = 10;
};

volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_stop_signal(int) { g_stop = 1; }

int run_serve(ServeOptions& opt, Console& console) {
  // Port 0 (any free port, printed) is no port to dial, so the endpoint parser refuses it.
  std::string listen = opt.listen;
  const bool any_port = listen.size() > 2 && listen.ends_with(":0");
  if (any_port) listen.back() = '1';
  auto hp = net::parse_host_port(listen);
  if (!hp) return fail(console, "serve", "--listen " + opt.listen + ": " + hp.error().message);
  if (any_port) hp->port = 0;
  auto listen_address = serve::parse_address(hp->host);
  if (!listen_address)
    return fail(console, "serve", "--listen " + opt.listen + ": give an IP address of this machine (127.0.0.1:8443)");
  serve::ServerOptions server;
  server.listen_host = hp->host;
  server.listen_port = hp->port;
  for (const auto& a : opt.allow) {
    auto ranges = serve::parse_allow(a);
    if (!ranges) return fail(console, "serve", ranges.error().message);
    for (auto& r : *ranges) server.service.allow.push_back(std::move(r));
  }
  const bool loopback = serve::is_loopback(*listen_address);
  std::string token = opt.token;
  if (!token.empty() && token.size() < 16) return fail(console, "serve", "--token: use at least 16 characters");
  if (token.empty() && !loopback) token = serve::random_token();
  server.service.token = token;
  server.service.trust = opt.trust;
  server.service.profiles_file = opt.profiles_file;
  server.service.at = opt.at;
  server.service.probe_timeout_seconds = opt.timeout_seconds;

  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  auto ready = [&](std::uint16_t port) {
    const std::string host = hp->host.find(':') != std::string::npos ? "[" + hp->host + "]" : hp->host;
    std::string line = fmt::format("uccert serve: listening on http://{}:{}/", host, port);
    if (!token.empty()) line += fmt::format("?token={}", token);
    *console.out << line << "\n";
    if (!token.empty() && opt.token.empty())
      *console.out << "uccert serve: the token above is required on every request (not on loopback)\n";
    console.out->flush();
  };
  auto status = serve::run_server(std::move(server), *console.err, ready, [] { return g_stop != 0; });
  if (!status) return fail(console, "serve", status.error().message);
  return kExitPass;
}

}  // namespace

void add_serve_command(CLI::App& app, CommandContext& ctx) {
  auto opt = std::make_shared<ServeOptions>();
  CLI::App* sub = app.add_subcommand(
      "serve", "A local web page: paste or upload a certificate, or probe an endpoint, and read the report");
  sub->add_option("--listen", opt->listen,
                  "ADDRESS:PORT to listen on (default 127.0.0.1:8443; any other address requires a token)");
  sub->add_option("--token", opt->token,
                  "The token every request must carry when not on loopback (default: one generated and printed)");
  sub->add_option("--allow", opt->allow,
                  "A HOST or CIDR the page may probe besides loopback (repeatable; default: loopback only)")
      ->allow_extra_args(false);
  sub->add_option("--profiles", opt->profiles_file, "Extra or overriding client profiles (TOML)");
  sub->add_option("--at", opt->at, "Validate at this RFC 3339 time instead of now");
  sub->add_option("--timeout", opt->timeout_seconds, "Seconds each probe may take (default 10)");
  add_trust_options(*sub, opt->trust);
  sub->callback([opt, &ctx] { ctx.exit = run_serve(*opt, ctx.console); });
}

}  // namespace uccert::cli
