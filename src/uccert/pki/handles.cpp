#include "uccert/pki/handles.h"

#include <openssl/err.h>

#include <string>

namespace uccert::pki {

std::string drain_openssl_errors() {
  std::string out;
  const char* file = nullptr;
  int line = 0;
  const char* func = nullptr;
  const char* data = nullptr;
  int flags = 0;
  // Bounded: a queue longer than this is noise, and the loop must end even on a corrupt queue.
  for (int i = 0; i < 64; ++i) {
    unsigned long code = ERR_get_error_all(&file, &line, &func, &data, &flags);
    if (code == 0) break;
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
    if (data != nullptr && (flags & ERR_TXT_STRING) != 0 && data[0] != '\0') {
      out += " (";
      out += data;
      out += ")";
    }
  }
  ERR_clear_error();
  return out;
}

}  // namespace uccert::pki
