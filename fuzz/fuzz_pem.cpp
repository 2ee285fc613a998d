// PEM framing (RFC 7468) and the base64 decoder, on hostile text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "uccert/pki/pem.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)uccert::pki::looks_like_pem(text);
  auto blocks = uccert::pki::parse_pem(text);
  if (blocks) {
    std::size_t sink = 0;
    for (const auto& b : *blocks) sink += b.label.size() + b.der.size() + b.line;
    (void)sink;
  }
  (void)uccert::pki::decode_base64(text);
  return 0;
}
