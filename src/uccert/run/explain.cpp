#include "uccert/run/explain.h"

namespace uccert::run {

Result<rules::Explanation> run_explain(const std::string& text) {
  if (auto e = rules::explain(text)) return *e;
  return Error{"'" + text +
               "' is not an ms-diagnostics header, HRESULT or certificate event id that uccert knows"};
}

}  // namespace uccert::run
