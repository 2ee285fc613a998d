#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <stdexcept>

#include <openssl/ssl.h>

#include "integration/scan_fleet.h"

namespace uccert::testing {

struct Fleet::Listener {
  int fd = -1;
  FleetBehaviour behaviour = FleetBehaviour::kTls;
  SSL_CTX* ctx = nullptr;
};

namespace {

// `listening` false: bound only, so connections are refused while no other socket can take the
// port (a closed one could be reused by any test running beside this one, and then answer).
int listen_on_loopback(std::uint16_t& port, bool listening = true) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || (listening && ::listen(fd, 128) != 0)) {
    ::close(fd);
    throw std::runtime_error("cannot listen on 127.0.0.1");
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.sin_port);
  return fd;
}

// Reads until the peer closes, the stop, or 10 s: a handler never outlives its test for long.
void drain(int fd) {
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  char buf[4096];
  while (::read(fd, buf, sizeof buf) > 0) {
  }
}

}  // namespace

Fleet::Fleet(std::vector<std::vector<lab::Minted>> chains, const std::vector<FleetEndpoint>& endpoints,
             std::chrono::milliseconds delay)
    : delay_(delay) {
  ::signal(SIGPIPE, SIG_IGN);
  for (const auto& chain : chains) {
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_set_security_level(ctx, 0);
    SSL_CTX_use_certificate(ctx, chain.at(0).x509.get());
    SSL_CTX_use_PrivateKey(ctx, chain.at(0).key.get());
    for (std::size_t i = 1; i < chain.size(); ++i) {
      X509* x = chain[i].x509.get();
      X509_up_ref(x);
      if (SSL_CTX_add0_chain_cert(ctx, x) != 1) X509_free(x);
    }
    contexts_.emplace_back(ctx, [](void* p) { SSL_CTX_free(static_cast<SSL_CTX*>(p)); });
  }
  for (const auto& e : endpoints) {
    std::uint16_t port = 0;
    const bool down = e.behaviour == FleetBehaviour::kDown;
    int fd = listen_on_loopback(port, !down);
    ports_.push_back(port);
    if (down) {
      reserved_.push_back(fd);  // nothing listens there: connections are refused
      continue;
    }
    auto l = std::make_unique<Listener>();
    l->fd = fd;
    l->behaviour = e.behaviour;
    if (e.behaviour == FleetBehaviour::kTls || e.behaviour == FleetBehaviour::kSlowTls)
      l->ctx = static_cast<SSL_CTX*>(contexts_.at(e.chain).get());
    listeners_.push_back(std::move(l));
  }
  if (::pipe(wake_) != 0) throw std::runtime_error("pipe() failed");
  acceptor_ = std::thread([this] { accept_loop(); });
}

Fleet::~Fleet() {
  stop_ = true;
  [[maybe_unused]] auto n = ::write(wake_[1], "x", 1);
  acceptor_.join();
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (int fd : open_) ::shutdown(fd, SHUT_RDWR);
  }
  for (auto& t : handlers_) t.join();
  for (auto& l : listeners_) ::close(l->fd);
  for (int fd : reserved_) ::close(fd);
  ::close(wake_[0]);
  ::close(wake_[1]);
}

void Fleet::accept_loop() {
  std::vector<pollfd> fds;
  fds.push_back({wake_[0], POLLIN, 0});
  for (const auto& l : listeners_) fds.push_back({l->fd, POLLIN, 0});
  while (!stop_) {
    if (::poll(fds.data(), fds.size(), 1000) <= 0) continue;
    if (fds[0].revents != 0) break;
    for (std::size_t i = 1; i < fds.size(); ++i) {
      if ((fds[i].revents & POLLIN) == 0) continue;
      int fd = ::accept4(fds[i].fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      ++connections_;
      std::lock_guard<std::mutex> lock(mu_);
      open_.push_back(fd);
      most_open_ = std::max<std::size_t>(most_open_, open_.size());
      const Listener& l = *listeners_[i - 1];
      handlers_.emplace_back([this, fd, &l] { serve(fd, l); });
    }
  }
}

void Fleet::serve(int fd, const Listener& l) {
  switch (l.behaviour) {
    case FleetBehaviour::kSilent: drain(fd); break;
    case FleetBehaviour::kGarbage: {
      char buf[4096];
      if (::read(fd, buf, sizeof buf) > 0) {
        static constexpr char kGarbage[] = "220 this is not TLS\r\n";
        [[maybe_unused]] auto n = ::write(fd, kGarbage, sizeof kGarbage - 1);
      }
      drain(fd);
      break;
    }
    case FleetBehaviour::kSlowTls:
    case FleetBehaviour::kTls: {
      if (l.behaviour == FleetBehaviour::kSlowTls) std::this_thread::sleep_for(delay_);
      timeval tv{10, 0};
      ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      SSL* ssl = SSL_new(l.ctx);
      SSL_set_fd(ssl, fd);
      if (SSL_accept(ssl) == 1) {
        char buf[4096];
        while (!stop_ && SSL_read(ssl, buf, sizeof buf) > 0) {
        }
      }
      SSL_free(ssl);
      break;
    }
    case FleetBehaviour::kDown: break;
  }
  // Out of the list before it is closed: the stop never shuts down a number reused since.
  std::lock_guard<std::mutex> lock(mu_);
  std::erase(open_, fd);
  ::close(fd);
}

}  // namespace uccert::testing
