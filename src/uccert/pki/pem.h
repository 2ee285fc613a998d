// PEM framing (RFC 7468): finds every "-----BEGIN X-----" ... "-----END X-----" block in a text,
// tolerating text before and between blocks, CRLF line ends and RFC 1421 header lines.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "uccert/pki/certificate.h"
#include "uccert/pki/error.h"

namespace uccert::pki {

struct PemBlock {
  std::string label;      // "CERTIFICATE", "PKCS7", "CERTIFICATE REQUEST", "PRIVATE KEY"...
  Bytes der;              // the decoded base64 body
  std::size_t line = 0;   // line of the BEGIN line, from 1
};

// True when the text holds a PEM BEGIN line.
bool looks_like_pem(std::string_view text);

// Every block in order. Errors name the block by its position and line ("block 2 (line 31):
// no END line: the file is truncated").
Result<std::vector<PemBlock>> parse_pem(std::string_view text);

// Decodes base64 with whitespace (spaces, tabs, CR, LF) ignored; nullopt-like error when a
// character is outside the alphabet or the padding is wrong.
Result<Bytes> decode_base64(std::string_view text);

}  // namespace uccert::pki
