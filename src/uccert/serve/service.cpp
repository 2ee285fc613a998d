#include "uccert/serve/service.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <span>
#include <stdexcept>

#include "uccert/net/endpoint.h"
#include "uccert/pki/secret.h"
#include "uccert/profiles/client_profile.h"
#include "uccert/report/html_assets.h"
#include "uccert/report/html_escape.h"
#include "uccert/report/renderers.h"
#include "uccert/report/serve_json.h"
#include "uccert/report/version.h"
#include "uccert/run/check.h"
#include "uccert/run/check_content.h"

namespace uccert::embedded {
extern const std::string_view serve_index_html;
extern const std::string_view serve_page_css;
extern const std::string_view serve_page_js;
}  // namespace uccert::embedded

namespace uccert::serve {

namespace {

// The page itself: its script and style are files of this server, nothing inline.
constexpr std::string_view kPageCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-src 'self'; "
    "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

std::string sha256_base64(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 unavailable");
  std::string out(4 * ((length + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), digest, static_cast<int>(length));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

HttpResponse with_security_headers(HttpResponse r, std::string_view csp) {
  r.headers.emplace_back("Content-Security-Policy", std::string(csp));
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
  r.headers.emplace_back("Cross-Origin-Resource-Policy", "same-origin");
  return r;
}

HttpResponse plain(int status, std::string text) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(text) + "\n";
  return with_security_headers(std::move(r), "default-src 'none'; frame-ancestors 'none'");
}

HttpResponse json_answer(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(body);
  return with_security_headers(std::move(r), "default-src 'none'; frame-ancestors 'none'");
}

std::string cookie_value(const std::string& cookies, std::string_view name) {
  std::size_t at = 0;
  while (at < cookies.size()) {
    auto end = cookies.find(';', at);
    if (end == std::string::npos) end = cookies.size();
    std::string_view part(cookies.data() + at, end - at);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name && part[name.size()] == '=')
      return std::string(part.substr(name.size() + 1));
    at = end + 1;
  }
  return {};
}

std::string field(const HttpRequest& r, const std::string& name) {
  auto it = r.fields.find(name);
  return it == r.fields.end() ? std::string() : it->second;
}

std::vector<std::string> split_clients(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= text.size()) {
    auto end = text.find(',', at);
    if (end == std::string::npos) end = text.size();
    if (end > at) out.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

std::string bracketed(const std::string& host) { return host.find(':') != std::string::npos ? "[" + host + "]" : host; }

std::string index_page(const std::string& csrf) {
  std::string clients;
  for (const auto& p : profiles::builtin_profiles().profiles) {
    clients += fmt::format(
        "<label class=\"client\"><input type=\"checkbox\" name=\"client\" value=\"{}\" checked> <code>{}</code> "
        "{}</label>\n",
        report::html_text(p.id), report::html_text(p.id), report::html_text(p.name));
  }
  std::string page(embedded::serve_index_html);
  auto replace = [&](std::string_view key, const std::string& value) {
    for (auto at = page.find(key); at != std::string::npos; at = page.find(key, at + value.size()))
      page.replace(at, key.size(), value);
  };
  replace("{{csrf}}", csrf);
  replace("{{clients}}", clients);
  replace("{{version}}", std::string(report::uccert_version()));
  return page;
}

}  // namespace

std::string random_token(std::size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1) throw std::runtime_error("no random bytes");
  std::string out;
  for (unsigned char b : raw) out += fmt::format("{:02x}", b);
  return out;
}

bool same_secret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string Service::report_csp() {
  static const std::string csp = fmt::format(
      "default-src 'none'; style-src 'sha256-{}'; script-src 'sha256-{}'; base-uri 'none'; form-action 'none'; "
      "frame-ancestors 'self'",
      sha256_base64(report::kHtmlStyle), sha256_base64(report::kHtmlScript));
  return csp;
}

Service::Service(ServiceOptions options)
    : options_(std::move(options)), policy_(options_.allow, options_.resolve), csrf_(random_token()) {}

bool Service::authorised(const HttpRequest& r) const {
  if (options_.token.empty()) return true;
  const std::string auth = r.header("authorization");
  if (auth.rfind("Bearer ", 0) == 0 && same_secret(auth.substr(7), options_.token)) return true;
  return same_secret(cookie_value(r.header("cookie"), "uccert_token"), options_.token);
}

// On loopback without a token, a page from elsewhere could reach this server under a name of its
// own that resolves to 127.0.0.1 (DNS rebinding): only the names of this address are answered.
bool Service::host_expected(const HttpRequest& r) const {
  if (!options_.token.empty()) return true;
  const std::string host = r.header("host");
  const std::string port = std::to_string(options_.port);
  for (const std::string& name : {bracketed(options_.listen_host), std::string("localhost"), std::string("127.0.0.1"),
                                  std::string("[::1]")})
    if (host == name + ":" + port) return true;
  return false;
}

std::string Service::keep(std::string html, std::string json) {
  std::string id = random_token(16);
  std::lock_guard lock(mutex_);
  reports_.push_back(Stored{id, std::move(html), std::move(json)});
  while (reports_.size() > kReportsKept) reports_.pop_front();
  return id;
}

HttpResponse Service::check(const HttpRequest& r) {
  // A state-changing request from this page only: the CSRF token it was served, and, when the
  // browser says where the request comes from, this very origin.
  if (!same_secret(r.header("x-uccert-csrf"), csrf_)) return plain(403, "missing or wrong CSRF token");
  const std::string origin = r.header("origin");
  if (!origin.empty() && origin != "http://" + r.header("host")) return plain(403, "cross-origin request refused");

  run::CheckRequest request;
  request.name = field(r, "name");
  request.profile_ids = split_clients(field(r, "clients"));
  request.profiles_file = options_.profiles_file;
  request.trust = options_.trust;
  request.at = options_.at;
  request.endpoint.timeout_seconds = options_.probe_timeout_seconds;
  request.missing_password_hint = "(give the password in the form)";
  // Copied once, into a Secret (wiped when the last check using it is done).
  auto password = std::make_shared<pki::Secret>();
  if (auto it = r.fields.find("password"); it != r.fields.end())
    *password = pki::Secret(it->second.data(), it->second.size());
  request.password = [password](const std::string&) -> std::optional<pki::Secret> {
    if (password->empty()) return std::nullopt;
    return pki::Secret(password->data(), password->size());
  };

  const std::string mode = field(r, "mode");
  Result<report::Report> report = Error{"mode: expected paste, upload or endpoint"};
  if (mode == "paste") {
    const std::string pem = field(r, "pem");
    if (pem.find_first_not_of(" \t\r\n") == std::string::npos)
      return json_answer(400, report::serve_error_json("paste a PEM certificate chain"));
    request.target = "pasted PEM";
    report = run::run_check_content(
        request, std::span(reinterpret_cast<const std::uint8_t*>(pem.data()), pem.size()));
  } else if (mode == "upload") {
    auto it = r.files.find("file");
    if (it == r.files.end() || it->second.content.empty())
      return json_answer(400, report::serve_error_json("choose a file to upload"));
    request.target = it->second.filename.empty() ? "uploaded file" : it->second.filename;
    const auto& content = it->second.content;
    report = run::run_check_content(
        request, std::span(reinterpret_cast<const std::uint8_t*>(content.data()), content.size()));
  } else if (mode == "endpoint") {
    const std::string host = field(r, "host");
    const auto port = net::parse_port(field(r, "port"));
    if (host.empty() || !port) return json_answer(400, report::serve_error_json("give a host and a port (1-65535)"));
    auto address = policy_.address_for(host);
    if (!address) return json_answer(403, report::serve_error_json(address.error().message));
    request.target = fmt::format("{}:{}", bracketed(host), *port);
    request.endpoint.proto = field(r, "proto");
    // Pinned to the address just checked: the probe does not look the name up again.
    request.endpoint.connect_to = {fmt::format("{}:{}:{}:{}", bracketed(host), *port, bracketed(*address), *port)};
    if (request.name.empty()) request.name = host;
    report = run::run_check(request);
  }
  if (!report) return json_answer(400, report::serve_error_json(report.error().message));
  auto html = report::render(*report, "html");
  auto json = report::render(*report, "json");
  const std::string id = keep(html.value_or(""), json.value_or(""));
  return json_answer(200, report::serve_result_json(id, *report));
}

HttpResponse Service::report_file(const std::string& id, const std::string& what) {
  std::string body;
  {
    std::lock_guard lock(mutex_);
    auto it = std::find_if(reports_.begin(), reports_.end(), [&](const Stored& s) { return same_secret(s.id, id); });
    if (it == reports_.end()) return plain(404, "no such report (reports are kept in memory, the last 32 only)");
    body = what == "report.json" ? it->json : it->html;
  }
  HttpResponse resp;
  resp.body = std::move(body);
  if (what == "view") {
    resp.content_type = "text/html; charset=utf-8";
    return with_security_headers(std::move(resp), report_csp());
  }
  if (what == "report.html") {
    resp.content_type = "text/html; charset=utf-8";
    resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"uccert-report.html\"");
    return with_security_headers(std::move(resp), report_csp());
  }
  if (what == "report.json") {
    resp.content_type = "application/json";
    resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"uccert-report.json\"");
    return with_security_headers(std::move(resp), "default-src 'none'; frame-ancestors 'none'");
  }
  return plain(404, "not found");
}

