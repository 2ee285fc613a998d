// Which client profiles a run judges for.
#pragma once

#include <string>
#include <vector>

#include "uccert/pki/error.h"
#include "uccert/profiles/client_profile.h"

namespace uccert::profiles {

// The given ids in the order given (each once), or every profile of `set` when `ids` is empty.
// An unknown id is an error naming it and the known ones.
Result<std::vector<const ClientProfile*>> select_profiles(const ProfileSet& set, const std::vector<std::string>& ids);

}  // namespace uccert::profiles
