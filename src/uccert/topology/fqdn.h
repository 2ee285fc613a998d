// Host names as the topology compares them: ASCII case-insensitive, a trailing dot ignored.
#pragma once

#include <string>
#include <string_view>

namespace uccert::topology {

bool same_fqdn(std::string_view a, std::string_view b);
std::string lower_fqdn(std::string_view fqdn);  // lower case, without a trailing dot

}  // namespace uccert::topology
