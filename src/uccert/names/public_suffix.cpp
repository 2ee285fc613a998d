#include "uccert/names/public_suffix.h"

#include <libpsl.h>

#include <memory>
#include <string>

namespace uccert::names {
namespace {

struct PslFree {
  void operator()(psl_ctx_t* p) const { psl_free(p); }
};

// psl_latest loads the distribution file when it is newer than the built-in list, else it
// returns the built-in one; it is read once and kept for the process (thread-safe static).
const psl_ctx_t* list() {
  static const std::unique_ptr<psl_ctx_t, PslFree> latest(psl_latest(nullptr));
  if (latest) return latest.get();
  return psl_builtin();
}

}  // namespace

bool is_registry_controlled(std::string_view domain) {
  const psl_ctx_t* psl = list();
  if (psl == nullptr || domain.empty()) return false;
  const std::string name(domain);
  // PSL_TYPE_ICANN keeps the implicit "*" rule: an unknown top-level domain is a suffix too.
  return psl_is_public_suffix2(psl, name.c_str(), PSL_TYPE_ICANN) != 0;
}

}  // namespace uccert::names
