#include "uccert/net/resolver.h"

#include <arpa/nameser.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include <arpa/inet.h>
#include <map>
#include <memory>
#include <mutex>

#include <ares.h>
#include <asio/posix/stream_descriptor.hpp>
#include <asio/redirect_error.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <fmt/format.h>

#include "uccert/net/endpoint.h"

namespace uccert::net {

namespace {

void init_library() {
  static std::once_flag once;
  std::call_once(once, [] { ares_library_init(ARES_LIB_INIT_ALL); });
}

// "ADDR[:PORT]" -> the form ares_set_servers_ports_csv takes ("ADDR:PORT", "[v6]:PORT").
std::string server_csv(const std::vector<std::string>& servers) {
  std::string csv;
  for (const auto& s : servers) {
    if (!csv.empty()) csv += ",";
    // c-ares reads a bare IPv6 address ("::1") as such; "[::1]" without a port it refuses.
    if (s.size() > 2 && s.front() == '[' && s.back() == ']') {
      csv += s.substr(1, s.size() - 2);
    } else {
      csv += s;
    }
  }
  return csv;
}

DnsStatus status_of(int ares_status) {
  switch (ares_status) {
    case ARES_SUCCESS: return DnsStatus::kOk;
    case ARES_ENODATA: return DnsStatus::kNoData;
    case ARES_ENOTFOUND: return DnsStatus::kNxDomain;
    case ARES_ETIMEOUT: return DnsStatus::kTimeout;
    default: return DnsStatus::kError;
  }
}

std::string absolute(std::string name) {
  if (name.empty() || name.back() != '.') name.push_back('.');
  return name;
}

// One c-ares channel bound to the io_context for the life of one query.
class Query : public std::enable_shared_from_this<Query> {
 public:
  Query(asio::io_context& io, const ResolverOptions& options)
      : io_(io), retry_timer_(io), done_timer_(io), options_(options) {}

  ~Query() { shutdown(); }

  // Creates the channel; the error says which setting c-ares refused.
  Status open() {
    init_library();
    ares_options opts{};
    int mask = ARES_OPT_SOCK_STATE_CB | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES;
    opts.sock_state_cb = &Query::on_socket_state;
    opts.sock_state_cb_data = this;
    const auto total = std::max<long long>(options_.query_timeout.count(), 100);
    opts.timeout = static_cast<int>(std::max<long long>(total / 2, 50));
    opts.tries = 2;
    std::string lookups = "b";
    if (!options_.servers.empty()) {
      // A given server is asked directly: never the hosts file.
      opts.lookups = lookups.data();
      mask |= ARES_OPT_LOOKUPS;
    }
    int rc = ares_init_options(&channel_, &opts, mask);
    if (rc != ARES_SUCCESS) return Error{fmt::format("DNS: cannot initialise the resolver: {}", ares_strerror(rc))};
    open_ = true;
    if (!options_.servers.empty()) {
      std::string csv = server_csv(options_.servers);
      rc = ares_set_servers_ports_csv(channel_, csv.c_str());
      if (rc != ARES_SUCCESS) {
        return Error{fmt::format("--dns-server '{}': not an ADDRESS[:PORT] ({})", csv, ares_strerror(rc))};
      }
    }
    return Ok{};
  }

  ares_channel channel() const { return channel_; }

  // Waits until finish() is called or the deadline passes (then cancels the query).
  asio::awaitable<void> wait() {
    if (!finished_) {
      rearm_retry_timer();
      done_timer_.expires_after(options_.query_timeout);
      asio::error_code ec;
      co_await done_timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      if (!finished_) {
        timed_out_ = true;
        ares_cancel(channel_);  // runs the callback with ARES_ECANCELLED
      }
    }
    shutdown();
  }

  void finish() {
    finished_ = true;
    done_timer_.cancel();
  }
  bool timed_out() const { return timed_out_; }

 private:
  struct Watcher {
    explicit Watcher(asio::io_context& io, int socket) : desc(io, socket), fd(socket) {}
    ~Watcher() {
      if (desc.is_open()) desc.release();  // the socket belongs to c-ares: never close it here
    }
    asio::posix::stream_descriptor desc;
    int fd;
    bool want_read = false, want_write = false;
    bool reading = false, writing = false;
    bool closed = false;
  };

  static void on_socket_state(void* data, ares_socket_t fd, int readable, int writable) {
    static_cast<Query*>(data)->socket_state(fd, readable != 0, writable != 0);
  }

  void socket_state(int fd, bool readable, bool writable) {
    if (shutting_down_) return;
    if (!readable && !writable) {
      auto it = watchers_.find(fd);
      if (it != watchers_.end()) {
        it->second->closed = true;
        asio::error_code ignored;
        it->second->desc.cancel(ignored);
        it->second->desc.release();
        watchers_.erase(it);
      }
      return;
    }
    auto& w = watchers_[fd];
    if (!w) w = std::make_shared<Watcher>(io_, fd);
    w->want_read = readable;
    w->want_write = writable;
    arm(w);
  }

