#include "uccert/pki/secret.h"

#include <openssl/crypto.h>

namespace uccert::pki {

namespace {

// Large enough for any password a person types, so the buffer never reallocates (a reallocation
// would leave a copy behind in freed memory).
constexpr std::size_t kReserve = 256;

}  // namespace

void wipe(void* data, std::size_t size) noexcept {
  if (data != nullptr && size != 0) OPENSSL_cleanse(data, size);
}

void wipe(std::string& s) noexcept {
  // capacity() excludes the terminating NUL; cleanse it too.
  wipe(s.data(), s.capacity() + 1);
  s.clear();
}

Secret::Secret(std::string&& text) {
  assign(text.data(), text.size());
  wipe(text);
}

Secret::Secret(const char* data, std::size_t size) { assign(data, size); }

Secret::~Secret() { wipe(buffer_); }

Secret::Secret(Secret&& other) noexcept {
  // Copy-then-wipe rather than std::string's move: a moved-from short string keeps its bytes.
  try {
    assign(other.buffer_.data(), other.buffer_.size());
  } catch (...) {
    buffer_.clear();
  }
  wipe(other.buffer_);
}

Secret& Secret::operator=(Secret&& other) noexcept {
  if (this != &other) {
    wipe(buffer_);
    try {
      assign(other.buffer_.data(), other.buffer_.size());
    } catch (...) {
      buffer_.clear();
    }
    wipe(other.buffer_);
  }
  return *this;
}

Secret& Secret::operator=(std::string_view text) {
  if (text.data() == buffer_.data()) return *this;  // s = s.view(): already held
  assign(text.data(), text.size());
  return *this;
}

void Secret::assign(const char* data, std::size_t size) {
  wipe(buffer_);
  buffer_.reserve(size > kReserve ? size : kReserve);
  buffer_.assign(data, size);
}

}  // namespace uccert::pki
