// pki::decode_csr on hostile DER: a PKCS#10 request handed over by a colleague or a CA portal.
#include <cstddef>
#include <cstdint>
#include <span>

#include "uccert/pki/csr.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto csr = uccert::pki::decode_csr(std::span<const std::uint8_t>(data, size));
  if (csr) {
    std::size_t sink = csr->subject.text.size() + csr->sha256.size() + csr->signature_error.size();
    for (const auto& g : csr->requested_sans) sink += g.value.size();
    (void)csr->requested_key_usage.names();
    (void)sink;
  }
  return 0;
}
