#include "integration/hostile_server.h"

#include "net/test_servers.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <thread>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

extern char** environ;

namespace uccert::testing {

namespace {

using Clock = std::chrono::steady_clock;

void send_all(int fd, const void* data, std::size_t size) {
  const auto* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::send(fd, p, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
}

// Reads until the peer closes (or errs).
void drain(int fd) {
  char buf[4096];
  while (true) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
  }
}

// Reads one whole TLS record (the ClientHello) or whatever arrives before the peer stops.
std::string read_record(int fd) {
  std::string in;
  char buf[4096];
  while (true) {
    if (in.size() >= 5) {
      std::size_t len = (static_cast<unsigned char>(in[3]) << 8U) | static_cast<unsigned char>(in[4]);
      if (in.size() >= 5 + len) return in;
    }
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return in;
    in.append(buf, static_cast<std::size_t>(n));
  }
}

std::string read_line(int fd) {
  std::string line;
  char c = 0;
  while (line.size() < 4096) {
    ssize_t n = ::recv(fd, &c, 1, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    line.push_back(c);
    if (c == '\n') break;
  }
  return line;
}

int listen_loopback_tcp(std::uint16_t port, std::uint16_t& bound) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 16) != 0) {
    ::close(fd);
    return -1;
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  bound = ntohs(addr.sin_port);
  return fd;
}

SSL_CTX* make_server_ctx(const std::vector<lab::Minted>& chain) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  SSL_CTX_set_security_level(ctx, 0);
  if (!chain.empty()) {
    SSL_CTX_use_certificate(ctx, chain[0].x509.get());
    SSL_CTX_use_PrivateKey(ctx, chain[0].key.get());
    for (std::size_t i = 1; i < chain.size(); ++i) {
      X509* x = chain[i].x509.get();
      X509_up_ref(x);
      if (SSL_CTX_add0_chain_cert(ctx, x) != 1) X509_free(x);
    }
  }
  return ctx;
}

// The SIP (or HTTP) request head (until the empty line), read through TLS.
std::string read_head(SSL* ssl) {
  std::string head;
  char buf[2048];
  while (head.find("\r\n\r\n") == std::string::npos && head.size() < 65536) {
    int n = SSL_read(ssl, buf, sizeof buf);
    if (n <= 0) return head;
    head.append(buf, static_cast<std::size_t>(n));
  }
  return head;
}

// The path of "GET /path HTTP/1.1".
std::string request_path(const std::string& head) {
  auto sp = head.find(' ');
  if (sp == std::string::npos) return {};
  auto end = head.find(' ', sp + 1);
  return head.substr(sp + 1, end == std::string::npos ? std::string::npos : end - sp - 1);
}

void write_all(SSL* ssl, const std::string& data) { (void)SSL_write(ssl, data.data(), static_cast<int>(data.size())); }

std::string http_302(const std::string& location) {
  return "HTTP/1.1 302 Found\r\nCache-Control: private\r\nLocation: " + location +
         "\r\nServer: Microsoft-IIS/10.0\r\nContent-Length: 0\r\n\r\n";
}

// Writes `first`, then `filler` again and again until the client goes away (or ~1 GiB).
void stream_forever(SSL* ssl, const std::string& first, char filler) {
  if (SSL_write(ssl, first.data(), static_cast<int>(first.size())) <= 0) return;
  std::string chunk(16384, filler);
  for (int i = 0; i < 65536; ++i) {
    if (SSL_write(ssl, chunk.data(), static_cast<int>(chunk.size())) <= 0) return;
  }
}

