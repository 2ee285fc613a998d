// Loopback servers for the net/ and integration tests: a TLS endpoint serving chosen chains
// (by SNI), optionally behind SMTP STARTTLS, answering SIP OPTIONS like a Lync server (with a
// client certificate required and a 504 + ms-diagnostics for a wildcard-CN peer), or HTTP; and
// hostile servers (silent, closing mid-handshake, sending garbage). Each listens on 127.0.0.1
// on a port the kernel picks and serves connections one after another on its own thread
// (the tests' servers may use threads; the tool never does per target).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <cstring>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "uccert/lab/mint.h"
#include "uccert/pki/handles.h"

namespace uccert::testing {

enum class ServerMode {
  kServe,              // TLS handshake, then the application below
  kSilent,             // accept, read, never answer
  kCloseMidHandshake,  // read the ClientHello, then close
  kGarbage,            // answer the ClientHello with bytes that are not TLS
};

enum class ServerApp { kNone, kSip, kHttp };

enum class SmtpBehaviour { kNone, kStartTls, kNoStartTls, kRefuseStartTls };

struct ServedChain {
  std::vector<lab::Minted> chain;  // leaf first (leaf's key is used)
};

struct ServerConfig {
  ServerMode mode = ServerMode::kServe;
  ServerApp app = ServerApp::kNone;
  SmtpBehaviour smtp = SmtpBehaviour::kNone;
  ServedChain default_chain;                        // served without SNI or for an unknown name
  std::map<std::string, ServedChain> chain_by_sni;  // lower-case SNI -> chain
  // MTLS: ask for a client certificate naming these CAs; with require, a missing one fails the
  // handshake. Any certificate sent is accepted by TLS; the SIP layer judges it (as Lync does).
  bool request_client_cert = false;
  bool require_client_cert = false;
  bool reject_client_certs = false;  // refuse every client certificate at the TLS layer
  std::vector<lab::Minted> client_cas;
  // TLS 1.2 at most (so a client-certificate refusal happens inside the handshake).
  bool max_tls12 = false;
  // SIP: the full response to send for an OPTIONS, given the client certificate's subject CN
  // ("" when none). Default: 200 OK, or 504 + ms-diagnostics 1010 for a wildcard CN (seed:UM-WILD).
  std::function<std::string(const std::string& request, const std::string& peer_cn)> sip_responder;
  std::string http_response = "HTTP/1.1 200 OK\r\nServer: uccert-test\r\nContent-Length: 0\r\n\r\n";
  // A DER OCSP response stapled when the client asks for status_request; empty: none.
  pki::Bytes ocsp_staple;
};

struct ConnectionLog {
  std::string sni;             // "" when none
  std::string client_cert_cn;  // "" when none
  std::string request;         // the SIP/HTTP request head received
  std::string smtp_ehlo;       // the EHLO line received
  bool handshake_ok = false;
};

inline std::string lync_like_sip_response(const std::string& request, const std::string& peer_cn) {
  auto header = [&](const std::string& name) {
    auto pos = request.find("\r\n" + name + ":");
    if (pos == std::string::npos) return std::string();
    pos += name.size() + 3;
    while (pos < request.size() && request[pos] == ' ') ++pos;
    return request.substr(pos, request.find("\r\n", pos) - pos);
  };
  std::string common = "Via: " + header("Via") + "\r\nFrom: " + header("From") + "\r\nTo: " + header("To") +
                       ";tag=srv1\r\nCall-ID: " + header("Call-ID") + "\r\nCSeq: " + header("CSeq") + "\r\n";
  if (!peer_cn.empty() && peer_cn[0] == '*') {
    return "SIP/2.0 504 Server time-out\r\n" + common +
           "ms-diagnostics: 1010;reason=\"Certificate trust with another server could not be established\";"
           "ErrorType=\"The peer certificate does not contain a matching FQDN\";"
           "msexchHRESULT=\"0x800B010F(CERT_E_CN_NO_MATCH)\";appName=\"ExumRouting\"\r\n"
           "Server: RTC/5.0\r\nContent-Length: 0\r\n\r\n";
  }
  return "SIP/2.0 200 OK\r\n" + common + "Server: RTC/5.0\r\nContent-Length: 0\r\n\r\n";
}

class TestServer {
 public:
  explicit TestServer(ServerConfig config) : config_(std::move(config)) {
    // The client may leave before the server's last write (session tickets): no SIGPIPE.
    ::signal(SIGPIPE, SIG_IGN);
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(listen_fd_, 16);
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    build_context();
    thread_ = std::thread([this] { loop(); });
  }
  ~TestServer() {
    stop_ = true;
    ::shutdown(listen_fd_, SHUT_RDWR);
    thread_.join();
    ::close(listen_fd_);
  }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  std::uint16_t port() const { return port_; }
  // What the server saw, once at least `n` connections are finished (or after 5 s).
  std::vector<ConnectionLog> log(std::size_t n = 1) const {
    for (int i = 0; i < 100; ++i) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (log_.size() >= n) return log_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::lock_guard<std::mutex> lock(mu_);
    return log_;
  }

