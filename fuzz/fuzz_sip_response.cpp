// net::parse_sip_response on a hostile response head (what a SIP server sends back to OPTIONS),
// and the header lookups the probe makes on it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "uccert/net/ms_diagnostics.h"
#include "uccert/net/sip_message.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view head(reinterpret_cast<const char*>(data), size);
  auto r = uccert::net::parse_sip_response(head);
  if (r) {
    if (r->status_code < 0 || r->status_code > 999) __builtin_trap();  // three digits: "SIP/2.0 NNN"
    for (const char* name : {"ms-diagnostics", "Server", "Content-Length", "Via", "CSeq", ""}) {
      auto v = r->header(name);
      if (v && std::string_view(name) == "ms-diagnostics") (void)uccert::net::parse_ms_diagnostics(*v);
    }
  }
  return 0;
}