void serve_tls(int fd, SSL_CTX* ctx, TlsApp app) {
  SSL* ssl = SSL_new(ctx);
  SSL_set_fd(ssl, fd);
  if (SSL_accept(ssl) == 1) {
    switch (app) {
      case TlsApp::kNone:
        break;
      case TlsApp::kSipEndlessHeader:
        read_head(ssl);
        stream_forever(ssl, "SIP/2.0 200 OK\r\nServer: RTC/7.0\r\nX-Endless: ", 'a');
        break;
      case TlsApp::kSipEndlessBody:
        read_head(ssl);
        stream_forever(ssl,
                       "SIP/2.0 200 OK\r\nServer: RTC/7.0\r\nContent-Type: text/plain\r\n"
                       "Content-Length: 2000000000\r\n\r\n",
                       'b');
        break;
      case TlsApp::kHttpRedirectForever: {
        static unsigned hop = 0;  // this server's process serves one connection at a time
        read_head(ssl);
        write_all(ssl, http_302("/r" + std::to_string(++hop)));
        break;
      }
      case TlsApp::kHttpRedirectLoop:
        write_all(ssl, http_302(request_path(read_head(ssl)) == "/" ? "/b" : "/"));
        break;
      case TlsApp::kHttpRedirectToPool:
        read_head(ssl);
        write_all(ssl, http_302(kPoolRedirectLocation));
        break;
      case TlsApp::kSipOk:
        write_all(ssl, lync_like_sip_response(read_head(ssl), ""));
        break;
      case TlsApp::kHttpOk: {
        read_head(ssl);
        const std::string body = R"({"AccessLocation":"External","Root":{"Links":[]}})";
        write_all(ssl, "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.microsoft.rtc.autodiscover+xml; v=1\r\n"
                       "Server: Microsoft-IIS/10.0\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\n\r\n" + body);
        break;
      }
    }
  }
  ERR_clear_error();
  SSL_free(ssl);  // does not close fd
  drain(fd);
}

void close_after_server_hello(int fd, SSL_CTX* ctx) {
  std::string hello = read_record(fd);
  SSL* ssl = SSL_new(ctx);
  BIO* rbio = BIO_new(BIO_s_mem());
  BIO* wbio = BIO_new(BIO_s_mem());
  SSL_set_bio(ssl, rbio, wbio);
  SSL_set_accept_state(ssl);
  BIO_write(rbio, hello.data(), static_cast<int>(hello.size()));
  (void)SSL_do_handshake(ssl);
  char* out = nullptr;
  long n = BIO_get_mem_data(wbio, &out);
  if (n >= 5 && out != nullptr) {
    auto len = static_cast<std::size_t>((static_cast<unsigned char>(out[3]) << 8U) | static_cast<unsigned char>(out[4]));
    send_all(fd, out, std::min<std::size_t>(5 + len, static_cast<std::size_t>(n)));  // the ServerHello record only
  }
  ERR_clear_error();
  SSL_free(ssl);
}

void serve_one(int fd, const HostileTcpConfig& config, SSL_CTX* ctx) {
  switch (config.behaviour) {
    case TcpBehaviour::kSilent:
      drain(fd);
      break;
    case TcpBehaviour::kDrip: {
      (void)read_record(fd);
      // A handshake record header announcing 16 KiB, then its body one byte per second.
      const unsigned char start[] = {0x16, 0x03, 0x03, 0x40, 0x00, 0x02, 0x00, 0x3f, 0xfc, 0x03, 0x03};
      for (std::size_t i = 0;; ++i) {
        unsigned char b = i < sizeof start ? start[i] : static_cast<unsigned char>(i);
        if (::send(fd, &b, 1, MSG_NOSIGNAL) != 1) break;
        std::this_thread::sleep_for(std::chrono::seconds(1));
      }
      break;
    }
    case TcpBehaviour::kCloseAfterServerHello:
      close_after_server_hello(fd, ctx);
      break;
    case TcpBehaviour::kGarbage: {
      (void)read_record(fd);
      std::string garbage = "HTTP/1.1 400 Bad Request\r\nServer: not-tls\r\n\r\n";
      unsigned state = 12345;
      while (garbage.size() < 4096) {
        state = state * 1103515245U + 12345U;
        garbage.push_back(static_cast<char>(state >> 16U));
      }
      send_all(fd, garbage.data(), garbage.size());
      drain(fd);
      break;
    }
    case TcpBehaviour::kTls:
      serve_tls(fd, ctx, config.app);
      break;
    case TcpBehaviour::kSmtpRefuseStartTls: {
      const std::string greeting = "220 mail.contoso.test Microsoft ESMTP MAIL Service ready\r\n";
      send_all(fd, greeting.data(), greeting.size());
      while (true) {
        std::string line = read_line(fd);
        if (line.empty()) break;
        std::string upper = line;
        for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        std::string reply;
        if (upper.rfind("EHLO", 0) == 0) {
          reply = "250-mail.contoso.test Hello [127.0.0.1]\r\n250-SIZE 37748736\r\n250 STARTTLS\r\n";
        } else if (upper.rfind("STARTTLS", 0) == 0) {
          reply = "454 4.7.0 TLS not available due to temporary reason\r\n";
        } else if (upper.rfind("QUIT", 0) == 0) {
          reply = "221 2.0.0 Service closing transmission channel\r\n";
        } else {
          reply = "500 5.3.3 Unrecognized command\r\n";
        }
        send_all(fd, reply.data(), reply.size());
      }
      break;
    }
  }
}

