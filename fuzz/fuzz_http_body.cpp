// net::ResponseAssembler on a hostile response (what an AIA, CRL or OCSP URL sends back): the
// bytes fed in pieces whose sizes the input chooses, then the close; the cache headers and
// HTTP dates read from whatever head it produced.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "uccert/net/http_body.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t piece = 1 + data[0] % 64;  // the read sizes vary with the input
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  constexpr std::size_t kMaxBody = 4096;
  uccert::net::ResponseAssembler a(kMaxBody, 1024);
  while (!rest.empty() && a.state() == uccert::net::ResponseAssembler::State::kNeedMore) {
    const std::size_t n = std::min(piece, rest.size());
    a.feed(rest.substr(0, n));
    rest.remove_prefix(n);
  }
  a.finish();
  if (a.state() == uccert::net::ResponseAssembler::State::kNeedMore) __builtin_trap();  // finish always decides
  if (a.body().size() > kMaxBody) __builtin_trap();
  if (a.state() == uccert::net::ResponseAssembler::State::kError && a.error().empty()) __builtin_trap();
  if (a.head()) {
    auto life = uccert::net::cache_lifetime(*a.head(), 1780272000);
    if (life.max_age && *life.max_age < 0) __builtin_trap();
  }
  (void)uccert::net::parse_http_date(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
