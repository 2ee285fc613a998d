// The renderer registry: each output format is one function from a Report to bytes, and nothing
// else (renderers never judge). A new format is one entry here (SARIF, Nagios, Prometheus, HTML
// next); a command offers the formats the registry has for its report.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "uccert/report/report.h"

namespace uccert::report {

struct RenderStyle {
  bool color = false;     // ANSI colour (only ever set for a terminal that wants it)
  std::size_t width = 0;  // a terminal's width: text output wraps its prose there (0: no wrapping)
};

struct Renderer {
  std::string_view format;  // "text", "json"
  std::string (*render)(const Report& report, const RenderStyle& style);
};

std::span<const Renderer> renderers();
const Renderer* find_renderer(std::string_view format);

// The report in `format`; nullopt when no renderer has that name.
std::optional<std::string> render(const Report& report, std::string_view format, const RenderStyle& style = {});

}  // namespace uccert::report
