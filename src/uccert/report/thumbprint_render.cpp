#include "uccert/report/thumbprint_render.h"

#include <fmt/format.h>

#include "uccert/report/json_keys.h"
#include "uccert/report/json_text.h"

namespace uccert::report {

namespace k = json_keys;

namespace {

std::string positions_text(const std::vector<std::size_t>& positions) {
  std::string out;
  constexpr std::size_t kShown = 8;
  for (std::size_t i = 0; i < positions.size() && i < kShown; ++i) {
    if (!out.empty()) out += ", ";
    out += std::to_string(positions[i]);
  }
  if (positions.size() > kShown) out += ", ...";
  return out;
}

}  // namespace

std::string render_thumbprint_text(const pki::NormalizedThumbprint& t) { return t.hex + "\n"; }

std::string render_thumbprint_notes(const pki::NormalizedThumbprint& t) {
  std::string out = fmt::format("{} thumbprint, {} hex digits\n", t.algorithm, t.hex.size());
  if (t.removed.empty()) {
    out += "removed nothing\n";
  }
  for (const pki::RemovedCharacter& r : t.removed) {
    out += fmt::format("removed {} {} x{} (position{} {})\n", pki::code_point_text(r.code_point), r.name,
                       r.positions.size(), r.positions.size() == 1 ? "" : "s", positions_text(r.positions));
  }
  if (t.lowercase_changed) out += "upper-cased the hex digits\n";
  return out;
}

nlohmann::ordered_json thumbprint_json(const pki::NormalizedThumbprint& t) {
  nlohmann::ordered_json removed = nlohmann::ordered_json::array();
  for (const pki::RemovedCharacter& r : t.removed) {
    removed.push_back({{k::kCodePoint, pki::code_point_text(r.code_point)},
                       {k::kName, r.name},
                       {k::kPositions, r.positions}});
  }
  nlohmann::ordered_json out;
  out[k::kSchema] = k::kSchemaVersion;
  out[k::kCommand] = "thumbprint";
  out[k::kThumbprint] = t.hex;
  out[k::kAlgorithm] = t.algorithm;
  out[k::kHexDigits] = t.hex.size();
  out[k::kRemoved] = std::move(removed);
  out[k::kLowercaseChanged] = t.lowercase_changed;
  return out;
}

std::string render_thumbprint_json(const pki::NormalizedThumbprint& t) { return json_text(thumbprint_json(t)); }

}  // namespace uccert::report
