#include "uccert/profiles/select.h"

#include <algorithm>

namespace uccert::profiles {

Result<std::vector<const ClientProfile*>> select_profiles(const ProfileSet& set, const std::vector<std::string>& ids) {
  std::vector<const ClientProfile*> out;
  if (ids.empty()) {
    for (const auto& p : set.profiles) out.push_back(&p);
    return out;
  }
  for (const auto& id : ids) {
    const auto* p = set.find(id);
    if (p == nullptr) {
      std::string known;
      for (const auto& q : set.profiles) known += (known.empty() ? "" : ", ") + q.id;
      return Error{"unknown profile id \"" + id + "\" (known: " + known + ")"};
    }
    if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  }
  return out;
}

}  // namespace uccert::profiles