 private:
  static int on_servername(SSL* ssl, int* /*alert*/, void* arg) {
    auto* self = static_cast<TestServer*>(arg);
    const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    if (name == nullptr) return SSL_TLSEXT_ERR_OK;
    std::string n(name);
    for (auto& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    self->current_.sni = n;
    auto it = self->sni_ctx_.find(n);
    if (it != self->sni_ctx_.end()) SSL_set_SSL_CTX(ssl, it->second.get());
    return SSL_TLSEXT_ERR_OK;
  }

  // The client asked for status_request: staple a copy of the configured response.
  static int on_status_request(SSL* ssl, void* arg) {
    const auto* self = static_cast<TestServer*>(arg);
    const auto& der = self->config_.ocsp_staple;
    auto* copy = static_cast<unsigned char*>(OPENSSL_malloc(der.size()));
    if (copy == nullptr) return SSL_TLSEXT_ERR_NOACK;
    std::memcpy(copy, der.data(), der.size());
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
    SSL_set_tlsext_status_ocsp_resp(ssl, copy, static_cast<long>(der.size()));
#pragma GCC diagnostic pop
    return SSL_TLSEXT_ERR_OK;
  }

  pki::SslCtxPtr make_ctx(const ServedChain& served) {
    pki::SslCtxPtr ctx(SSL_CTX_new(TLS_server_method()));
    SSL_CTX_set_security_level(ctx.get(), 0);
    if (config_.max_tls12) SSL_CTX_set_max_proto_version(ctx.get(), TLS1_2_VERSION);
    if (!served.chain.empty()) {
      SSL_CTX_use_certificate(ctx.get(), served.chain[0].x509.get());
      SSL_CTX_use_PrivateKey(ctx.get(), served.chain[0].key.get());
      for (std::size_t i = 1; i < served.chain.size(); ++i) {
        X509* x = served.chain[i].x509.get();
        X509_up_ref(x);
        SSL_CTX_add_extra_chain_cert(ctx.get(), x);
      }
    }
    if (config_.request_client_cert) {
      int mode = SSL_VERIFY_PEER;
      if (config_.require_client_cert) mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
      // Accept any certificate at the TLS layer (the SIP layer answers for it), or none.
      if (config_.reject_client_certs) {
        SSL_CTX_set_verify(ctx.get(), mode, [](int, X509_STORE_CTX*) { return 0; });
      } else {
        SSL_CTX_set_verify(ctx.get(), mode, [](int, X509_STORE_CTX*) { return 1; });
      }
      STACK_OF(X509_NAME)* names = sk_X509_NAME_new_null();
      for (const auto& ca : config_.client_cas) {
        sk_X509_NAME_push(names, X509_NAME_dup(X509_get_subject_name(ca.x509.get())));
      }
      SSL_CTX_set_client_CA_list(ctx.get(), names);
    }
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
    SSL_CTX_set_tlsext_servername_callback(ctx.get(), &TestServer::on_servername);
    SSL_CTX_set_tlsext_servername_arg(ctx.get(), this);
    if (!config_.ocsp_staple.empty()) {
      SSL_CTX_set_tlsext_status_cb(ctx.get(), &TestServer::on_status_request);
      SSL_CTX_set_tlsext_status_arg(ctx.get(), this);
    }
#pragma GCC diagnostic pop
    return ctx;
  }

  void build_context() {
    default_ctx_ = make_ctx(config_.default_chain);
    for (const auto& [name, served] : config_.chain_by_sni) sni_ctx_[name] = make_ctx(served);
  }

  void loop() {
    while (!stop_) {
      int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) return;
      timeval tv{5, 0};
      ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      serve(fd);
      ::close(fd);
    }
  }