[[noreturn]] void tcp_server_main(int listen_fd, const HostileTcpConfig& config) {
  ::signal(SIGPIPE, SIG_IGN);
  SSL_CTX* ctx = make_server_ctx(config.chain);
  while (true) {
    int fd = ::accept(listen_fd, nullptr, nullptr);
    if (fd < 0) {
      if (errno == EINTR) continue;
      ::_exit(1);
    }
    serve_one(fd, config, ctx);
    ::close(fd);
  }
}

// ---- DNS ------------------------------------------------------------------------------------

using Packet = std::string;

void put16(Packet& p, unsigned v) {
  p.push_back(static_cast<char>((v >> 8U) & 0xffU));
  p.push_back(static_cast<char>(v & 0xffU));
}

void put_name(Packet& p, const std::string& dotted) {
  std::size_t start = 0;
  while (start < dotted.size()) {
    std::size_t dot = dotted.find('.', start);
    if (dot == std::string::npos) dot = dotted.size();
    p.push_back(static_cast<char>(dot - start));
    p.append(dotted, start, dot - start);
    start = dot + 1;
  }
  p.push_back('\0');
}

// Header (the query's ID, `flags`, one question, `answers` answers) + the query's question.
Packet answer_head(const Packet& query, unsigned flags, unsigned answers) {
  std::size_t end = 12;
  while (end < query.size() && query[end] != 0) end += static_cast<unsigned char>(query[end]) + 1U;
  end += 1 + 4;
  if (query.size() < 12 || end > query.size()) return {};
  Packet p = query.substr(0, 2);
  put16(p, flags);
  put16(p, 1);
  put16(p, answers);
  put16(p, 0);
  put16(p, 0);
  p.append(query, 12, end - 12);
  return p;
}

void put_srv(Packet& p, unsigned priority, unsigned weight, unsigned port, const std::string& target) {
  p += "\xc0\x0c";  // the question's name
  put16(p, 33);     // SRV
  put16(p, 1);      // IN
  p += std::string("\x00\x00\x01\x2c", 4);  // TTL 300
  Packet rdata;
  put16(rdata, priority);
  put16(rdata, weight);
  put16(rdata, port);
  put_name(rdata, target);
  put16(p, static_cast<unsigned>(rdata.size()));
  p += rdata;
}

constexpr unsigned kFlagsAnswer = 0x8180;     // QR, RD, RA, NOERROR
constexpr unsigned kFlagsTruncated = 0x8380;  // ... and TC

Packet udp_reply(DnsBehaviour b, const Packet& query) {
  switch (b) {
    case DnsBehaviour::kNeverAnswers:
      return {};
    case DnsBehaviour::kTruncated: {
      Packet p = answer_head(query, kFlagsAnswer, 2);
      if (p.empty()) return p;
      put_srv(p, 0, 0, 5061, "sip.contoso.test");
      Packet second;
      put_srv(second, 0, 0, 5061, "sipfed.contoso.test");
      p += second.substr(0, second.size() / 2);  // the datagram stops inside the second record
      return p;
    }
    case DnsBehaviour::kThousandSrv:
      return answer_head(query, kFlagsTruncated, 0);  // "too big for UDP: ask over TCP"
  }
  return {};
}

