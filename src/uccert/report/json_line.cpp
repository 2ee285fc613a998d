#include "uccert/report/json_line.h"

#include <string_view>

namespace uccert::report {

namespace {

using Json = nlohmann::ordered_json;

bool plain_ascii(std::string_view s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') return false;
  }
  return true;
}

void append_string(std::string& out, const std::string& s) {
  if (plain_ascii(s)) {
    out += '"';
    out += s;
    out += '"';
    return;
  }
  out += Json(s).dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

void append_json_line(std::string& out, const Json& j) {
  switch (j.type()) {
    case Json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, value] : j.items()) {
        if (!first) out += ',';
        first = false;
        append_string(out, key);
        out += ':';
        append_json_line(out, value);
      }
      out += '}';
      return;
    }
    case Json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& value : j) {
        if (!first) out += ',';
        first = false;
        append_json_line(out, value);
      }
      out += ']';
      return;
    }
    case Json::value_t::string: append_string(out, j.get_ref<const std::string&>()); return;
    case Json::value_t::boolean: out += j.get<bool>() ? "true" : "false"; return;
    case Json::value_t::null: out += "null"; return;
    case Json::value_t::number_integer: out += std::to_string(j.get<std::int64_t>()); return;
    case Json::value_t::number_unsigned: out += std::to_string(j.get<std::uint64_t>()); return;
    default: out += j.dump(-1, ' ', false, Json::error_handler_t::replace); return;  // floats, binary, discarded
  }
}

}  // namespace uccert::report
