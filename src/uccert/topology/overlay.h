// The TOML overlay (docs/topology.md): what the Topology XML does not hold (Simple URLs when the
// file lacks them, Exchange, the reverse proxy, Office Web Apps, the clients, the trust files,
// the certificate assignments), or the whole deployment for someone without the XML. It adds to
// and overrides what the XML import put in the model: a [[pool]] with a known FQDN changes that
// pool. Strict: an unknown key, a wrong type, an unknown usage or role, a duplicate FQDN is an
// error "FILE:LINE: ...".
#pragma once

#include <cstddef>
#include <string_view>

#include "uccert/pki/error.h"
#include "uccert/topology/model.h"

namespace uccert::topology {

inline constexpr std::size_t kMaxOverlayBytes = 1024 * 1024;

// Applies one overlay to `out`. `base_dir` is the directory relative paths in it are taken from
// (kept in each Assignment; nothing is opened here).
Status apply_overlay(std::string_view toml_text, std::string_view origin, std::string_view base_dir, Topology& out);

}  // namespace uccert::topology
