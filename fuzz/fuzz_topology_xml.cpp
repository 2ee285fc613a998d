// topology::import_topology_xml on hostile XML (a topology file handed over by someone else):
// malformed markup, DOCTYPEs, UTF-16, deep nesting, huge attribute values.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "uccert/topology/validate.h"
#include "uccert/topology/xml_import.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  uccert::topology::Topology t;
  if (uccert::topology::import_topology_xml(text, "fuzz.xml", t)) (void)uccert::topology::validate_topology(t);
  return 0;
}
