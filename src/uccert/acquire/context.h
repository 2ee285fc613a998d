// What every acquisition of one run shares: the event loop every probe and lookup runs on, the
// run's one deadline (from the command's start, so reading trust stores counts too), its cap on
// work in flight, its certificate pool (each DER decoded once, each signature checked once,
// bounded; thread-safe, so a scan's workers can share it) and its one TLS client context. A
// command makes one; a scan makes one and shares it among its targets.
#pragma once

#include <algorithm>
#include <chrono>
#include <optional>

#include <asio/io_context.hpp>

#include "uccert/net/tls_client_context.h"
#include "uccert/pki/certificate_pool.h"

namespace uccert::acquire {

using Clock = std::chrono::steady_clock;

struct AcquireLimits {
  // The whole run; zero = no run-wide deadline (each probe still has its own timeout).
  std::chrono::milliseconds deadline{0};
  // When the deadline started; default: when the context is made.
  std::optional<Clock::time_point> started;
  int concurrency = 8;  // probes in flight at once on the one event loop
};

class AcquireContext {
 public:
  explicit AcquireContext(AcquireLimits limits = {})
      : limits_(limits), started_(limits.started.value_or(Clock::now())) {}
  AcquireContext(const AcquireContext&) = delete;
  AcquireContext& operator=(const AcquireContext&) = delete;

  asio::io_context& io() { return io_; }
  pki::CertificatePool& pool() { return pool_; }
  net::SharedTlsClientContext& tls_context() { return tls_context_; }
  const AcquireLimits& limits() const { return limits_; }
  Clock::time_point started() const { return started_; }
  bool has_deadline() const { return limits_.deadline.count() > 0; }
  int concurrency() const { return std::max(1, limits_.concurrency); }

  // Runs the loop until no work is left, then makes it ready for the next phase.
  void run() {
    io_.run();
    io_.restart();
  }

 private:
  AcquireLimits limits_;
  Clock::time_point started_;
  asio::io_context io_;
  pki::CertificatePool pool_;
  net::SharedTlsClientContext tls_context_;
};

}  // namespace uccert::acquire
