// The Topology XML import: what Get-CsTopology -AsXml writes (root Topology, namespace
// urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008) and the Topology Builder .tbxml file
// (root TopologyBuilder, whose NewTopology/PartialTopology holds the same elements).
// docs/topology.md lists what is read, what is skipped, and what the public material does not
// confirm. Read with pugixml, which never loads a DTD or an external entity; a file that declares
// one is refused all the same, and the size and element count are capped.
#pragma once

#include <cstddef>
#include <string_view>

#include "uccert/pki/error.h"
#include "uccert/topology/model.h"

namespace uccert::topology {

inline constexpr std::size_t kMaxXmlBytes = 32 * 1024 * 1024;  // a real topology is a few MB
inline constexpr std::size_t kMaxXmlElements = 500'000;

inline constexpr std::string_view kTopologyNamespace = "urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008";
inline constexpr std::string_view kTopologyBuilderNamespace =
    "urn:schema:Microsoft.Rtc.Management.Deploy.TopologyBuilder.2008";

// Reads one Topology XML document (UTF-8, or UTF-16 with a byte order mark, as PowerShell
// writes it) into `out`, adding to what is there. `origin` names the file in messages. Errors
// are one line "ORIGIN:LINE: ..."; elements it does not know become notes.
Status import_topology_xml(std::string_view text, std::string_view origin, Topology& out);

}  // namespace uccert::topology
