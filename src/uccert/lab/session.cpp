#include "uccert/lab/session.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <tuple>
#include <set>
#include <sstream>
#include <thread>

#include "uccert/lab/dns_server.h"
#include "uccert/lab/servers.h"

namespace uccert::lab {

namespace {

namespace fs = std::filesystem;

constexpr const char* kStateFile = "lab.state";
constexpr const char* kChecksFile = "checks.tsv";
constexpr const char* kTopologyFile = "topology.toml";
constexpr const char* kKeepMarker = ".keep";

bool alive(pid_t pid) { return pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM); }

// The process is a uccert lab (its command line holds "lab" and "up"), not whatever reused the pid.
bool is_lab_process(pid_t pid) {
  std::ifstream in(fmt::format("/proc/{}/cmdline", pid), std::ios::binary);
  std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::set<std::string> args;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= cmdline.size(); ++i) {
    if (i == cmdline.size() || cmdline[i] == '\0') {
      args.insert(cmdline.substr(start, i - start));
      start = i + 1;
    }
  }
  return args.count("lab") != 0 && args.count("up") != 0;
}

std::string state_text(const LabState& s) {
  std::string out = fmt::format("# uccert lab state\npid {}\nscenario {}\ndns {}\nhttp {}\n", s.pid, s.scenario,
                                s.dns_port, s.http_port);
  for (const auto& e : s.endpoints)
    out += fmt::format("endpoint {} {} {} {} {}\n", e.id, e.host, e.port, e.lab_port, protocol_name(e.protocol));
  return out;
}

// The folder `up` will use: new or empty, or the folder of a lab that is no longer running.
Status prepare_dir(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir / kStateFile, ec)) {
    auto state = read_lab_state(dir);
    if (state && alive(state->pid) && is_lab_process(state->pid))
      return Error{fmt::format("a lab is already up in {} (pid {}): uccert lab down --dir {}", dir.string(),
                               state->pid, dir.string())};
    fs::remove_all(dir, ec);  // what a lab that died left behind
    if (ec) return Error{fmt::format("{}: cannot remove the stale lab: {}", dir.string(), ec.message())};
  } else if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec)) return Error{fmt::format("{}: exists and is not a folder", dir.string())};
    if (!fs::is_empty(dir, ec))
      return Error{fmt::format("{}: the folder is not empty (give a new or empty folder with --dir)", dir.string())};
  }
  fs::create_directories(dir, ec);
  if (ec) return Error{fmt::format("{}: cannot create the lab folder: {}", dir.string(), ec.message())};
  fs::permissions(dir, fs::perms::owner_all, ec);
  if (ec) return Error{fmt::format("{}: {}", dir.string(), ec.message())};
  return Ok{};
}

std::string commands_text(const Scenario& scenario, const MintedScenario& minted, const LabState& state,
                          const fs::path& dir) {
  std::string trust;
  for (const auto& ca : scenario.cas) {
    if (!ca.issuer.empty()) continue;
    trust += fmt::format(" {} {}", ca.kind == CaKind::kPublic ? "--public-roots" : "--enterprise-root",
                         minted.ca_file(ca.id).string());
  }
  std::string connect;
  for (const auto& c : state.connect_to_options()) connect += " --connect-to " + c;
  std::string out = "Try:\n";
  for (const auto& d : scenario.sip_domains)
    out += fmt::format("  uccert discover {} --dns-server 127.0.0.1:{}{}{}\n", d, state.dns_port, connect, trust);
  if (!scenario.topology_toml.empty()) {
    std::string public_roots;
    for (const auto& ca : scenario.cas)
      if (ca.issuer.empty() && ca.kind == CaKind::kPublic)
        public_roots += " --public-roots " + minted.ca_file(ca.id).string();
    out += fmt::format("  uccert audit {} --dns-server 127.0.0.1:{}{}{}\n", (dir / kTopologyFile).string(),
                       state.dns_port, connect, public_roots);
  }
  const auto checks = live_checks(scenario, minted, state);
  for (std::size_t i = 0; i < checks.size() && i < 3; ++i) {
    out += "  uccert check";
    for (const auto& a : checks[i].command_args()) out += " " + a;
    out += "\n";
  }
  out += fmt::format("  ... every check of the scenario, one a line: {}\n", (dir / kChecksFile).string());
  return out;
}

