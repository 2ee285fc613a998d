// net::parse_http_response on a hostile response head (what an HTTPS server, lyncdiscover or a
// redirect hop, sends back to GET), the header lookups the probe makes on it, and the resolution
// of its Location against a base URL, as the probe does before following a redirect.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "uccert/net/http_response.h"

namespace {

void check_url(const uccert::net::Url& u) {
  // What the probe relies on before putting a URL in a request line and a Host header.
  if (u.scheme != "https" && u.scheme != "http") __builtin_trap();
  if (u.host.empty() || u.port == 0) __builtin_trap();
  if (u.target.empty() || u.target.front() != '/') __builtin_trap();
  if (u.target.size() > uccert::net::kMaxUrlLength) __builtin_trap();
  for (char c : u.target) {
    auto b = static_cast<unsigned char>(c);
    if (b <= 0x20 || b >= 0x7f) __builtin_trap();  // one line of tokens: no space, control or 8-bit byte
  }
  for (char c : u.authority()) {
    auto b = static_cast<unsigned char>(c);
    if (b <= 0x20 || b >= 0x7f || c == '/' || c == '@') __builtin_trap();
  }
  // A resolved URL parses back to itself.
  auto again = uccert::net::parse_url(u.text());
  if (!again || again->text() != u.text()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view head(reinterpret_cast<const char*>(data), size);
  auto r = uccert::net::parse_http_response(head);
  if (r) {
    if (r->status_code < 100 || r->status_code > 599) __builtin_trap();  // "HTTP/1.x NNN"
    for (const char* name : {"Location", "Server", "Content-Length", "Set-Cookie", ""}) (void)r->header(name);
    if (auto location = r->header("Location")) {
      static const uccert::net::Url kBase{"https", "lyncdiscover.contoso.com", 443,
                                          "/Autodiscover/AutodiscoverService.svc/root?originalDomain=contoso.com"};
      static const uccert::net::Url kV6{"https", "2001:db8::1", 8443, "/a/b/c"};
      for (const auto* base : {&kBase, &kV6}) {
        auto next = uccert::net::resolve_location(*base, *location);
        if (next) check_url(*next);
      }
      (void)uccert::net::printable(*location);
    }
  }
  // The whole input as a Location value too: most bytes never reach it through a valid head.
  static const uccert::net::Url kBase{"https", "lyncdiscover.contoso.com", 443, "/"};
  auto direct = uccert::net::resolve_location(kBase, head);
  if (direct) check_url(*direct);
  return 0;
}