  // Waits for input (or the server stopping); false when nothing came.
  bool wait_readable(int fd, int ms) {
    for (int waited = 0; waited < ms && !stop_; waited += 50) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 50) > 0) return true;
    }
    return false;
  }

  std::string read_line_plain(int fd) {
    std::string line;
    char c = 0;
    while (line.size() < 4096 && ::recv(fd, &c, 1, 0) == 1) {
      line.push_back(c);
      if (c == '\n') break;
    }
    return line;
  }

  void send_plain(int fd, const std::string& s) { ::send(fd, s.data(), s.size(), MSG_NOSIGNAL); }

  void serve(int fd) {
    current_ = ConnectionLog{};
    switch (config_.mode) {
      case ServerMode::kSilent:
        // Hold the connection, read whatever comes, answer nothing, until the client leaves.
        while (!stop_) {
          if (!wait_readable(fd, 100)) continue;
          char buf[512];
          if (::recv(fd, buf, sizeof buf, 0) <= 0) break;
        }
        return;
      case ServerMode::kCloseMidHandshake: {
        if (wait_readable(fd, 5000)) {
          char buf[512];
          (void)::recv(fd, buf, sizeof buf, 0);
        }
        return;
      }
      case ServerMode::kGarbage: {
        if (wait_readable(fd, 5000)) {
          char buf[512];
          (void)::recv(fd, buf, sizeof buf, 0);
        }
        send_plain(fd, "HTTP/1.0 400 Bad Request\r\nthis is not TLS at all \x01\x02\x03\r\n\r\n");
        wait_readable(fd, 2000);
        return;
      }
      case ServerMode::kServe: break;
    }

    if (config_.smtp != SmtpBehaviour::kNone) {
      send_plain(fd, "220 mail.contoso.com ESMTP uccert-test\r\n");
      current_.smtp_ehlo = read_line_plain(fd);
      if (config_.smtp == SmtpBehaviour::kNoStartTls) {
        send_plain(fd, "250-mail.contoso.com\r\n250-PIPELINING\r\n250 8BITMIME\r\n");
        record();
        return;
      }
      send_plain(fd, "250-mail.contoso.com\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n");
      std::string cmd = read_line_plain(fd);
      if (config_.smtp == SmtpBehaviour::kRefuseStartTls) {
        send_plain(fd, "454 4.7.0 TLS not available due to local problem\r\n");
        record();
        return;
      }
      send_plain(fd, "220 2.0.0 Ready to start TLS\r\n");
    }

    pki::SslPtr ssl(SSL_new(default_ctx_.get()));
    SSL_set_fd(ssl.get(), fd);
    if (SSL_accept(ssl.get()) != 1) {
      ERR_clear_error();
      record();
      return;
    }
    current_.handshake_ok = true;
    if (X509* peer = SSL_get1_peer_certificate(ssl.get())) {
      char cn[256] = {};
      X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, cn, sizeof cn);
      current_.client_cert_cn = cn;
      X509_free(peer);
    }
    if (config_.app != ServerApp::kNone) {
      std::string head;
      char c = 0;
      while (head.size() < 65536 && SSL_read(ssl.get(), &c, 1) == 1) {
        head.push_back(c);
        if (head.size() >= 4 && head.compare(head.size() - 4, 4, "\r\n\r\n") == 0) break;
      }
      current_.request = head;
      std::string response;
      if (config_.app == ServerApp::kSip) {
        response = config_.sip_responder ? config_.sip_responder(head, current_.client_cert_cn)
                                         : lync_like_sip_response(head, current_.client_cert_cn);
      } else {
        response = config_.http_response;
      }
      if (!response.empty()) SSL_write(ssl.get(), response.data(), static_cast<int>(response.size()));
    }
    SSL_shutdown(ssl.get());
    ERR_clear_error();
    record();
  }

  void record() {
    std::lock_guard<std::mutex> lock(mu_);
    log_.push_back(current_);
  }

  ServerConfig config_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  pki::SslCtxPtr default_ctx_;
  std::map<std::string, pki::SslCtxPtr> sni_ctx_;
  ConnectionLog current_;
  mutable std::mutex mu_;
  std::vector<ConnectionLog> log_;
};

}  // namespace uccert::testing