std::string summary_text(const Scenario& scenario, const LabState& state, const fs::path& dir) {
  std::string out = fmt::format("Lab \"{}\" is up in {} (pid {})\n", scenario.name, dir.string(), state.pid);
  if (!scenario.description.empty()) out += "  " + scenario.description + "\n";
  out += fmt::format("  {:<26} 127.0.0.1:{:<6} (--dns-server 127.0.0.1:{})\n", "DNS", state.dns_port, state.dns_port);
  out += fmt::format("  {:<26} 127.0.0.1:{:<6} (CRL and AIA files)\n", "HTTP", state.http_port);
  for (const auto& e : state.endpoints)
    out += fmt::format("  {:<26} 127.0.0.1:{:<6} {} {}:{}\n", e.id, e.lab_port, protocol_name(e.protocol), e.host,
                       e.port);
  return out;
}

// Stops the lab on SIGINT or SIGTERM: listeners and DNS closed, the event loop runs out.
struct Serving {
  asio::io_context io;
  std::unique_ptr<LabServers> servers;
  DnsServer dns;
};

struct Started {
  std::unique_ptr<Serving> serving;
  std::string summary;
};

// Binds, mints, starts the DNS and the servers, writes lab.state and checks.tsv.
Result<Started> start_lab(const Scenario& scenario, const UpOptions& o, const fs::path& dir) {
  auto serving = std::make_unique<Serving>();
  auto servers = LabServers::bind(serving->io, scenario, o.base_port);
  if (!servers) return servers.error();
  serving->servers = std::move(*servers);
  auto minted = mint_scenario(scenario, dir, now(), serving->servers->http_port(), o.keys);
  if (!minted) return minted.error();
  if (auto s = serving->servers->start(*minted); !s) return s.error();

  LabState state;
  state.pid = ::getpid();
  state.scenario = scenario.name;
  state.http_port = serving->servers->http_port();
  for (const auto& e : scenario.endpoints)
    state.endpoints.push_back({e.id, e.host, e.port, serving->servers->port_of(e.id), e.protocol});
  auto port_of = [&](const std::string& id) { return serving->servers->port_of(id); };
  const std::uint16_t dns_port = o.base_port == 0 ? 0 : static_cast<std::uint16_t>(o.base_port + 1);
  if (auto s = serving->dns.start(dns_records(scenario, port_of), dir, dns_port); !s) return s.error();
  state.dns_port = serving->dns.port();

  if (auto s = write_file_atomic(dir / kChecksFile, format_checks_tsv(live_checks(scenario, *minted, state))); !s)
    return s.error();
  if (!scenario.topology_toml.empty()) {
    if (auto s = write_file_atomic(dir / kTopologyFile, scenario.topology_toml); !s) return s.error();
  }
  if (auto s = write_file_atomic(dir / kStateFile, state_text(state)); !s) return s.error();
  Started out;
  out.summary = summary_text(scenario, state, dir) + commands_text(scenario, *minted, state, dir);
  out.serving = std::move(serving);
  return out;
}

void serve_until_signal(Serving& s) {
  asio::signal_set signals(s.io, SIGINT, SIGTERM);
  signals.async_wait([&](const asio::error_code& ec, int) {
    if (ec) return;
    s.servers->stop();
    s.dns.stop();
  });
  s.io.run();
  s.dns.stop();
}

void remove_unless_kept(const fs::path& dir, bool keep) {
  std::error_code ec;
  if (keep || fs::exists(dir / kKeepMarker, ec)) {
    fs::remove(dir / kStateFile, ec);
    fs::remove(dir / kKeepMarker, ec);
    return;
  }
  fs::remove_all(dir, ec);
}

// The detached child: a new session, no terminal, output to DIR/lab.log; the first line written
// to `report` is "ok" or "error", then the text for the parent to print.
[[noreturn]] void run_detached(const Scenario& scenario, const UpOptions& o, const fs::path& dir, int report) {
  ::setsid();
  const int devnull = ::open("/dev/null", O_RDONLY);
  const int log = ::open((dir / "lab.log").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  ::dup2(devnull, 0);
  if (log >= 0) {
    ::dup2(log, 1);
    ::dup2(log, 2);
  }
  auto started = start_lab(scenario, o, dir);
  // On failure the folder goes before the parent hears of it: nothing is left when `up` returns.
  if (!started) remove_unless_kept(dir, false);
  const std::string message =
      started ? "ok\n" + started->summary + fmt::format("Stop: uccert lab down --dir {}\n", dir.string())
              : "error\n" + started.error().message + "\n";
  [[maybe_unused]] auto written = ::write(report, message.data(), message.size());
  ::close(report);
  if (!started) ::_exit(3);
  serve_until_signal(*started->serving);
  started->serving.reset();
  remove_unless_kept(dir, o.keep);
  ::_exit(0);
}

}  // namespace

fs::path default_lab_dir() {
  const char* tmp = std::getenv("TMPDIR");
  return fs::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") / fmt::format("uccert-lab-{}", ::getuid());
}

