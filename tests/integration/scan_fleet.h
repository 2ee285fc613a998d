// A fleet of endpoints on 127.0.0.1 for the scan tests: hundreds of listening ports served by
// one accept thread (a thread per connection), each port with its own behaviour: a TLS server
// for a chosen chain (at once, or after a delay), silent, answering with garbage, or down (a
// port that was bound, then closed: the connection is refused).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "uccert/lab/mint.h"

namespace uccert::testing {

enum class FleetBehaviour { kTls, kSlowTls, kSilent, kGarbage, kDown };

struct FleetEndpoint {
  FleetBehaviour behaviour = FleetBehaviour::kTls;
  std::size_t chain = 0;  // index into the fleet's chains (kTls, kSlowTls)
};

class Fleet {
 public:
  // `chains`: leaf first, the leaf's key used. kSlowTls waits `delay` before its handshake.
  Fleet(std::vector<std::vector<lab::Minted>> chains, const std::vector<FleetEndpoint>& endpoints,
        std::chrono::milliseconds delay);
  ~Fleet();
  Fleet(const Fleet&) = delete;
  Fleet& operator=(const Fleet&) = delete;

  std::uint16_t port(std::size_t endpoint) const { return ports_.at(endpoint); }
  std::size_t connections() const { return connections_; }
  // The most connections open at once so far.
  std::size_t most_open() const { return most_open_; }

 private:
  struct Listener;
  void accept_loop();
  void serve(int fd, const Listener& l);

  std::vector<std::shared_ptr<void>> contexts_;  // SSL_CTX per chain
  std::vector<std::uint16_t> ports_;
  std::vector<int> reserved_;  // kDown ports: bound, never listening
  std::vector<std::unique_ptr<Listener>> listeners_;
  std::chrono::milliseconds delay_;
  int wake_[2] = {-1, -1};
  std::atomic<bool> stop_{false};
  std::atomic<std::size_t> connections_{0};
  std::atomic<std::size_t> most_open_{0};
  std::mutex mu_;
  std::vector<int> open_;  // accepted sockets, shut down at stop
  std::vector<std::thread> handlers_;
  std::thread acceptor_;
};

}  // namespace uccert::testing
