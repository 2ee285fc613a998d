// A TLS client stream on a TCP socket where OpenSSL reads and writes the non-blocking socket
// itself and Asio only waits for it to be ready. asio::ssl::stream keeps a BIO pair and two record
// buffers between OpenSSL and the socket, about 70 KiB per connection whether or not anything is
// in flight: a scan at concurrency 1,000 spent most of its memory there (docs/performance.md).
// Here a connection costs OpenSSL's own SSL object, and idle buffers go back
// (SSL_MODE_RELEASE_BUFFERS on the context).
//
// The interface is the part of asio::ssl::stream the probes use (handshake, read_some, write_some,
// next_layer, native_handle), so Asio's composed operations (async_read_until, async_write) work
// on it; errors come in the same categories as asio::ssl::stream's (OpenSSL errors in
// asio::error::get_ssl_category(), end of stream as asio::error::eof or
// asio::ssl::error::stream_truncated).
#pragma once

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cerrno>
#include <cstddef>
#include <type_traits>
#include <utility>

#include <asio/buffer.hpp>
#include <asio/compose.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/post.hpp>
#include <asio/ssl/context.hpp>
#include <asio/ssl/error.hpp>
#include <asio/ssl/stream_base.hpp>

#include "uccert/pki/handles.h"

namespace uccert::net {

class TlsStream {
 public:
  using executor_type = asio::ip::tcp::socket::executor_type;

  // Takes the connected socket; the SSL object comes from `context` (which must outlive nothing:
  // the SSL holds its own reference to the SSL_CTX).
  TlsStream(asio::ip::tcp::socket socket, asio::ssl::context& context);
  TlsStream(const TlsStream&) = delete;
  TlsStream& operator=(const TlsStream&) = delete;

  executor_type get_executor() { return socket_.get_executor(); }
  asio::ip::tcp::socket& next_layer() { return socket_; }
  SSL* native_handle() { return ssl_.get(); }

  template <class Token>
  auto async_handshake(asio::ssl::stream_base::handshake_type type, Token&& token) {
    if (ssl_) {
      if (type == asio::ssl::stream_base::client) {
        SSL_set_connect_state(ssl_.get());
      } else {
        SSL_set_accept_state(ssl_.get());
      }
    }
    return run([this](std::size_t&) { return SSL_do_handshake(ssl_.get()); }, std::forward<Token>(token));
  }

  template <class MutableBuffers, class Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    const asio::mutable_buffer b = first_buffer(buffers);
    return run([this, b](std::size_t& n) { return b.size() == 0 ? 1 : SSL_read_ex(ssl_.get(), b.data(), b.size(), &n); },
               std::forward<Token>(token));
  }

  template <class ConstBuffers, class Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    const asio::const_buffer b = first_buffer(buffers);
    return run([this, b](std::size_t& n) { return b.size() == 0 ? 1 : SSL_write_ex(ssl_.get(), b.data(), b.size(), &n); },
               std::forward<Token>(token));
  }

 private:
  enum class Step { kDone, kWaitRead, kWaitWrite, kFailed };

  // What one OpenSSL call's return value means; `ec` set when it failed.
  Step outcome(int ret, asio::error_code& ec);

  // The first non-empty buffer (OpenSSL takes one at a time, as asio::ssl::stream does); an empty
  // one when there is none, so an empty sequence completes at once with nothing moved.
  template <class Buffers>
  static auto first_buffer(const Buffers& buffers) {
    using Buffer = std::decay_t<decltype(*asio::buffer_sequence_begin(buffers))>;
    for (auto it = asio::buffer_sequence_begin(buffers); it != asio::buffer_sequence_end(buffers); ++it) {
      if (it->size() != 0) return Buffer(*it);
    }
    return Buffer();
  }

  // Calls `op` until OpenSSL is done with it, waiting for the socket between calls. Completes
  // through the executor, never inside the initiating call (as Asio's own operations).
  template <class Op, class Token>
  auto run(Op op, Token&& token) {
    return asio::async_compose<Token, void(asio::error_code, std::size_t)>(
        [this, op, waited = false, finished = false, result_ec = asio::error_code(), result_n = std::size_t{0}](
            auto& self, asio::error_code wait_ec = {}) mutable {
          if (finished) {
            self.complete(result_ec, result_n);
            return;
          }
          if (wait_ec) {
            self.complete(wait_ec, 0);
            return;
          }
          Step step = Step::kFailed;
          std::size_t n = 0;
          asio::error_code ec = asio::error::bad_descriptor;
          if (ssl_) {
            ERR_clear_error();
            errno = 0;
            step = outcome(op(n), ec);
          }
          if (step == Step::kWaitRead || step == Step::kWaitWrite) {
            waited = true;
            socket_.async_wait(step == Step::kWaitRead ? asio::socket_base::wait_read : asio::socket_base::wait_write,
                               std::move(self));
            return;
          }
          if (step == Step::kDone) ec = {};
          if (waited) {
            self.complete(ec, step == Step::kDone ? n : 0);
            return;
          }
          finished = true;
          result_ec = ec;
          result_n = step == Step::kDone ? n : 0;
          asio::post(socket_.get_executor(), std::move(self));
        },
        token, socket_);
  }

  asio::ip::tcp::socket socket_;
  pki::SslPtr ssl_;
};

}  // namespace uccert::net