std::vector<std::string> LabState::connect_to_options() const {
  std::vector<std::string> out;
  for (const auto& e : endpoints) out.push_back(fmt::format("{}:{}:127.0.0.1:{}", e.host, e.port, e.lab_port));
  return out;
}

Result<LabState> read_lab_state(const fs::path& dir) {
  std::ifstream in(dir / kStateFile);
  if (!in) return Error{fmt::format("{}: no lab here (no {})", dir.string(), kStateFile)};
  LabState s;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    std::istringstream words(line);
    std::string key;
    words >> key;
    bool ok = true;
    if (key == "pid") ok = static_cast<bool>(words >> s.pid);
    else if (key == "scenario") ok = static_cast<bool>(words >> s.scenario);
    else if (key == "dns") ok = static_cast<bool>(words >> s.dns_port);
    else if (key == "http") ok = static_cast<bool>(words >> s.http_port);
    else if (key == "endpoint") {
      ServedEndpoint e;
      std::string proto;
      ok = static_cast<bool>(words >> e.id >> e.host >> e.port >> e.lab_port >> proto);
      e.protocol = proto == "sip" ? EndpointProtocol::kSip
                   : proto == "https" ? EndpointProtocol::kHttps
                   : proto == "smtp" ? EndpointProtocol::kSmtp
                                     : EndpointProtocol::kTls;
      s.endpoints.push_back(std::move(e));
    } else {
      ok = false;
    }
    if (!ok) return Error{fmt::format("{}:{}: not a line uccert lab writes", (dir / kStateFile).string(), line_no)};
  }
  if (s.pid <= 0) return Error{fmt::format("{}: no pid", (dir / kStateFile).string())};
  return s;
}

