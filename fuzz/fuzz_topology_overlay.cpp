// topology::apply_overlay on hostile TOML, onto an empty model and onto one the XML import filled
// (so that overriding pools is reached too), then the whole-model checks.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "uccert/topology/overlay.h"
#include "uccert/topology/validate.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  uccert::topology::Topology t;
  t.sip_domains.push_back({"contoso.com", true, {}});
  uccert::topology::Pool edge{"edgepool.contoso.net", "1", {{"edge01.contoso.net", {}}}, {}, {}};
  edge.services.edge = uccert::topology::EdgeServer{};
  t.pools.push_back(edge);
  if (uccert::topology::apply_overlay(text, "fuzz.toml", "", t)) (void)uccert::topology::validate_topology(t);
  return 0;
}