Packet tcp_reply(DnsBehaviour b, const Packet& query) {
  if (b != DnsBehaviour::kThousandSrv) return udp_reply(b, query);
  Packet p = answer_head(query, kFlagsAnswer, 1000);
  if (p.empty()) return p;
  for (unsigned i = 0; i < 1000; ++i) put_srv(p, i % 10, i, 5061, "sip" + std::to_string(i) + ".contoso.test");
  return p;
}

void serve_dns_tcp(int fd, DnsBehaviour b) {
  while (true) {
    unsigned char len_bytes[2];
    std::size_t got = 0;
    while (got < 2) {
      ssize_t n = ::recv(fd, len_bytes + got, 2 - got, 0);
      if (n <= 0) return;
      got += static_cast<std::size_t>(n);
    }
    std::size_t len = (static_cast<std::size_t>(len_bytes[0]) << 8U) | len_bytes[1];
    Packet query(len, '\0');
    got = 0;
    while (got < len) {
      ssize_t n = ::recv(fd, query.data() + got, len - got, 0);
      if (n <= 0) return;
      got += static_cast<std::size_t>(n);
    }
    Packet reply = tcp_reply(b, query);
    if (reply.empty()) continue;  // never answers: keep reading
    Packet framed;
    put16(framed, static_cast<unsigned>(reply.size()));
    framed += reply;
    send_all(fd, framed.data(), framed.size());
  }
}

[[noreturn]] void dns_server_main(int udp_fd, int tcp_fd, DnsBehaviour b) {
  ::signal(SIGPIPE, SIG_IGN);
  while (true) {
    pollfd fds[2] = {{udp_fd, POLLIN, 0}, {tcp_fd, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      ::_exit(1);
    }
    if ((fds[0].revents & POLLIN) != 0) {
      std::array<char, 4096> buf{};
      sockaddr_in from{};
      socklen_t from_len = sizeof from;
      ssize_t n = ::recvfrom(udp_fd, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &from_len);
      if (n > 0) {
        Packet reply = udp_reply(b, Packet(buf.data(), static_cast<std::size_t>(n)));
        if (!reply.empty()) {
          ::sendto(udp_fd, reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&from), from_len);
        }
      }
    }
    if ((fds[1].revents & POLLIN) != 0) {
      int fd = ::accept(tcp_fd, nullptr, nullptr);
      if (fd >= 0) {
        serve_dns_tcp(fd, b);
        ::close(fd);
      }
    }
  }
}

// The peak RSS of a process's current address space (VmHWM, KiB): unlike ru_maxrss it starts
// afresh at exec, so a child forked from this (large) test process is measured on its own.
long vm_hwm_kb(const std::string& status_path) {
  std::ifstream f(status_path);
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return 0;
}

