#include "uccert/names/idna.h"

#include <idn2.h>

#include <memory>

namespace uccert::names {
namespace {

struct Idn2Free {
  void operator()(char* p) const { idn2_free(p); }
};
using Idn2String = std::unique_ptr<char, Idn2Free>;

}  // namespace

bool has_non_ascii(std::string_view name) {
  for (char c : name)
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  return false;
}

Result<std::string> to_a_label(std::string_view name) {
  if (!has_non_ascii(name)) {
    std::string out(name);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  // idn2 takes a NUL-terminated string: an embedded NUL would silently cut the name short.
  if (name.find('\0') != std::string_view::npos) return Error{"it contains a NUL character"};
  const std::string input(name);
  char* raw = nullptr;
  // IDN2_NONTRANSITIONAL selects UTS #46 processing with transitional=false (what Chrome, Firefox
  // and Safari do: "faß.de" stays "xn--fa-hia.de"); IDN2_NFC_INPUT normalises first.
  const int rc = idn2_to_ascii_8z(input.c_str(), &raw, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
  Idn2String converted(raw);
  if (rc != IDN2_OK || !converted) return Error{idn2_strerror(rc)};
  return std::string(converted.get());
}

}  // namespace uccert::names
