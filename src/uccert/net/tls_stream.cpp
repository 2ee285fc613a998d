#include "uccert/net/tls_stream.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstdint>
#include <memory>

namespace uccert::net {

namespace {

int socket_of(BIO* bio) { return static_cast<int>(reinterpret_cast<std::intptr_t>(BIO_get_data(bio))); }

// OpenSSL's socket BIO writes with write(2): a peer that has gone would raise SIGPIPE and end the
// process. This one sends with MSG_NOSIGNAL, as Asio does, and reads with recv(2).
int bio_write(BIO* bio, const char* data, int length) {
  BIO_clear_retry_flags(bio);
  const ssize_t n = ::send(socket_of(bio), data, static_cast<std::size_t>(length), MSG_NOSIGNAL);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) BIO_set_retry_write(bio);
  return static_cast<int>(n);
}

int bio_read(BIO* bio, char* data, int length) {
  BIO_clear_retry_flags(bio);
  const ssize_t n = ::recv(socket_of(bio), data, static_cast<std::size_t>(length), 0);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) BIO_set_retry_read(bio);
  return static_cast<int>(n);
}

long bio_ctrl(BIO*, int command, long, void*) {
  // OpenSSL flushes after each flight; the socket has nothing to flush.
  return command == BIO_CTRL_FLUSH ? 1 : 0;
}

int bio_create(BIO* bio) {
  BIO_set_init(bio, 1);
  return 1;
}

struct MethodDeleter {
  void operator()(BIO_METHOD* m) const noexcept { BIO_meth_free(m); }
};

const BIO_METHOD* socket_method() {
  static const std::unique_ptr<BIO_METHOD, MethodDeleter> method = [] {
    std::unique_ptr<BIO_METHOD, MethodDeleter> m(
        BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK | BIO_TYPE_DESCRIPTOR, "uccert socket"));
    if (m && (BIO_meth_set_write(m.get(), bio_write) != 1 || BIO_meth_set_read(m.get(), bio_read) != 1 ||
              BIO_meth_set_ctrl(m.get(), bio_ctrl) != 1 || BIO_meth_set_create(m.get(), bio_create) != 1)) {
      m.reset();
    }
    return m;
  }();
  return method.get();
}

}  // namespace

TlsStream::TlsStream(asio::ip::tcp::socket socket, asio::ssl::context& context)
    : socket_(std::move(socket)), ssl_(SSL_new(context.native_handle())) {
  asio::error_code ec;
  socket_.non_blocking(true, ec);
  const BIO_METHOD* method = socket_method();
  BIO* bio = ssl_ && !ec && method != nullptr ? BIO_new(method) : nullptr;
  if (bio == nullptr) {
    // Every operation then fails with bad_descriptor: the caller reports a TLS failure.
    ssl_.reset();
    ERR_clear_error();
    return;
  }
  BIO_set_data(bio, reinterpret_cast<void*>(static_cast<std::intptr_t>(socket_.native_handle())));
  SSL_set_bio(ssl_.get(), bio, bio);  // one reference, owned by the SSL from here
}

TlsStream::Step TlsStream::outcome(int ret, asio::error_code& ec) {
  if (ret > 0) return Step::kDone;
  const int saved_errno = errno;
  const int ssl_error = SSL_get_error(ssl_.get(), ret);
  const unsigned long first = ERR_get_error();
  ERR_clear_error();
  switch (ssl_error) {
    case SSL_ERROR_WANT_READ: return Step::kWaitRead;
    case SSL_ERROR_WANT_WRITE: return Step::kWaitWrite;
    case SSL_ERROR_ZERO_RETURN: ec = asio::error::eof; return Step::kFailed;
    case SSL_ERROR_SYSCALL:
      if (first != 0) {
        ec = asio::error_code(static_cast<int>(first), asio::error::get_ssl_category());
      } else if (saved_errno != 0 && ret < 0) {
        ec = asio::error_code(saved_errno, asio::system_category());
      } else {
        ec = asio::ssl::error::stream_truncated;  // the peer closed the socket mid-record
      }
      return Step::kFailed;
    default:
      ec = first != 0 ? asio::error_code(static_cast<int>(first), asio::error::get_ssl_category())
                      : asio::error_code(asio::ssl::error::unspecified_system_error);
      return Step::kFailed;
  }
}

}  // namespace uccert::net
