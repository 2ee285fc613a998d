// The lab's servers, all in one process on one event loop, on 127.0.0.1: one TLS listener per
// scenario endpoint (SIP over TLS or mutual TLS, HTTPS, SMTP with STARTTLS, bare TLS) and one
// plain HTTP listener for the CRL and AIA files the certificates point at.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include <asio/io_context.hpp>

#include "uccert/lab/scenario.h"
#include "uccert/lab/scenario_mint.h"
#include "uccert/pki/error.h"

namespace uccert::lab {

class LabServers {
 public:
  // Binds the HTTP listener and one listener per endpoint on 127.0.0.1: with base_port 0 on ports
  // the system chooses, else HTTP on base_port and endpoint i on base_port + 2 + i (base_port + 1
  // is left for the lab's DNS server). Nothing is served until start(). A port already taken is
  // an error naming it.
  static Result<std::unique_ptr<LabServers>> bind(asio::io_context& io, const Scenario& scenario,
                                                  std::uint16_t base_port);
  ~LabServers();
  LabServers(const LabServers&) = delete;
  LabServers& operator=(const LabServers&) = delete;

  std::uint16_t http_port() const;
  std::uint16_t port_of(const std::string& endpoint_id) const;

  // Loads each endpoint's certificate chain and key from `minted` and starts accepting.
  Status start(const MintedScenario& minted);
  // Closes every listener and open connection; the event loop then runs out of work. Run it to
  // its end before destroying the event loop.
  void stop();

  struct State;

 private:
  explicit LabServers(std::shared_ptr<State> state);
  std::shared_ptr<State> state_;
};

}  // namespace uccert::lab
