#include "uccert/pki/thumbprint.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>

namespace uccert::pki {

namespace {

struct Removable {
  char32_t cp;
  const char* name;
};

// Characters a copy from the certificate dialog, a mail or a web page leaves around the digits.
constexpr std::array kRemovable = {
    Removable{0x0009, "CHARACTER TABULATION"},
    Removable{0x000A, "LINE FEED"},
    Removable{0x000D, "CARRIAGE RETURN"},
    Removable{0x0020, "SPACE"},
    Removable{0x002D, "HYPHEN-MINUS"},
    Removable{0x003A, "COLON"},
    // A U+200E mark turned into "?" by a console without Unicode (PS-07).
    Removable{0x003F, "QUESTION MARK"},
    Removable{0x00A0, "NO-BREAK SPACE"},
    Removable{0x00AD, "SOFT HYPHEN"},
    Removable{0x180E, "MONGOLIAN VOWEL SEPARATOR"},
    Removable{0x2000, "EN QUAD"},
    Removable{0x2001, "EM QUAD"},
    Removable{0x2002, "EN SPACE"},
    Removable{0x2003, "EM SPACE"},
    Removable{0x2004, "THREE-PER-EM SPACE"},
    Removable{0x2005, "FOUR-PER-EM SPACE"},
    Removable{0x2006, "SIX-PER-EM SPACE"},
    Removable{0x2007, "FIGURE SPACE"},
    Removable{0x2008, "PUNCTUATION SPACE"},
    Removable{0x2009, "THIN SPACE"},
    Removable{0x200A, "HAIR SPACE"},
    Removable{0x200B, "ZERO WIDTH SPACE"},
    Removable{0x200C, "ZERO WIDTH NON-JOINER"},
    Removable{0x200D, "ZERO WIDTH JOINER"},
    Removable{0x200E, "LEFT-TO-RIGHT MARK"},
    Removable{0x200F, "RIGHT-TO-LEFT MARK"},
    Removable{0x2028, "LINE SEPARATOR"},
    Removable{0x2029, "PARAGRAPH SEPARATOR"},
    Removable{0x202A, "LEFT-TO-RIGHT EMBEDDING"},
    Removable{0x202B, "RIGHT-TO-LEFT EMBEDDING"},
    Removable{0x202C, "POP DIRECTIONAL FORMATTING"},
    Removable{0x202D, "LEFT-TO-RIGHT OVERRIDE"},
    Removable{0x202E, "RIGHT-TO-LEFT OVERRIDE"},
    Removable{0x202F, "NARROW NO-BREAK SPACE"},
    Removable{0x205F, "MEDIUM MATHEMATICAL SPACE"},
    Removable{0x2060, "WORD JOINER"},
    Removable{0x2066, "LEFT-TO-RIGHT ISOLATE"},
    Removable{0x2067, "RIGHT-TO-LEFT ISOLATE"},
    Removable{0x2068, "FIRST STRONG ISOLATE"},
    Removable{0x2069, "POP DIRECTIONAL ISOLATE"},
    Removable{0x3000, "IDEOGRAPHIC SPACE"},
    Removable{0xFEFF, "ZERO WIDTH NO-BREAK SPACE"},
};

const char* removable_name(char32_t cp) {
  for (const Removable& r : kRemovable) {
    if (r.cp == cp) return r.name;
  }
  return nullptr;
}

// Decodes one UTF-8 sequence at `at`; nullopt on malformed input (overlong, surrogate, cut short).
std::optional<char32_t> next_code_point(std::string_view s, std::size_t& at) {
  const auto b0 = static_cast<unsigned char>(s[at]);
  if (b0 < 0x80) {
    ++at;
    return b0;
  }
  std::size_t len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) { len = 2; cp = b0 & 0x1FU; min = 0x80; }
  else if ((b0 & 0xF0) == 0xE0) { len = 3; cp = b0 & 0x0FU; min = 0x800; }
  else if ((b0 & 0xF8) == 0xF0) { len = 4; cp = b0 & 0x07U; min = 0x10000; }
  else return std::nullopt;
  if (at + len > s.size()) return std::nullopt;
  for (std::size_t i = 1; i < len; ++i) {
    const auto b = static_cast<unsigned char>(s[at + i]);
    if ((b & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (b & 0x3FU);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  at += len;
  return cp;
}

bool is_hex(char32_t cp) {
  return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'F') || (cp >= 'a' && cp <= 'f');
}

std::string describe(char32_t cp) {
  std::string out = code_point_text(cp);
  if (cp >= 0x21 && cp < 0x7F) out += std::string(" '") + static_cast<char>(cp) + "'";
  return out;
}

}  // namespace

std::string code_point_text(char32_t cp) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string hex;
  for (char32_t v = cp; v != 0 || hex.size() < 4; v >>= 4) hex.insert(hex.begin(), kDigits[v & 0xFU]);
  return "U+" + hex;
}

Result<NormalizedThumbprint> normalize_thumbprint(std::string_view utf8) {
  NormalizedThumbprint out;
  std::size_t at = 0;
  std::size_t position = 0;
  while (at < utf8.size()) {
    ++position;
    std::optional<char32_t> cp = next_code_point(utf8, at);
    if (!cp) {
      return Error{"not a thumbprint: invalid UTF-8 at byte " + std::to_string(at + 1)};
    }
    if (is_hex(*cp)) {
      char c = static_cast<char>(*cp);
      if (c >= 'a' && c <= 'f') {
        c = static_cast<char>(c - 'a' + 'A');
        out.lowercase_changed = true;
      }
      out.hex.push_back(c);
      continue;
    }
    const char* name = removable_name(*cp);
    if (name == nullptr) {
      return Error{"not a thumbprint: character " + std::to_string(position) + " is " + describe(*cp) +
                   ", not a hex digit"};
    }
    auto it = std::find_if(out.removed.begin(), out.removed.end(),
                           [&](const RemovedCharacter& r) { return r.code_point == *cp; });
    if (it == out.removed.end()) {
      out.removed.push_back(RemovedCharacter{*cp, name, {}});
      it = out.removed.end() - 1;
    }
    it->positions.push_back(position);
  }
  if (out.hex.size() == 40) {
    out.algorithm = "SHA-1";
  } else if (out.hex.size() == 64) {
    out.algorithm = "SHA-256";
  } else {
    return Error{"not a thumbprint: " + std::to_string(out.hex.size()) +
                 " hex digits; a thumbprint has 40 (SHA-1) or 64 (SHA-256)"};
  }
  return out;
}

}  // namespace uccert::pki
