// The TLS client context every probe of a run shares when it presents no client certificate.
// OpenSSL 3.0 spends a few hundred microseconds and tens of KiB building an SSL_CTX (cipher
// lists, provider fetches); a scan of thousands of endpoints at concurrency 1,000 made one per
// probe, which cost more CPU than the handshake and most of the scan's memory. Probes with a
// client certificate (MTLS) still make their own: the identity is part of the context.
#pragma once

#include <memory>
#include <mutex>

#include <asio/ssl/context.hpp>

#include "uccert/pki/error.h"

namespace uccert::net {

class SharedTlsClientContext {
 public:
  // The context, made on first use (thread-safe); the error when OpenSSL cannot make one.
  Result<std::shared_ptr<asio::ssl::context>> get();

 private:
  std::mutex mutex_;
  std::shared_ptr<asio::ssl::context> context_;
};

}  // namespace uccert::net
