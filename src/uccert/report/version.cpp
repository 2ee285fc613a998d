#include "uccert/report/version.h"

namespace uccert::report {

std::string_view uccert_version() { return UCCERT_VERSION; }

}  // namespace uccert::report
