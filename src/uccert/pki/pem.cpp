#include "uccert/pki/pem.h"

#include <openssl/evp.h>

#include <algorithm>
#include <string>

namespace uccert::pki {

namespace {

constexpr std::string_view kBegin = "-----BEGIN ";
constexpr std::string_view kEnd = "-----END ";
constexpr std::string_view kDashes = "-----";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

bool is_base64_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/' || c == '=';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Splits on '\n' keeping everything else; a trailing '\r' is removed by trim().
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

// "-----BEGIN CERTIFICATE-----" -> "CERTIFICATE"; empty when the line is not such a marker.
std::string_view marker_label(std::string_view line, std::string_view prefix) {
  // Some tools indent or prefix markers; accept a marker anywhere on the line.
  std::size_t at = line.find(prefix);
  if (at == std::string_view::npos) return {};
  std::string_view rest = line.substr(at + prefix.size());
  std::size_t close = rest.find(kDashes);
  if (close == std::string_view::npos) return {};
  return rest.substr(0, close);
}

}  // namespace

bool looks_like_pem(std::string_view text) { return text.find(kBegin) != std::string_view::npos; }

Result<Bytes> decode_base64(std::string_view text) {
  std::string clean;
  clean.reserve(text.size());
  for (char c : text) {
    if (is_space(c)) continue;
    if (!is_base64_char(c)) {
      return Error{std::string("invalid base64 character ") +
                   (static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7F
                        ? "'" + std::string(1, c) + "'"
                        : "0x" + std::to_string(static_cast<unsigned char>(c)))};
    }
    clean.push_back(c);
  }
  if (clean.empty()) return Error{"no base64 data"};
  if (clean.size() % 4 != 0) return Error{"base64 data is cut short (length not a multiple of 4)"};
  std::size_t pad = 0;
  while (pad < clean.size() && pad < 3 && clean[clean.size() - 1 - pad] == '=') ++pad;
  if (pad > 2 || clean.find('=') < clean.size() - pad) return Error{"misplaced base64 padding"};
  if (clean.size() > static_cast<std::size_t>(INT32_MAX)) return Error{"base64 data too large"};
  Bytes out(clean.size() / 4 * 3);
  int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(clean.data()),
                          static_cast<int>(clean.size()));
  if (n < 0) return Error{"invalid base64"};
  // EVP_DecodeBlock counts padding as zero bytes.
  out.resize(static_cast<std::size_t>(n) - pad);
  return out;
}

Result<std::vector<PemBlock>> parse_pem(std::string_view text) {
  std::vector<PemBlock> blocks;
  std::vector<std::string_view> lines = split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view label = marker_label(lines[i], kBegin);
    if (label.empty()) continue;
    const std::size_t begin_line = i + 1;
    const std::size_t number = blocks.size() + 1;
    const std::string where =
        "PEM block " + std::to_string(number) + " (" + std::string(label) + ", line " + std::to_string(begin_line) + ")";
    std::string body;
    bool ended = false;
    bool headers = true;  // RFC 1421 "Name: value" lines may precede the body
    for (++i; i < lines.size(); ++i) {
      std::string_view line = trim(lines[i]);
      std::string_view end_label = marker_label(line, kEnd);
      if (!end_label.empty()) {
        if (end_label != label) {
          return Error{where + ": ends with END " + std::string(end_label)};
        }
        ended = true;
        break;
      }
      if (!marker_label(line, kBegin).empty()) {
        return Error{where + ": no END line before the next BEGIN line (line " + std::to_string(i + 1) +
                     "): the block is truncated"};
      }
      if (headers && line.find(':') != std::string_view::npos) continue;
      if (!line.empty()) headers = false;
      body.append(line);
    }
    if (!ended) return Error{where + ": no END line: the file is truncated"};
    Result<Bytes> der = decode_base64(body);
    if (!der) return Error{where + ": " + der.error().message};
    blocks.push_back(PemBlock{std::string(label), std::move(der.value()), begin_line});
  }
  return blocks;
}

}  // namespace uccert::pki
