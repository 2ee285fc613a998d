// What `uccert inspect` shows: each file as loaded (or the one-line error that stopped it), with
// the order of its certificates. Built by the inspect command, printed by inspect_text and
// inspect_json; neither judges anything.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "uccert/pki/chain_order.h"
#include "uccert/pki/load.h"

namespace uccert::report {

struct InspectedFile {
  std::string path;
  std::optional<pki::LoadedFile> loaded;  // nullopt when loading failed
  std::optional<pki::ChainOrder> chain;   // set with `loaded`
  std::string error;                      // the one-line error when loading failed
};

struct InspectReport {
  pki::UnixTime at = 0;  // the time days-remaining counts from (now, or --at)
  std::vector<InspectedFile> files;
};

// Loads nothing: pairs a loaded file with its chain order.
InspectedFile inspected(pki::LoadedFile file);
InspectedFile inspection_failed(std::string path, std::string error);

// Whole days from `at` to `not_after`, rounded towards minus infinity (negative once expired).
std::int64_t days_remaining(pki::UnixTime at, pki::UnixTime not_after);
// "valid", "expired", "not-yet-valid" at time `at` (G-19).
std::string_view validity_at(const pki::Certificate& cert, pki::UnixTime at);

// Stable type names of a general name: "dns", "ip", "uri", "email", "directory-name",
// "other-name", "registered-id", "x400", "edi-party".
std::string_view general_name_type(pki::GeneralNameType type);

}  // namespace uccert::report