// Waits up to `timeout_ms` for output and reads what is there; drops pipes that closed. Returns
// whether anything happened.
bool read_pipes_once(std::vector<std::pair<int, std::string*>>& pipes, int timeout_ms) {
  if (pipes.empty()) return false;
  std::vector<pollfd> fds;
  for (auto& [fd, out] : pipes) fds.push_back({fd, POLLIN, 0});
  int r = ::poll(fds.data(), fds.size(), timeout_ms);
  if (r <= 0) return false;
  for (std::size_t i = fds.size(); i-- > 0;) {
    if (fds[i].revents == 0) continue;
    char buf[8192];
    ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
    if (n > 0) {
      pipes[i].second->append(buf, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      ::close(fds[i].fd);
      pipes.erase(pipes.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
  return true;
}

// Reads every pipe until all are closed or the deadline passes; returns false on the deadline.
bool read_pipes(std::vector<std::pair<int, std::string*>> pipes, Clock::time_point deadline) {
  while (!pipes.empty()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      for (auto& [fd, text] : pipes) ::close(fd);
      return false;
    }
    (void)read_pipes_once(pipes, static_cast<int>(std::min<long long>(left, 100)));
  }
  return true;
}

ChildOutcome finish(pid_t pid, Clock::time_point start, bool in_time) {
  ChildOutcome out;
  if (!in_time) {
    ::kill(pid, SIGKILL);
    out.killed_by_watchdog = true;
  }
  int status = 0;
  rusage ru{};
  while (::wait4(pid, &status, 0, &ru) < 0 && errno == EINTR) {
  }
  out.wall = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  out.max_rss_kb = ru.ru_maxrss;  // includes what the child inherited; run_in_child reports its own
  if (WIFEXITED(status)) out.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) out.signal = WTERMSIG(status);
  return out;
}

}  // namespace

HostileTcpServer::HostileTcpServer(HostileTcpConfig config) {
  int fd = listen_loopback_tcp(0, port_);
  if (fd < 0) throw std::runtime_error("cannot listen on 127.0.0.1");
  pid_ = ::fork();
  if (pid_ == 0) tcp_server_main(fd, config);
  ::close(fd);
  if (pid_ < 0) throw std::runtime_error("fork failed");
}

HostileTcpServer::~HostileTcpServer() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

HostileDnsServer::HostileDnsServer(DnsBehaviour behaviour) {
  // UDP and TCP on the same port number: take a UDP port, then try to listen on it over TCP.
  for (int attempt = 0; attempt < 50; ++attempt) {
    int udp = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (udp < 0 || ::bind(udp, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      if (udp >= 0) ::close(udp);
      continue;
    }
    socklen_t len = sizeof addr;
    ::getsockname(udp, reinterpret_cast<sockaddr*>(&addr), &len);
    std::uint16_t port = ntohs(addr.sin_port);
    std::uint16_t bound = 0;
    int tcp = listen_loopback_tcp(port, bound);
    if (tcp < 0) {
      ::close(udp);
      continue;
    }
    port_ = port;
    pid_ = ::fork();
    if (pid_ == 0) dns_server_main(udp, tcp, behaviour);
    ::close(udp);
    ::close(tcp);
    if (pid_ < 0) throw std::runtime_error("fork failed");
    return;
  }
  throw std::runtime_error("no free UDP+TCP port pair on 127.0.0.1");
}

HostileDnsServer::~HostileDnsServer() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

ChildOutcome run_in_child(const std::function<std::string()>& body, std::chrono::milliseconds kill_after) {
  int p[2];
  if (::pipe2(p, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  const auto start = Clock::now();
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::close(p[0]);
    // Forget the pages inherited from the test process: the peak from here on is the child's.
    { std::ofstream("/proc/self/clear_refs") << "5"; }
    std::string text;
    try {
      text = body();
    } catch (const std::exception& e) {
      text = std::string("exception: ") + e.what();
    }
    text = std::to_string(vm_hwm_kb("/proc/self/status")) + "\n" + text;
    const char* d = text.data();
    std::size_t left = text.size();
    while (left > 0) {
      ssize_t n = ::write(p[1], d, left);
      if (n <= 0) break;
      d += n;
      left -= static_cast<std::size_t>(n);
    }
    ::_exit(0);
  }
  ::close(p[1]);
  ChildOutcome out;
  std::string text;
  bool in_time = read_pipes({{p[0], &text}}, start + kill_after);
  out = finish(pid, start, in_time);
  // "<VmHWM>\n<report>"
  if (auto nl = text.find('\n'); nl != std::string::npos && !out.killed_by_watchdog) {
    if (long hwm = std::strtol(text.c_str(), nullptr, 10); hwm > 0) out.max_rss_kb = hwm;
    text.erase(0, nl + 1);
  }
  out.output = std::move(text);
  return out;
}

ChildOutcome run_program(const std::vector<std::string>& argv, std::chrono::milliseconds kill_after,
                         const std::vector<std::string>& extra_env) {
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> env_strings;
  // The child runs under ptrace (to read its peak RSS at exit), where LeakSanitizer cannot
  // stop the world: in a sanitizer build, leak checking of the child is left to the tests that
  // run the binary untraced.
  std::string asan_options = "ASAN_OPTIONS=detect_leaks=0";
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    if (entry.rfind("ASAN_OPTIONS=", 0) == 0) {
      asan_options = entry + ":detect_leaks=0";
      continue;
    }
    env_strings.push_back(std::move(entry));
  }
  env_strings.push_back(asan_options);
  for (const auto& e : extra_env) env_strings.push_back(e);
  std::vector<char*> args, env;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  for (auto& e : env_strings) env.push_back(e.data());
  env.push_back(nullptr);
  const auto start = Clock::now();
  const auto deadline = start + kill_after;
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, 0);
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    // Traced so the parent can read the program's peak RSS when it is about to exit.
    ::ptrace(PTRACE_TRACEME, 0, nullptr, nullptr);
    ::execve(args[0], args.data(), env.data());
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  ChildOutcome out;
  const std::string status_path = "/proc/" + std::to_string(pid) + "/status";
  std::vector<std::pair<int, std::string*>> pipes = {{out_pipe[0], &out.output}, {err_pipe[0], &out.err}};
  long hwm = 0;
  int status = 0;
  rusage ru{};
  bool exited = false;
  while (!exited) {
    if (!out.killed_by_watchdog && Clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      out.killed_by_watchdog = true;
    }
    (void)read_pipes_once(pipes, 10);
    pid_t r = ::wait4(pid, &status, WNOHANG | __WALL, &ru);
    if (r != pid) continue;
    if (WIFSTOPPED(status)) {
      const int sig = WSTOPSIG(status);
      if ((status >> 8) == (SIGTRAP | (PTRACE_EVENT_EXIT << 8))) {
        hwm = vm_hwm_kb(status_path);
        ::ptrace(PTRACE_CONT, pid, nullptr, nullptr);
      } else if (sig == SIGTRAP) {
        // The stop after execve: from now on, stop once more just before exiting.
        ::ptrace(PTRACE_SETOPTIONS, pid, nullptr, PTRACE_O_TRACEEXIT | PTRACE_O_EXITKILL);
        ::ptrace(PTRACE_CONT, pid, nullptr, nullptr);
      } else {
        ::ptrace(PTRACE_CONT, pid, nullptr, reinterpret_cast<void*>(static_cast<std::intptr_t>(sig)));
      }
      continue;
    }
    exited = WIFEXITED(status) || WIFSIGNALED(status);
  }
  while (!pipes.empty() && read_pipes_once(pipes, 100)) {
  }
  for (auto& [fd, text] : pipes) ::close(fd);
  out.wall = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  out.max_rss_kb = hwm > 0 ? hwm : ru.ru_maxrss;
  if (WIFEXITED(status)) out.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) out.signal = WTERMSIG(status);
  return out;
}

long baseline_child_rss_kb() {
  return run_in_child([] { return std::string(); }, std::chrono::seconds(10)).max_rss_kb;
}

void expect_ended_within(const ChildOutcome& out, std::chrono::milliseconds allowed, long floor_kb) {
  const std::string all = out.output + out.err;
  std::cout << "      exit " << out.exit_code << " after " << out.wall.count() << " ms (allowed " << allowed.count()
            << " ms), peak RSS " << out.max_rss_kb << " KiB (floor " << floor_kb << " KiB): "
            << (out.err.empty() ? out.output : out.err);
  if (all.empty() || all.back() != '\n') std::cout << "\n";
  EXPECT_FALSE(out.killed_by_watchdog) << all;
  EXPECT_LE(out.wall.count(), allowed.count()) << all;
  EXPECT_LT(out.max_rss_kb - floor_kb, kRssBudgetKb)
      << "peak RSS " << out.max_rss_kb << " KiB, floor " << floor_kb << " KiB: " << all;
}

}  // namespace uccert::testing
