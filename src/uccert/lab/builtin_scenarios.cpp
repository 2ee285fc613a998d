#include <string_view>

#include "uccert/lab/scenario.h"

namespace uccert::embedded {
extern const std::string_view lab_healthy_toml;         // data/lab/healthy.toml, generated at build
extern const std::string_view lab_field_mistakes_toml;  // data/lab/field-mistakes.toml
}  // namespace uccert::embedded

namespace uccert::lab {

const std::vector<std::pair<std::string_view, std::string_view>>& builtin_scenarios() {
  static const std::vector<std::pair<std::string_view, std::string_view>> kScenarios = {
      {"healthy", embedded::lab_healthy_toml},
      {"field-mistakes", embedded::lab_field_mistakes_toml},
  };
  return kScenarios;
}

}  // namespace uccert::lab
