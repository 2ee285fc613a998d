// uccert's version as the build knows it (CMake's project version), for reports that name the
// tool that wrote them (the HTML footer, SARIF's tool.driver).
#pragma once

#include <string_view>

namespace uccert::report {

std::string_view uccert_version();

}  // namespace uccert::report
