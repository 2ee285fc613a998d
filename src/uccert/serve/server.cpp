#include "uccert/serve/server.h"

#include <httplib.h>

#include <fmt/format.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <mutex>
#include <thread>

namespace uccert::serve {

namespace {

HttpRequest from_httplib(const httplib::Request& req) {
  HttpRequest r;
  r.method = req.method;
  r.path = req.path;
  for (const auto& [k, v] : req.params) r.query.emplace(k, v);
  for (const auto& [k, v] : req.headers) {
    std::string name = k;
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers.emplace(std::move(name), v);
  }
  for (const auto& [name, part] : req.files) {
    if (part.filename.empty()) {
      r.fields.emplace(name, part.content);
    } else {
      r.files.emplace(name, Upload{part.filename, part.content});
    }
  }
  return r;
}

void to_httplib(const HttpResponse& from, httplib::Response& res) {
  res.status = from.status;
  for (const auto& [k, v] : from.headers) res.set_header(k, v);
  res.set_content(from.body, from.content_type);
}

}  // namespace

Status run_server(ServerOptions options, std::ostream& log, const std::function<void(std::uint16_t)>& ready,
                  const std::function<bool()>& stop_requested) {
  httplib::Server server;
  server.set_payload_max_length(kMaxBodyBytes);
  server.set_read_timeout(std::chrono::seconds(30));
  server.set_write_timeout(std::chrono::seconds(30));
  server.set_keep_alive_max_count(20);

  std::mutex log_mutex;
  auto log_line = [&](const httplib::Request& req, int status) {
    std::lock_guard lock(log_mutex);
    log << fmt::format("uccert serve: {} {} {}\n", req.method, req.path, status) << std::flush;
  };

  std::unique_ptr<Service> service;
  auto handler = [&](const httplib::Request& req, httplib::Response& res) {
    HttpResponse answer;
    if (req.is_multipart_form_data() || req.method != "POST" || req.body.empty()) {
      answer = service->handle(from_httplib(req));
    } else {
      answer.status = 415;
      answer.body = "multipart/form-data only\n";
    }
    to_httplib(answer, res);
    log_line(req, answer.status);
  };
  server.Get(R"(/.*)", handler);
  server.Post(R"(/.*)", [&](const httplib::Request& req, httplib::Response& res) { handler(req, res); });
  // Anything else (PUT, DELETE, ...) and bodies over the cap: httplib answers 4xx itself; logged here.
  // (Called for our own 4xx answers too: those have a body and were logged by the handler.)
  server.set_error_handler([&](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    res.set_content(res.status == 413 ? "request body over 5 MiB\n" : "refused\n", "text/plain; charset=utf-8");
    log_line(req, res.status);
  });

  int port = options.listen_port;
  if (options.listen_port == 0) {
    port = server.bind_to_any_port(options.listen_host);
    if (port <= 0) return Error{fmt::format("--listen {}:0: cannot bind", options.listen_host)};
  } else if (!server.bind_to_port(options.listen_host, options.listen_port)) {
    return Error{fmt::format("--listen {}:{}: cannot bind (in use, or not an address of this machine)",
                             options.listen_host, options.listen_port)};
  }
  options.service.listen_host = options.listen_host;
  options.service.port = static_cast<std::uint16_t>(port);
  service = std::make_unique<Service>(std::move(options.service));

  std::atomic<bool> done{false};
  std::thread watcher([&] {
    while (!done.load()) {
      if (stop_requested && stop_requested()) {
        server.stop();
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  ready(static_cast<std::uint16_t>(port));
  server.listen_after_bind();
  done = true;
  watcher.join();
  return Ok{};
}

}  // namespace uccert::serve
