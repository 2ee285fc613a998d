// Hostile peers for the hardening tests (docs/security.md): servers on 127.0.0.1 that misbehave
// on purpose, and a way to run uccert's code in a child process so the tests can measure what a
// hostile peer makes it spend (wall time to its deadline, peak RSS via wait4/getrusage).
//
// Each server runs in a child process forked before any probe starts (so no thread of the test
// process holds a lock at fork time) and is killed by its process id when the object goes away.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "uccert/lab/mint.h"

namespace uccert::testing {

enum class TcpBehaviour {
  kSilent,                // accepts, reads, never writes a byte
  kDrip,                  // reads the ClientHello, then sends one byte per second, forever
  kCloseAfterServerHello, // real ServerHello (OpenSSL), then closes the connection
  kGarbage,               // answers the ClientHello with bytes that are not TLS, stays open
  kTls,                   // a real TLS server for `chain`, then `app` below
  kSmtpRefuseStartTls,    // SMTP greeting, EHLO offers STARTTLS, STARTTLS answered 454
};

enum class TlsApp {
  kNone,               // after the handshake, read until the client closes
  kSipEndlessHeader,   // answer OPTIONS with a header line that never ends
  kSipEndlessBody,     // answer OPTIONS with a valid head and a body that never ends
  kHttpRedirectForever,  // answer every GET with a 302 to a new path on itself (/r1, /r2, ...)
  kHttpRedirectLoop,     // GET / -> 302 /b, any other path -> 302 /: a two-URL loop
  kHttpRedirectToPool,   // answer every GET with a 302 to kPoolRedirectLocation
  kHttpOk,               // answer every GET with 200 OK and a small JSON body
  kSipOk,               // a well-behaved Lync front end: answer OPTIONS with 200 OK
};

// Where kHttpRedirectToPool sends the client: a name and port the tests map with --connect-to
// to a second server on 127.0.0.1 (so SNI and Host are names, as a mobile client sends them).
inline constexpr const char* kPoolRedirectLocation =
    "https://pool.contoso.test:4443/Autodiscover/AutodiscoverService.svc/root/user?originalDomain=contoso.test";

struct HostileTcpConfig {
  TcpBehaviour behaviour = TcpBehaviour::kSilent;
  TlsApp app = TlsApp::kNone;
  std::vector<lab::Minted> chain;  // kTls, kCloseAfterServerHello: leaf first (leaf's key used)
};

class HostileTcpServer {
 public:
  explicit HostileTcpServer(HostileTcpConfig config);
  ~HostileTcpServer();
  HostileTcpServer(const HostileTcpServer&) = delete;
  HostileTcpServer& operator=(const HostileTcpServer&) = delete;
  std::uint16_t port() const { return port_; }

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

enum class DnsBehaviour {
  kNeverAnswers,  // reads every query (UDP and TCP), answers none
  kTruncated,     // UDP: TC set and the answer cut inside a record; TCP: length says more than is sent
  kThousandSrv,   // UDP: TC set; TCP: 1,000 SRV records for the question
};

// A DNS server on 127.0.0.1, UDP and TCP on the same port.
class HostileDnsServer {
 public:
  explicit HostileDnsServer(DnsBehaviour behaviour);
  ~HostileDnsServer();
  HostileDnsServer(const HostileDnsServer&) = delete;
  HostileDnsServer& operator=(const HostileDnsServer&) = delete;
  std::uint16_t port() const { return port_; }

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

// What a child process did: its one-line report (or its stdout and stderr), exit status, the
// wall time it took and its peak resident set size.
struct ChildOutcome {
  std::string output;  // what the child wrote (stdout, then stderr for a spawned program)
  std::string err;     // stderr of a spawned program
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  bool killed_by_watchdog = false;
  std::chrono::milliseconds wall{0};
  long max_rss_kb = 0;
};

// Forks; the child runs `body` and writes its return value to the parent, then exits 0. The
// child is killed after `kill_after`.
ChildOutcome run_in_child(const std::function<std::string()>& body, std::chrono::milliseconds kill_after);

// Runs a program (argv[0] is its path), stdin from /dev/null, collecting stdout and stderr.
ChildOutcome run_program(const std::vector<std::string>& argv, std::chrono::milliseconds kill_after,
                         const std::vector<std::string>& extra_env = {});

// Peak RSS of a child that does nothing: the floor every measurement is compared with.
long baseline_child_rss_kb();

// What a hostile peer may make one run hold above its floor (a well-behaved peer, or an idle
// child): the read caps in net/ are 64 KiB and a chain at most a few MiB of DER; a missing cap
// fills this within the deadline.
inline constexpr long kRssBudgetKb = 64L * 1024L;

// The hostile-peer contract for one run (docs/security.md): it ended by itself (not by the
// test's watchdog) within `allowed`, and its peak RSS stayed within kRssBudgetKb of `floor_kb`.
// Prints the run's record (exit, wall time, peak RSS, stderr) for the test log.
void expect_ended_within(const ChildOutcome& out, std::chrono::milliseconds allowed, long floor_kb);

}  // namespace uccert::testing
