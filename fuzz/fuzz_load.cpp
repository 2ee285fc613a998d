// pki::load_bytes: the content sniffing and every container a file may hold (PEM, DER, base64,
// PKCS#7, PKCS#12, PKCS#10). A PKCS#12 that needs a password gets a fixed one, so the fuzzer can
// reach the bags of files minted with it (scripts/make-fuzz-corpus.sh uses the same password).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "uccert/pki/load.h"
#include "uccert/pki/secret.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  uccert::pki::LoadOptions options;
  options.password = [](const std::string&) -> std::optional<uccert::pki::Secret> {
    return uccert::pki::Secret("uccert-fuzz", 11);
  };
  options.missing_password_hint = "give it with --password-file FILE";
  auto loaded = uccert::pki::load_bytes(std::span<const std::uint8_t>(data, size), "fuzz.bin", options);
  if (loaded) {
    std::size_t sink = 0;
    for (const auto& c : loaded->certificates) sink += c->der().size() + c->subject.text.size();
    if (loaded->csr) sink += loaded->csr->subject.text.size();
    for (const auto& n : loaded->notes) sink += n.size();
    (void)uccert::pki::container_name(loaded->container);
    (void)uccert::pki::encoding_name(loaded->encoding);
    (void)sink;
  } else if (loaded.error().message.find('\n') != std::string::npos) {
    __builtin_trap();  // errors are one line (design: one line naming what was wrong and where)
  }
  return 0;
}
