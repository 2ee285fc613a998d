// net::autodiscover_links on a hostile autodiscover document (what a lyncdiscover URL, or anything
// it redirects to, sends back): never more links than the cap, each href within the URL cap and
// given once, and the Content-Type test never trips on any bytes.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "uccert/net/autodiscover_links.h"
#include "uccert/net/http_response.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view document(reinterpret_cast<const char*>(data), size);
  const auto links = uccert::net::autodiscover_links(document);
  if (links.size() > uccert::net::kMaxAutodiscoverLinks) __builtin_trap();
  std::set<std::string> seen;
  for (const auto& l : links) {
    if (l.href.size() > uccert::net::kMaxUrlLength) __builtin_trap();
    if (!seen.insert(l.href).second) __builtin_trap();  // each href once
  }
  (void)uccert::net::is_autodiscover_document(document);
  return 0;
}
