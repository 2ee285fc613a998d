#include "uccert/topology/fqdn.h"

namespace uccert::topology {

std::string lower_fqdn(std::string_view fqdn) {
  if (!fqdn.empty() && fqdn.back() == '.') fqdn.remove_suffix(1);
  std::string out(fqdn);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool same_fqdn(std::string_view a, std::string_view b) { return lower_fqdn(a) == lower_fqdn(b); }

}  // namespace uccert::topology
