// `uccert serve`'s HTTP side: cpp-httplib (Debian's libcpp-httplib-dev) carrying requests to the
// Service and back. Bodies are capped (kMaxBodyBytes) before they are read whole; uploads stay
// in memory; a log line per request names its method, path and status only (never a query, a
// header or a body: the token and PKCS#12 passwords travel there).
#pragma once

#include <functional>
#include <ostream>
#include <string>

#include "uccert/pki/error.h"
#include "uccert/serve/service.h"

namespace uccert::serve {

struct ServerOptions {
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8443;  // 0: any free port (the one bound is reported)
  ServiceOptions service;            // listen_host and port are filled in from the above
};

// Binds, calls `ready(port)` once listening, and serves until `stop_requested` returns true
// (polled) or the process ends. Errors (the address in use) are one line.
Status run_server(ServerOptions options, std::ostream& log, const std::function<void(std::uint16_t)>& ready,
                  const std::function<bool()>& stop_requested);

}  // namespace uccert::serve
