#include "uccert/rules/registry.h"

#include <set>
#include <stdexcept>
#include <string>

namespace uccert::rules {

namespace {

std::vector<const Rule*> build() {
  std::vector<const Rule*> all;
  // The families, in the order their findings are listed in a report.
  for (auto family : {names_rules(), um_rules(), trust_rules(), chain_rules(), time_rules(), eku_rules(),
                      key_rules(), ext_rules(), revocation_rules(), path_rules()})
    for (const auto& r : family) all.push_back(&r);
  // As zlint's registry: an empty or duplicate id is a broken invariant, caught at start-up.
  std::set<std::string_view> ids;
  for (const auto* r : all) {
    if (r->descriptor.id.empty() || r->check == nullptr)
      throw std::logic_error("rule registry: a rule without id or check function");
    if (!ids.insert(r->descriptor.id).second)
      throw std::logic_error("rule registry: duplicate rule id " + std::string(r->descriptor.id));
  }
  return all;
}

}  // namespace

const std::vector<const Rule*>& all_rules() {
  static const std::vector<const Rule*> rules = build();
  return rules;
}

const Rule* find_rule(std::string_view id) {
  for (const auto* r : all_rules())
    if (r->descriptor.id == id) return r;
  return nullptr;
}

}  // namespace uccert::rules
