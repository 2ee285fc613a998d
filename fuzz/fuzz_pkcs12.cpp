// pki::read_pkcs12 on hostile DER with a fixed password ("uccert-fuzz", as the seed files of
// scripts/make-fuzz-corpus.sh): MAC check, safe contents, bags, key-to-leaf comparison.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "uccert/pki/pkcs12.h"
#include "uccert/pki/secret.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::span<const std::uint8_t> der(data, size);
  if (!uccert::pki::looks_like_pkcs12(der)) return 0;
  uccert::pki::LoadOptions options;
  options.password = [](const std::string&) -> std::optional<uccert::pki::Secret> {
    return uccert::pki::Secret("uccert-fuzz", 11);
  };
  auto p12 = uccert::pki::read_pkcs12(der, "fuzz.pfx", options);
  if (p12) {
    std::size_t sink = p12->facts.friendly_name.size();
    for (const auto& c : p12->certificates) sink += c->der().size();
    (void)sink;
  }
  return 0;
}
