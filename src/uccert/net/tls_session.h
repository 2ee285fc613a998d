// One TLS client session of a probe: the OpenSSL context (every version and cipher, verification
// off: uccert records, the judge decides), the deadline that closes whatever socket is current,
// and the words a person reads for what the network or the server did. Private to net/.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/redirect_error.hpp>
#include <asio/ssl.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "uccert/net/client_identity.h"
#include "uccert/net/tls_stream.h"
#include "uccert/pki/certificate.h"
#include "uccert/pki/error.h"

namespace uccert::net::probe_detail {

using asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using SslStream = TlsStream;

inline auto awaitable_ec(asio::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

// Closes whichever socket is current when the probe's time is up; every pending operation on it
// then completes with an error and the probe reports the phase it was in.
struct Watchdog {
  explicit Watchdog(asio::io_context& io) : timer(io) {}
  asio::steady_timer timer;
  tcp::socket* socket = nullptr;
  bool fired = false;
};

class DeadlineGuard {
 public:
  DeadlineGuard(asio::io_context& io, Clock::time_point deadline) : dog_(std::make_shared<Watchdog>(io)) {
    dog_->timer.expires_at(deadline);
    dog_->timer.async_wait([dog = dog_](asio::error_code ec) {
      if (ec) return;
      dog->fired = true;
      if (dog->socket != nullptr) {
        asio::error_code ignored;
        dog->socket->close(ignored);
      }
    });
  }
  ~DeadlineGuard() {
    dog_->socket = nullptr;
    dog_->timer.cancel();
  }
  DeadlineGuard(const DeadlineGuard&) = delete;
  DeadlineGuard& operator=(const DeadlineGuard&) = delete;
  void watch(tcp::socket* s) { dog_->socket = s; }
  bool fired() const { return dog_->fired; }

 private:
  std::shared_ptr<Watchdog> dog_;
};

// A person's words for what the network or the server did.
std::string describe(const asio::error_code& ec);

// One line, RFC 2253 order reversed as Windows shows it ("CN=..., O=...").
std::string one_line_name(X509_NAME* name);

// OpenSSL's SSL_set_tlsext_host_name macro casts in C style.
void set_sni(SSL* ssl, const std::string& name);

// The client context: every version and cipher, no verification, the client identity if any.
Result<asio::ssl::context> make_context(const ClientIdentity* identity);

struct Target {
  std::string display;  // "sip.contoso.com:5061"
  std::string host;     // the name dialled there
  std::string connect_host;
  std::uint16_t connect_port = 0;
};

// What one connection + handshake produced.
struct Handshake {
  std::unique_ptr<SslStream> stream;
  std::string address;
  std::vector<pki::CertificatePtr> chain;
  bool cert_requested = false;
  std::string handshake_error;  // set when the handshake failed after the chain arrived (MTLS refusal)
};

}  // namespace uccert::net::probe_detail