namespace {

// The scenario's checks with each endpoint reached as `reach` says: the target, then the options
// that reach it.
std::vector<LabCheck> scenario_checks(
    const Scenario& scenario, const MintedScenario& minted,
    const std::function<std::pair<std::string, std::vector<std::string>>(const ScenarioEndpoint&)>& reach) {
  std::vector<LabCheck> out;
  for (const auto& c : scenario.checks) {
    const ScenarioEndpoint* e = scenario.find_endpoint(c.endpoint);
    LabCheck d;
    d.id = c.id;
    d.description = c.story;
    d.name = c.name.empty() ? e->host : c.name;
    std::tie(d.target, d.options) = reach(*e);
    for (std::string o : c.options) {
      for (const auto& [prefix, is_ca] : {std::pair{std::string("{ca:"), true}, {std::string("{cert:"), false}}) {
        const auto at = o.find(prefix);
        if (at == std::string::npos) continue;
        const auto end = o.find('}', at);
        const std::string id = o.substr(at + prefix.size(), end - at - prefix.size());
        o.replace(at, end - at + 1, (is_ca ? minted.ca_file(id) : minted.cert_file(id)).string());
      }
      d.options.push_back(o);
    }
    for (const auto& [profile, verdict] : c.expect) {
      d.options.emplace_back("--profile");
      d.options.push_back(profile);
    }
    d.expect = c.expect;
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

std::vector<LabCheck> live_checks(const Scenario& scenario, const MintedScenario& minted, const LabState& state) {
  return scenario_checks(scenario, minted, [&](const ScenarioEndpoint& e) {
    std::pair<std::string, std::vector<std::string>> out{fmt::format("{}:{}", e.host, e.port), {}};
    for (const auto& se : state.endpoints)
      if (se.id == e.id) out.second = {"--connect-to", fmt::format("{}:{}:127.0.0.1:{}", e.host, e.port, se.lab_port)};
    // An HTTPS check follows the autodiscover walk to other hosts of the lab (redirect targets,
    // linked web services): every endpoint's --connect-to and the lab's DNS keep it in the lab.
    if (e.protocol == EndpointProtocol::kHttps) {
      out.second.clear();
      for (const auto& c : state.connect_to_options()) out.second.insert(out.second.end(), {"--connect-to", c});
      if (state.dns_port != 0)
        out.second.insert(out.second.end(), {"--dns-server", fmt::format("127.0.0.1:{}", state.dns_port)});
    }
    out.second.insert(out.second.end(), {"--proto", std::string(protocol_name(e.protocol))});
    return out;
  });
}

std::vector<LabCheck> file_checks(const Scenario& scenario, const MintedScenario& minted) {
  return scenario_checks(scenario, minted, [&](const ScenarioEndpoint& e) {
    return std::pair<std::string, std::vector<std::string>>{minted.sent_file(e.id).string(), {}};
  });
}

int lab_mint(const std::string& scenario_name, const fs::path& out_dir, std::ostream& out, std::ostream& err) {
  auto scenario = load_scenario(scenario_name);
  if (!scenario) {
    err << "uccert lab mint: " << scenario.error().message << "\n";
    return 3;
  }
  const fs::path dir = fs::absolute(out_dir);
  if (auto s = prepare_dir(dir); !s) {
    err << "uccert lab mint: " << s.error().message << "\n";
    return 3;
  }
  // Port 1: nothing listens there, so the files never lead anything to the network.
  auto minted = mint_scenario(*scenario, dir, now(), 1, LabKeys::kCached);
  Status written = minted ? write_file_atomic(dir / kChecksFile, format_checks_tsv(file_checks(*scenario, *minted)))
                          : Status(minted.error());
  if (!written) {
    std::error_code ec;
    fs::remove_all(dir, ec);
    err << "uccert lab mint: " << written.error().message << "\n";
    return 3;
  }
  out << fmt::format("Scenario \"{}\" minted into {}:\n", scenario->name, dir.string());
  out << fmt::format("  ca/        each CA certificate (--enterprise-root, --public-roots)\n");
  out << fmt::format("  certs/     each certificate with its intermediates; keys/ their keys (0600)\n");
  out << fmt::format("  sent/      what each endpoint sends, as `uccert check FILE` takes it\n");
  out << fmt::format("  {}  {} checks, one a line (uccert check --name NAME OPTIONS... FILE)\n", kChecksFile,
                     scenario->checks.size());
  return 0;
}

int lab_up(const UpOptions& o, std::ostream& out, std::ostream& err) {
  auto scenario = load_scenario(o.scenario);
  if (!scenario) {
    err << "uccert lab up: " << scenario.error().message << "\n";
    return 3;
  }
  const fs::path dir = fs::absolute(o.dir.empty() ? default_lab_dir() : o.dir);
  if (auto s = prepare_dir(dir); !s) {
    err << "uccert lab up: " << s.error().message << "\n";
    return 3;
  }
  if (o.detach) {
    out.flush();
    err.flush();
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      err << "uccert lab up: cannot detach: pipe failed\n";
      remove_unless_kept(dir, false);
      return 3;
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
      err << "uccert lab up: cannot detach: fork failed\n";
      remove_unless_kept(dir, false);
      return 3;
    }
    if (pid == 0) {
      ::close(fds[0]);
      run_detached(*scenario, o, dir, fds[1]);
    }
    ::close(fds[1]);
    std::string message;
    char buf[4096];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) != 0;) {
      if (n < 0) {
        if (errno == EINTR) continue;
        break;
      }
      message.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    if (message.rfind("ok\n", 0) == 0) {
      out << message.substr(3);
      return 0;
    }
    const std::string why = message.rfind("error\n", 0) == 0 ? message.substr(6) : "the lab process ended at start\n";
    err << "uccert lab up: " << why;
    return 3;
  }

  auto started = start_lab(*scenario, o, dir);
  if (!started) {
    err << "uccert lab up: " << started.error().message << "\n";
    remove_unless_kept(dir, false);
    return 3;
  }
  out << started->summary << "Stop: Ctrl-C (or SIGTERM); the lab then removes " << dir.string()
      << (o.keep ? " 's state and keeps the rest" : "") << "\n";
  out.flush();
  serve_until_signal(*started->serving);
  started->serving.reset();
  remove_unless_kept(dir, o.keep);
  out << "Lab stopped.\n";
  return 0;
}

int lab_down(const fs::path& dir_in, bool keep, std::ostream& out, std::ostream& err) {
  const fs::path dir = fs::absolute(dir_in.empty() ? default_lab_dir() : dir_in);
  auto state = read_lab_state(dir);
  if (!state) {
    err << "uccert lab down: " << state.error().message << "\n";
    return 3;
  }
  std::error_code ec;
  if (alive(state->pid) && is_lab_process(state->pid)) {
    if (keep) std::ofstream(dir / kKeepMarker) << "keep\n";
    ::kill(state->pid, SIGTERM);
    for (int i = 0; i < 200 && alive(state->pid); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (alive(state->pid)) {
      err << fmt::format("uccert lab down: the lab (pid {}) did not stop within 10 seconds\n", state->pid);
      return 3;
    }
  }
  // The lab removes its folder as it stops; a lab that had died leaves it for us.
  if (!keep && fs::exists(dir / kStateFile, ec)) fs::remove_all(dir, ec);
  out << fmt::format("Lab \"{}\" (pid {}) is down{}.\n", state->scenario, state->pid,
                     keep ? fmt::format("; its files are in {}", dir.string()) : "");
  return 0;
}

}  // namespace uccert::lab
