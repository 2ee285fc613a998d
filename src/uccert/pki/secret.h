// A secret (a PKCS#12 password) that is wiped from memory when it goes away. It is never
// printed, never logged and never passed on a command line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace uccert::pki {

class Secret {
 public:
  Secret() = default;
  // Copies `text` and wipes the caller's string (its whole capacity, so a short string's inline
  // buffer is cleared too).
  explicit Secret(std::string&& text);
  Secret(const char* data, std::size_t size);
  ~Secret();

  Secret(Secret&& other) noexcept;
  Secret& operator=(Secret&& other) noexcept;
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  // Copies `text` (a literal in a test, or a value whose owner wipes it): `options.password =
  // "S3cret!"`. The old value is wiped first.
  Secret& operator=(std::string_view text);

  std::string_view view() const { return {buffer_.data(), buffer_.size()}; }
  const char* data() const { return buffer_.c_str(); }
  std::size_t size() const { return buffer_.size(); }
  bool empty() const { return buffer_.empty(); }

 private:
  void assign(const char* data, std::size_t size);
  std::string buffer_;
};

// Overwrites every byte of `s` (its capacity, not just its size) and empties it.
void wipe(std::string& s) noexcept;
// Overwrites `size` bytes at `data`.
void wipe(void* data, std::size_t size) noexcept;

}  // namespace uccert::pki