  void arm(const std::shared_ptr<Watcher>& w) {
    auto self = shared_from_this();
    if (w->want_read && !w->reading) {
      w->reading = true;
      w->desc.async_wait(asio::posix::stream_descriptor::wait_read, [self, w](asio::error_code ec) {
        w->reading = false;
        if (ec || w->closed || self->shutting_down_) return;
        ares_process_fd(self->channel_, w->fd, ARES_SOCKET_BAD);
        if (!w->closed && !self->shutting_down_) self->arm(w);
        self->rearm_retry_timer();
      });
    }
    if (w->want_write && !w->writing) {
      w->writing = true;
      w->desc.async_wait(asio::posix::stream_descriptor::wait_write, [self, w](asio::error_code ec) {
        w->writing = false;
        if (ec || w->closed || self->shutting_down_) return;
        ares_process_fd(self->channel_, ARES_SOCKET_BAD, w->fd);
        if (!w->closed && !self->shutting_down_) self->arm(w);
        self->rearm_retry_timer();
      });
    }
  }

  // c-ares' own retransmission deadline, as an asio timer.
  void rearm_retry_timer() {
    if (shutting_down_ || finished_) return;
    timeval tv{};
    if (ares_timeout(channel_, nullptr, &tv) == nullptr) return;
    retry_timer_.expires_after(std::chrono::seconds(tv.tv_sec) + std::chrono::microseconds(tv.tv_usec));
    auto self = shared_from_this();
    retry_timer_.async_wait([self](asio::error_code ec) {
      if (ec || self->shutting_down_ || self->finished_) return;
      ares_process_fd(self->channel_, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
      self->rearm_retry_timer();
    });
  }

  void shutdown() {
    if (shutting_down_) return;
    shutting_down_ = true;
    asio::error_code ignored;
    retry_timer_.cancel();
    done_timer_.cancel();
    for (auto& [fd, w] : watchers_) {
      w->closed = true;
      w->desc.cancel(ignored);
      w->desc.release();
    }
    watchers_.clear();
    if (open_) {
      ares_destroy(channel_);  // may call back with ARES_EDESTRUCTION: results are already kept
      open_ = false;
    }
  }

  asio::io_context& io_;
  asio::steady_timer retry_timer_;
  asio::steady_timer done_timer_;
  ResolverOptions options_;
  ares_channel channel_ = nullptr;
  bool open_ = false;
  bool finished_ = false;
  bool timed_out_ = false;
  bool shutting_down_ = false;
  std::map<int, std::shared_ptr<Watcher>> watchers_;
};

struct SrvState {
  Query* query = nullptr;
  SrvAnswer answer;
};

void on_srv(void* arg, int status, int /*timeouts*/, unsigned char* abuf, int alen) {
  auto* st = static_cast<SrvState*>(arg);
  if (st->query == nullptr) return;
  st->answer.status = status_of(status);
  if (status == ARES_SUCCESS) {
    ares_srv_reply* replies = nullptr;
    int rc = ares_parse_srv_reply(abuf, alen, &replies);
    if (rc != ARES_SUCCESS) {
      st->answer.status = status_of(rc);
      st->answer.error = ares_strerror(rc);
    } else {
      for (auto* r = replies; r != nullptr; r = r->next) {
        st->answer.records.push_back(SrvRecord{lower_name(r->host), r->port, r->priority, r->weight});
      }
      ares_free_data(replies);
      if (st->answer.records.empty()) st->answer.status = DnsStatus::kNoData;
    }
  } else {
    st->answer.error = ares_strerror(status);
  }
  auto* q = st->query;
  st->query = nullptr;
  q->finish();
}

struct AddrState {
  Query* query = nullptr;
  AddressAnswer answer;
};

void on_addrinfo(void* arg, int status, int /*timeouts*/, ares_addrinfo* res) {
  auto* st = static_cast<AddrState*>(arg);
  if (st->query == nullptr) {
    if (res != nullptr) ares_freeaddrinfo(res);
    return;
  }
  st->answer.status = status_of(status);
  if (status != ARES_SUCCESS) st->answer.error = ares_strerror(status);
  if (res != nullptr) {
    // c-ares lists the chain as (alias, name) pairs; follow it from the queried name.
    std::string current = lower_name(st->answer.name);
    for (int guard = 0; guard < 16; ++guard) {
      bool moved = false;
      for (auto* c = res->cnames; c != nullptr; c = c->next) {
        if (c->alias != nullptr && c->name != nullptr && lower_name(c->alias) == current) {
          current = lower_name(c->name);
          st->answer.cname_chain.push_back(current);
          moved = true;
          break;
        }
      }
      if (!moved) break;
    }
    st->answer.canonical_name = current;
    std::vector<std::string> v4, v6;
    for (auto* n = res->nodes; n != nullptr; n = n->ai_next) {
      char text[INET6_ADDRSTRLEN] = {};
      if (n->ai_family == AF_INET) {
        sockaddr_in sin{};
        std::memcpy(&sin, n->ai_addr, sizeof sin);
        inet_ntop(AF_INET, &sin.sin_addr, text, sizeof text);
        if (std::find(v4.begin(), v4.end(), text) == v4.end()) v4.emplace_back(text);
      } else if (n->ai_family == AF_INET6) {
        sockaddr_in6 sin6{};
        std::memcpy(&sin6, n->ai_addr, sizeof sin6);
        inet_ntop(AF_INET6, &sin6.sin6_addr, text, sizeof text);
        if (std::find(v6.begin(), v6.end(), text) == v6.end()) v6.emplace_back(text);
      }
    }
    st->answer.addresses = v4;
    st->answer.addresses.insert(st->answer.addresses.end(), v6.begin(), v6.end());
    ares_freeaddrinfo(res);
  }
  if (st->answer.status == DnsStatus::kOk && st->answer.addresses.empty()) st->answer.status = DnsStatus::kNoData;
  auto* q = st->query;
  st->query = nullptr;
  q->finish();
}

}  // namespace

Status validate_resolver_options(const ResolverOptions& options) {
  // c-ares takes a port above 65535 modulo 2^16 and asks another port: refuse it here.
  for (const auto& server : options.servers) {
    // An empty value (an unset variable in a script) would leave c-ares on /etc/resolv.conf: the
    // one resolver a --dns-server run must not ask.
    if (server.empty()) return Error{"--dns-server '': empty; give ADDRESS[:PORT]"};
    std::string_view port;
    if (auto close = server.find("]:"); !server.empty() && server.front() == '[' && close != std::string::npos) {
      port = std::string_view(server).substr(close + 2);
    } else if (std::count(server.begin(), server.end(), ':') == 1) {
      port = std::string_view(server).substr(server.find(':') + 1);
    } else {
      continue;  // no port: 53
    }
    if (!parse_port(port)) {
      return Error{fmt::format("--dns-server '{}': '{}' is not a port number (1-65535)", server, port)};
    }
  }
  asio::io_context io;
  auto q = std::make_shared<Query>(io, options);
  return q->open();
}

Resolver::Resolver(asio::io_context& io, ResolverOptions options) : io_(io), options_(std::move(options)) {}

asio::awaitable<SrvAnswer> Resolver::srv(std::string name) {
  SrvState st;
  st.answer.name = lower_name(name);
  auto q = std::make_shared<Query>(io_, options_);
  if (auto s = q->open(); !s) {
    st.answer.error = s.error().message;
    co_return st.answer;
  }
  st.query = q.get();
  ares_query(q->channel(), absolute(st.answer.name).c_str(), ns_c_in, ns_t_srv, &on_srv, &st);
  co_await q->wait();
  st.query = nullptr;
  if (q->timed_out()) {
    st.answer.status = DnsStatus::kTimeout;
    st.answer.error = fmt::format("no answer within {} ms", options_.query_timeout.count());
  }
  std::stable_sort(st.answer.records.begin(), st.answer.records.end(), [](const SrvRecord& a, const SrvRecord& b) {
    return a.priority != b.priority ? a.priority < b.priority : a.weight > b.weight;
  });
  co_return st.answer;
}

asio::awaitable<AddressAnswer> Resolver::addresses(std::string name) {
  AddrState st;
  st.answer.name = lower_name(name);
  st.answer.canonical_name = st.answer.name;
  if (is_ip_literal(name)) {
    st.answer.status = DnsStatus::kOk;
    st.answer.addresses.push_back(name);
    co_return st.answer;
  }
  auto q = std::make_shared<Query>(io_, options_);
  if (auto s = q->open(); !s) {
    st.answer.error = s.error().message;
    co_return st.answer;
  }
  st.query = q.get();
  ares_addrinfo_hints hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_flags = ARES_AI_CANONNAME;
  // Absolute only when a server is given: without one, "localhost" must still reach the hosts file.
  std::string query_name = options_.servers.empty() ? st.answer.name : absolute(st.answer.name);
  ares_getaddrinfo(q->channel(), query_name.c_str(), nullptr, &hints, &on_addrinfo, &st);
  co_await q->wait();
  st.query = nullptr;
  if (q->timed_out()) {
    st.answer.status = DnsStatus::kTimeout;
    st.answer.error = fmt::format("no answer within {} ms", options_.query_timeout.count());
  }
  co_return st.answer;
}

}  // namespace uccert::net
