// net::parse_ms_diagnostics on a hostile header value (uc-rules §7), and the HRESULT naming.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "uccert/net/ms_diagnostics.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view value(reinterpret_cast<const char*>(data), size);
  auto d = uccert::net::parse_ms_diagnostics(value);
  if (d) {
    (void)uccert::net::diagnostics_rule(d->code);
    if (d->hresult) {
      (void)uccert::net::format_hresult(*d->hresult);
      (void)uccert::net::hresult_rule(*d->hresult);
    }
  }
  return 0;
}