HttpResponse Service::handle(const HttpRequest& r) {
  if (!host_expected(r)) return plain(403, "unexpected Host header: open this page as http://127.0.0.1:" +
                                               std::to_string(options_.port) + "/");
  if (!authorised(r)) {
    // The address printed at start carries the token once; it is kept in a cookie from then on.
    auto it = r.query.find("token");
    if (r.method == "GET" && r.path == "/" && it != r.query.end() && same_secret(it->second, options_.token)) {
      HttpResponse resp = plain(303, "see /");
      resp.headers.emplace_back("Location", "/");
      resp.headers.emplace_back("Set-Cookie", "uccert_token=" + options_.token + "; HttpOnly; SameSite=Strict; Path=/");
      return resp;
    }
    return plain(401, "this address needs the token printed when uccert serve started (open the address it printed)");
  }
  if (r.method == "GET" && r.path == "/") {
    HttpResponse resp;
    resp.content_type = "text/html; charset=utf-8";
    resp.body = index_page(csrf_);
    return with_security_headers(std::move(resp), kPageCsp);
  }
  if (r.method == "GET" && r.path == "/static/page.css") {
    HttpResponse resp;
    resp.content_type = "text/css; charset=utf-8";
    resp.body = std::string(embedded::serve_page_css);
    return with_security_headers(std::move(resp), "default-src 'none'");
  }
  if (r.method == "GET" && r.path == "/static/page.js") {
    HttpResponse resp;
    resp.content_type = "text/javascript; charset=utf-8";
    resp.body = std::string(embedded::serve_page_js);
    return with_security_headers(std::move(resp), "default-src 'none'");
  }
  if (r.method == "GET" && r.path == "/favicon.ico") return plain(204, "");  // browsers ask; there is none
  if (r.path == "/api/check") {
    if (r.method != "POST") return plain(405, "POST only");
    return check(r);
  }
  if (r.method == "GET" && r.path.rfind("/r/", 0) == 0) {
    const auto slash = r.path.find('/', 3);
    if (slash != std::string::npos) return report_file(r.path.substr(3, slash - 3), r.path.substr(slash + 1));
  }
  if (r.method != "GET" && r.method != "POST") return plain(405, "method not allowed");
  return plain(404, "not found");
}

}  // namespace uccert::serve
