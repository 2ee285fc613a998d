#include "uccert/lab/answers.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <vector>

namespace uccert::lab {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// The header lines of a request head named `name` (or its compact form), in order.
std::vector<std::string_view> header_lines(std::string_view head, std::string_view name, std::string_view compact) {
  std::vector<std::string_view> out;
  std::size_t pos = head.find("\r\n");
  while (pos != std::string_view::npos && pos + 2 < head.size()) {
    const std::size_t start = pos + 2;
    const std::size_t end = head.find("\r\n", start);
    const std::string_view line = head.substr(start, end == std::string_view::npos ? end : end - start);
    if (line.empty()) break;
    const auto colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string_view key = line.substr(0, colon);
      while (!key.empty() && key.back() == ' ') key.remove_suffix(1);
      if (iequals(key, name) || (!compact.empty() && iequals(key, compact))) out.push_back(line);
    }
    pos = end;
  }
  return out;
}

std::string status_text(int code) {
  switch (code) {
    case 200: return "OK";
    case 302: return "Found";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    default: return "Error";
  }
}

std::string http_response(int code, std::string_view content_type, std::string_view body,
                          std::string_view extra_headers = {}) {
  return fmt::format("HTTP/1.1 {} {}\r\nServer: uccert-lab\r\nContent-Type: {}\r\nContent-Length: {}\r\n{}"
                     "Cache-Control: no-cache\r\nConnection: close\r\n\r\n{}",
                     code, status_text(code), content_type, body.size(), extra_headers, body);
}

}  // namespace

std::string sip_answer(std::string_view request, const ScenarioEndpoint& endpoint,
                       const std::optional<std::string>& peer_cn) {
  bool refuse = false;
  if (!endpoint.accepted_peers.empty()) {
    refuse = !peer_cn || std::none_of(endpoint.accepted_peers.begin(), endpoint.accepted_peers.end(),
                                      [&](const std::string& p) { return iequals(p, *peer_cn); });
  }
  std::string out = refuse ? "SIP/2.0 504 Server time-out\r\n" : "SIP/2.0 200 OK\r\n";
  for (auto [name, compact] : {std::pair{"Via", "v"}, {"From", "f"}, {"To", "t"}, {"Call-ID", "i"}, {"CSeq", ""}}) {
    for (std::string_view line : header_lines(request, name, compact)) {
      out += line;
      if (iequals(name, "To") && line.find(";tag=") == std::string_view::npos) out += ";tag=uccertlab";
      out += "\r\n";
    }
  }
  if (refuse) {
    // What Lync answers when the peer's certificate CN names no configured server (seed 002).
    out += fmt::format(
        "ms-diagnostics: 1010;reason=\"Certificate trust with another server could not be established\";"
        "source=\"{}\";responsecode=\"504\";msexchPeerServer=\"{}\";"
        "msexchHRESULT=\"0x800B010F(CERT_E_CN_NO_MATCH)\";appName=\"uccert-lab\"\r\n",
        endpoint.host, peer_cn.value_or(""));
  } else {
    out += "Allow: INVITE, BYE, ACK, CANCEL, INFO, UPDATE, REFER, NOTIFY, BENOTIFY, OPTIONS, SUBSCRIBE\r\n";
  }
  out += "Server: RTC/6.0 (uccert lab)\r\nContent-Length: 0\r\n\r\n";
  return out;
}

std::string_view request_path(std::string_view request_line) {
  const auto sp = request_line.find(' ');
  if (sp == std::string_view::npos) return {};
  const auto sp2 = request_line.find(' ', sp + 1);
  if (sp2 == std::string_view::npos) return {};
  return request_line.substr(sp + 1, sp2 - sp - 1);
}

std::string https_answer(std::string_view request_line, const ScenarioEndpoint& endpoint) {
  if (request_line.rfind("GET ", 0) != 0 && request_line.rfind("HEAD ", 0) != 0)
    return http_response(405, "text/plain", "only GET\n", "Allow: GET, HEAD\r\n");
  switch (endpoint.http) {
    case HttpRole::kRedirect:
      return http_response(302, "text/plain", "moved\n", fmt::format("Location: {}\r\n", endpoint.redirect_to));
    case HttpRole::kAutodiscover: {
      // The document the Lync autodiscover service returns: links to the web services a mobile
      // client uses next (lyncdiscover walk, FE-07).
      const std::string base =
          fmt::format("https://{}/Autodiscover/AutodiscoverService.svc/root", endpoint.web_services);
      const std::string body = fmt::format(
          "{{\"_links\":{{\"self\":{{\"href\":\"https://{}/Autodiscover/AutodiscoverService.svc/root\"}},"
          "\"user\":{{\"href\":\"{}/oauth/user\"}},\"xframe\":{{\"href\":\"{}/xframe\"}}}}}}",
          endpoint.host, base, base);
      return http_response(200, "application/vnd.microsoft.rtc.autodiscover+xml; v=1", body);
    }
    case HttpRole::kPlain:
      break;
  }
  return http_response(200, "text/plain", fmt::format("uccert lab: {}\n", endpoint.host));
}

std::string http_file_answer(const std::optional<std::string>& body, std::string_view content_type) {
  if (!body) return http_response(404, "text/plain", "not found\n");
  return http_response(200, content_type, *body);
}

}  // namespace uccert::lab
